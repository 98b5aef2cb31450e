package wsframe

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseHeader(t *testing.T) {
	// Headers from the corpus (testdata/streams, see extract.py).
	tests := []struct {
		name string
		hex  string
		want Header
	}{
		{"server ping, node-ping-pong-close-codes", "890d7372762d686561727462656174",
			Header{Fin: true, Opcode: OpPing, PayloadLen7: 13, Length: 13, HeaderLen: 2}},
		{"empty masked pong", "8a80ac1a3c34",
			Header{Fin: true, Opcode: OpPong, Masked: true, Key: [4]byte{0xac, 0x1a, 0x3c, 0x34}, HeaderLen: 6}},
		{"masked close", "88902dd452db2e3c",
			Header{Fin: true, Opcode: OpClose, Masked: true, PayloadLen7: 16, Length: 16, Key: [4]byte{0x2d, 0xd4, 0x52, 0xdb}, HeaderLen: 6}},
		{"compressed text, node-deflate-ctx-takeover", "c1f3dc895f99",
			Header{Fin: true, Rsv: 0x4, Opcode: OpText, Masked: true, PayloadLen7: 115, Length: 115, Key: [4]byte{0xdc, 0x89, 0x5f, 0x99}, HeaderLen: 6}},
		{"16-bit length, node-sizes-text", "81fe007e81c41a9c",
			Header{Fin: true, Opcode: OpText, Masked: true, PayloadLen7: 126, Length: 126, Key: [4]byte{0x81, 0xc4, 0x1a, 0x9c}, HeaderLen: 8}},
		{"16-bit length max", "81feffff117cb564",
			Header{Fin: true, Opcode: OpText, Masked: true, PayloadLen7: 126, Length: 65535, Key: [4]byte{0x11, 0x7c, 0xb5, 0x64}, HeaderLen: 8}},
		{"64-bit length, node-sizes-text", "81ff0000000000010000cbd3c447",
			Header{Fin: true, Opcode: OpText, Masked: true, PayloadLen7: 127, Length: 65536, Key: [4]byte{0xcb, 0xd3, 0xc4, 0x47}, HeaderLen: 14}},
		{"unmasked 16-bit, first fragment, go-gorilla-deflate-fragmented", "417e0100",
			Header{Rsv: 0x4, Opcode: OpText, PayloadLen7: 126, Length: 256, HeaderLen: 4}},
		{"continuation", "007e0100",
			Header{Opcode: OpContinuation, PayloadLen7: 126, Length: 256, HeaderLen: 4}},
		{"all RSV bits, reserved opcode", "f3020000",
			Header{Fin: true, Rsv: 0x7, Opcode: 0x3, PayloadLen7: 2, Length: 2, HeaderLen: 2}},
		{"64-bit length, top bit set", "827fffffffffffffffff",
			Header{Fin: true, Opcode: OpBinary, PayloadLen7: 127, Length: ^uint64(0), HeaderLen: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := unhex(t, tt.hex)
			h := Header{Key: [4]byte{9, 9, 9, 9}} // stale values must not survive
			n, err := ParseHeader(b, &h)
			require.NoError(t, err)
			assert.Equal(t, tt.want.HeaderLen, n)
			assert.Equal(t, tt.want, h)
		})
	}
}

func TestParseHeaderShort(t *testing.T) {
	tests := []struct {
		hex  string
		need int
	}{
		{"", 2},
		{"81", 2},
		{"8a80", 6},       // masked: key missing
		{"8a80ac1a3c", 6}, // one key byte missing
		{"817e", 4},       // 16-bit length missing
		{"81fe00", 8},     // 16-bit length and key
		{"817f", 10},      // 64-bit length
		{"81ff0000000000", 14},
		{"81ff0000000000010000cbd3c4", 14},
	}
	for _, tt := range tests {
		b := unhex(t, tt.hex)
		h := Header{Opcode: OpPing}
		n, err := ParseHeader(b, &h)
		assert.ErrorIs(t, err, ErrShortHeader, tt.hex)
		assert.Equal(t, tt.need, n, tt.hex)
		assert.Equal(t, Header{Opcode: OpPing}, h, "h untouched on error")
		// Exactly the announced bytes are enough.
		if len(b) >= 2 {
			full := append(b, make([]byte, n-len(b))...)
			m, err := ParseHeader(full, &h)
			require.NoError(t, err, tt.hex)
			assert.Equal(t, n, m, tt.hex)
		}
	}
}

func TestParseHeaderAllocs(t *testing.T) {
	b := unhex(t, "81ff0000000000010000cbd3c447")
	var h Header
	allocs := testing.AllocsPerRun(1000, func() {
		_, _ = ParseHeader(b, &h)
		_, _ = ParseHeader(b[:3], &h)
	})
	assert.Zero(t, allocs)
}

func BenchmarkParseHeader(b *testing.B) {
	frames := [][]byte{
		{0x81, 0x85, 1, 2, 3, 4},
		{0x82, 0x7e, 0x01, 0x00},
		{0x81, 0xff, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4},
	}
	var h Header
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ParseHeader(frames[i%len(frames)], &h); err != nil {
			b.Fatal(err)
		}
	}
}
