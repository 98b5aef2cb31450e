package wsframe

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maskBytewise is the textbook definition of RFC 6455 §5.3.
func maskBytewise(key [4]byte, pos int, b []byte) {
	for i := range b {
		b[i] ^= key[(pos+i)&3]
	}
}

func TestMaskCorpus(t *testing.T) {
	// A masked Pong and a masked Close of node-ping-pong-close-codes (stream 0,
	// client), and their payloads as the server echoed them unmasked.
	tests := []struct{ key, masked, want string }{
		{"109aa3f3", "60f3cd943deac28a7cf5c2973dab91c0", "70696e672d7061796c6f61642d313233"},
		{"2dd452db", "2e3c3cb45fb933b70db73eb45ea120be", "03e86e6f726d616c20636c6f73757265"},
	}
	for _, tt := range tests {
		key := [4]byte(unhex(t, tt.key))
		b := unhex(t, tt.masked)
		assert.Equal(t, len(b)&3, Mask(key, 0, b))
		assert.Equal(t, tt.want, fmt.Sprintf("%x", b))
	}
}

func TestMaskMatchesBytewise(t *testing.T) {
	key := [4]byte{0x12, 0x34, 0x56, 0x78}
	src := make([]byte, 131)
	for i := range src {
		src[i] = byte(i*7 + 3)
	}
	for n := 0; n <= len(src); n++ {
		for pos := range 4 {
			got := bytes.Clone(src[:n])
			want := bytes.Clone(src[:n])
			next := Mask(key, pos, got)
			maskBytewise(key, pos, want)
			require.Equal(t, want, got, "n=%d pos=%d", n, pos)
			require.Equal(t, (pos+n)&3, next, "n=%d pos=%d", n, pos)
		}
	}
}

func TestMaskInPieces(t *testing.T) {
	key := [4]byte{0xa1, 0xb2, 0xc3, 0xd4}
	src := bytes.Repeat([]byte("piecewise unmasking of a payload "), 9)
	want := bytes.Clone(src)
	maskBytewise(key, 0, want)
	for _, cuts := range [][]int{{1}, {3, 5}, {7, 8, 9, 40}, {33, 34, 100, 101, 297}} {
		got := bytes.Clone(src)
		pos, prev := 0, 0
		for _, c := range append(cuts, len(got)) {
			pos = Mask(key, pos, got[prev:c])
			prev = c
		}
		assert.Equal(t, want, got, "cuts %v", cuts)
	}
}

func TestMaskPosOutOfRange(t *testing.T) {
	key := [4]byte{1, 2, 3, 4}
	a, b := []byte{0, 0, 0}, []byte{0, 0, 0}
	assert.Equal(t, Mask(key, 1, a), Mask(key, 5, b))
	assert.Equal(t, a, b)
	assert.Equal(t, []byte{2, 3, 4}, a)
}

func TestMaskAllocs(t *testing.T) {
	b := make([]byte, 4096)
	key := [4]byte{1, 2, 3, 4}
	assert.Zero(t, testing.AllocsPerRun(100, func() { Mask(key, 1, b) }))
}

func BenchmarkMask(b *testing.B) {
	key := [4]byte{0x12, 0x34, 0x56, 0x78}
	for _, size := range []int{15, 125, 1500, 64 << 10} {
		buf := make([]byte, size)
		b.Run(fmt.Sprintf("Mask/%d", size), func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				Mask(key, 0, buf)
			}
		})
		b.Run(fmt.Sprintf("Bytewise/%d", size), func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				maskBytewise(key, 0, buf)
			}
		})
		dst := make([]byte, size)
		b.Run(fmt.Sprintf("Copy/%d", size), func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				copy(dst, buf)
			}
		})
	}
}
