package capture

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gzipMembers compresses b as one gzip member per part, cut at the given
// offsets: gzip's own output for a file compressed in pieces.
func gzipMembers(tb testing.TB, b []byte, cuts ...int) []byte {
	tb.Helper()
	var out bytes.Buffer
	prev := 0
	for _, c := range append(cuts, len(b)) {
		w := gzip.NewWriter(&out)
		_, err := w.Write(b[prev:c])
		require.NoError(tb, err)
		require.NoError(tb, w.Close())
		prev = c
	}
	return out.Bytes()
}

// compressedCases are captures of each format the reader knows.
var compressedCases = []string{
	"../testdata/node-fragmented-ping-between.pcap", // microseconds
	"../testdata/node-nanosec.pcap",                 // nanoseconds
	"../testdata/node-sll2-any.pcap",                // 16-bit link type
	"../testdata/node-deflate-no-ctx-takeover.pcapng",
}

// TestGzipMatchesPlain reads gzip'd copies of captures, as one member and
// as several, from memory, from a file and in chunks ahead: the same
// records, metadata and end as the plain capture.
func TestGzipMatchesPlain(t *testing.T) {
	dir := t.TempDir()
	for _, path := range compressedCases {
		plain, err := os.ReadFile(path)
		require.NoError(t, err)
		wantCI, wantData, err := readAll(t, plain)
		require.NoError(t, err)
		require.NotEmpty(t, wantCI)
		for _, z := range []struct {
			name string
			b    []byte
		}{
			{"one member", gzipMembers(t, plain)},
			{"three members", gzipMembers(t, plain, 10, len(plain)/2)},
		} {
			t.Run(filepath.Base(path)+"/"+z.name, func(t *testing.T) {
				cis, datas, err := readAll(t, z.b)
				require.NoError(t, err)
				assert.Equal(t, wantCI, cis)
				assert.Equal(t, wantData, datas)

				file := filepath.Join(dir, filepath.Base(path)+".gz")
				require.NoError(t, os.WriteFile(file, z.b, 0o644))
				for _, mode := range chunkModes {
					f, err := os.Open(file)
					require.NoError(t, err)
					r, err := NewReader(f)
					require.NoError(t, err)
					isPcap := r.pcap != nil
					if mode.ahead {
						assert.Equal(t, isPcap, r.ReadAhead(), "read ahead: pcap only")
					}
					if mode.retain {
						assert.Equal(t, isPcap, r.Retain(), "retain: pcap only")
					}
					var ci CaptureInfo
					for i := 0; ; i++ {
						data, err := r.ReadRecord(&ci)
						if err == io.EOF {
							assert.Equal(t, len(wantCI), i, mode.name)
							break
						}
						require.NoError(t, err, mode.name)
						require.Less(t, i, len(wantCI))
						assert.Equal(t, wantCI[i], ci, mode.name)
						assert.Equal(t, wantData[i], data, mode.name)
						r.Release(ci.Frame)
					}
					require.NoError(t, r.Close())
					require.NoError(t, f.Close())
				}
			})
		}
	}
}

// TestGzipDamaged cuts and corrupts gzip'd captures: every record before
// the damage comes out as in the plain capture, then a typed error.
func TestGzipDamaged(t *testing.T) {
	for _, path := range compressedCases {
		plain, err := os.ReadFile(path)
		require.NoError(t, err)
		wantCI, wantData, err := readAll(t, plain)
		require.NoError(t, err)
		z := gzipMembers(t, plain)
		badCRC := bytes.Clone(z)
		badCRC[len(badCRC)-8] ^= 0xff // the CRC-32 of the trailer
		badLen := bytes.Clone(z)
		badLen[len(badLen)-1] ^= 0xff // the size of the trailer
		badBlock := bytes.Clone(z)
		badBlock[10] |= 0x06 // the first deflate block: type 3, reserved
		for _, tc := range []struct {
			name    string
			b       []byte
			want    error
			atLeast int // records before the damage
		}{
			{"cut in the trailer", z[:len(z)-4], ErrTruncatedRecord, len(wantCI) - 1},
			{"cut in the middle", z[:len(z)/2], ErrTruncatedRecord, 1},
			{"cut after the header", z[:12], ErrTruncatedRecord, 0},
			{"bad CRC", badCRC, ErrCorruptCompression, len(wantCI)},
			{"bad length", badLen, ErrCorruptCompression, len(wantCI)},
			{"bad deflate block", badBlock, ErrCorruptCompression, 0},
			{"garbage after the member", append(bytes.Clone(z), "garbage, longer than a gzip header"...), ErrCorruptCompression, len(wantCI)},
		} {
			t.Run(filepath.Base(path)+"/"+tc.name, func(t *testing.T) {
				cis, datas, err := readAll(t, tc.b)
				require.ErrorIs(t, err, tc.want)
				var fe *FormatError
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, uint64(len(cis)), fe.Frame)
				assert.GreaterOrEqual(t, len(cis), tc.atLeast)
				require.LessOrEqual(t, len(cis), len(wantCI))
				require.Len(t, datas, len(cis))
				for i := range cis {
					assert.Equal(t, wantCI[i], cis[i])
					assert.Equal(t, wantData[i], datas[i])
				}
			})
		}
	}
}

// TestCompressedOpenErrors checks what a compressed file that is no
// readable capture gives when it is opened.
func TestCompressedOpenErrors(t *testing.T) {
	plain, err := os.ReadFile("../testdata/node-nanosec.pcap")
	require.NoError(t, err)
	z := gzipMembers(t, plain)
	for _, tc := range []struct {
		name string
		b    []byte
		want error
		msg  string
	}{
		{"zstd", []byte("\x28\xb5\x2f\xfd\x24\x00"), ErrUnsupportedCompression,
			"capture: zstd-compressed capture: not supported, decompress it first (zstd -d)"},
		{"lz4", []byte("\x04\x22\x4d\x18\x64\x40"), ErrUnsupportedCompression,
			"capture: lz4-compressed capture: not supported, decompress it first (lz4 -d)"},
		{"xz", []byte("\xfd7zXZ\x00\x00"), ErrUnsupportedCompression,
			"capture: xz-compressed capture: not supported, decompress it first (xz -d)"},
		{"bzip2", []byte("BZh91AY&SY"), ErrUnsupportedCompression,
			"capture: bzip2-compressed capture: not supported, decompress it first (bzip2 -d)"},
		{"gzip header cut short", z[:6], ErrTruncatedRecord, "gzip header cut short"},
		{"gzip bad header", append([]byte("\x1f\x8b\x07"), z[3:]...), ErrCorruptCompression, "gzip: invalid header"},
		{"gzip of nothing", gzipMembers(t, nil), ErrTruncatedRecord, "empty input"},
		{"gzip of a file header cut short", gzipMembers(t, plain[:3]), ErrTruncatedRecord, "file header cut short"},
		{"gzip of no capture", gzipMembers(t, []byte("GIF89a, not a capture")), ErrBadMagic, "magic 47 49 46 38"},
		{"gzip of gzip", gzipMembers(t, z), ErrBadMagic, "magic 1f 8b 08 00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(tc.b))
			assert.Nil(t, r)
			require.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.msg)
			assert.False(t, errors.Is(err, ErrBadMagic) && tc.want != ErrBadMagic, "not a bad magic: %v", err)
		})
	}
}

// FuzzGzipMatchesPlain reads any input plain and gzip'd in two members:
// the same records and the same end, damage included.
func FuzzGzipMatchesPlain(f *testing.F) {
	for _, path := range compressedCases {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b[:min(len(b), 3000)], uint16(100))
		}
	}
	f.Add(manyRecords()[:5000], uint16(4000))
	f.Fuzz(func(t *testing.T, b []byte, cut uint16) {
		if len(b) >= 4 {
			if format, _ := compression(b); format != "" {
				return // read decompressed, not as it is
			}
		}
		wantCI, wantData, wantErr := readAll(t, b)
		cis, datas, err := readAll(t, gzipMembers(t, b, min(int(cut), len(b))))
		require.Equal(t, wantErr, err)
		require.Equal(t, wantCI, cis)
		require.Equal(t, wantData, datas)
	})
}
