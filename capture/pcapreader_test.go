package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/gopacket/pcapgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readerKinds wrap a capture in readers that take the pcap reader through
// its paths: sized to a capture in memory, large chunks, and reads that
// return less than asked, so records straddle every buffer boundary.
var readerKinds = []struct {
	name string
	wrap func([]byte) io.Reader
}{
	{"bytes.Reader", func(b []byte) io.Reader { return bytes.NewReader(b) }},
	{"plain", func(b []byte) io.Reader { return struct{ io.Reader }{bytes.NewReader(b)} }},
	{"one byte", func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) }},
	{"half", func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) }},
	{"data with EOF", func(b []byte) io.Reader { return iotest.DataErrReader(bytes.NewReader(b)) }},
}

// manyRecords is a little-endian microsecond capture larger than the
// in-memory buffer, with records of every size up to MaxRecordSize, so
// records straddle chunk ends and the buffer has to grow.
// longRecords are records longer than a chunk's room for the start of a
// record cut at its end (64 KiB), of every length up to MaxRecordSize, so
// that chunked reading cuts many of them.
func longRecords() []byte {
	var recs []record
	for i := range 60 {
		size := 64<<10 + 1 + i*(MaxRecordSize-64<<10-1)/59 - i%7
		data := make([]byte, size)
		for j := range data {
			data[j] = byte(i + j*13)
		}
		recs = append(recs, record{ts: t0.Add(time.Duration(i) * time.Millisecond), data: data})
		recs = append(recs, record{ts: t0, data: data[:i*31]})
	}
	return pcapBytes(binary.LittleEndian, false, 1, recs...)
}

func manyRecords() []byte {
	var recs []record
	for i := range 3000 {
		size := i % 1600
		switch i {
		case 1000:
			size = 70000
		case 2000:
			size = MaxRecordSize
		case 2500:
			size = 0
		}
		data := make([]byte, size)
		for j := range data {
			data[j] = byte(i + j)
		}
		recs = append(recs, record{ts: t0.Add(time.Duration(i) * time.Millisecond), data: data, orig: size + i%3})
	}
	return pcapBytes(binary.LittleEndian, false, 1, recs...)
}

// pcapCases returns the captures of the differential test: the corpus of
// the module's testdata and crafted ones, damaged ones among them.
func pcapCases(t *testing.T) map[string][]byte {
	t.Helper()
	cases := map[string][]byte{}
	for _, pattern := range []string{"../testdata/*.pcap"} {
		files, err := filepath.Glob(pattern)
		require.NoError(t, err)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			switch string(b[:4]) { // some are pcapng despite their name
			case magicMicroLE, magicMicroBE, magicNanoLE, magicNanoBE:
				cases[f] = b
			}
		}
	}
	two := []record{{ts: t0, data: []byte("0123456789"), orig: 60}, {ts: t0.Add(time.Hour), data: []byte("abcdef")}}
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		for _, nano := range []bool{false, true} {
			cases[fmt.Sprintf("crafted %v nano=%v", order, nano)] = pcapBytes(order, nano, 113, two...)
		}
	}
	cases["many records"] = manyRecords()
	cases["long records"] = longRecords()

	good := pcapBytes(binary.LittleEndian, false, 1, two...)
	damage := func(name string, off int, v uint32) {
		b := append([]byte(nil), good...)
		binary.LittleEndian.PutUint32(b[off:], v)
		cases[name] = b
	}
	const second = 24 + 16 + 10 // offset of the second record
	damage("caplen above origlen", second+8, 7)
	damage("caplen above MaxRecordSize", second+8, MaxRecordSize+1)
	damage("caplen beyond the file", second+8, 100)
	damage("microseconds of 5 s", second+4, 5_000_000) // 32-bit product wraps
	damage("microseconds beyond 32 bits", second+4, 0xffffffff)
	damage("snap length 0", 16, 0)
	damage("snap length below caplen", 16, 4)
	damage("seconds in 2106", second, 0xffffffff)
	cases["cut in a record header"] = good[:second+7]
	cases["cut in record data"] = good[:len(good)-1]
	cases["header only"] = good[:24]
	return cases
}

// TestPcapReaderMatchesPcapgo reads every capture with the Reader and with
// pcapgo, which the Reader used before it had its own pcap reader: the same
// records, with the same data and metadata, and an error where pcapgo has one.
func TestPcapReaderMatchesPcapgo(t *testing.T) {
	for name, b := range pcapCases(t) {
		for _, kind := range readerKinds {
			t.Run(name+"/"+kind.name, func(t *testing.T) {
				matchPcapgo(t, b, kind.wrap(b))
			})
		}
	}
}

// FuzzPcapReaderMatchesPcapgo is TestPcapReaderMatchesPcapgo for any input.
func FuzzPcapReaderMatchesPcapgo(f *testing.F) {
	f.Add(pcapBytes(binary.LittleEndian, false, 1, record{ts: t0, data: []byte("abc")}))
	f.Add(pcapBytes(binary.BigEndian, true, 276, record{ts: t0, data: []byte("abcdef"), orig: 9}, record{ts: t0}))
	if b, err := os.ReadFile("../testdata/node-deflate-window-bits-10-12.pcap"); err == nil {
		f.Add(b[:min(len(b), 2000)])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := NewReader(bytes.NewReader(b)); err != nil || string(b[:4]) == magicNg {
			return
		}
		matchPcapgo(t, b, iotest.HalfReader(bytes.NewReader(b)))
	})
}

// matchPcapgo reads the pcap file b with pcapgo, and with a Reader from r.
func matchPcapgo(t *testing.T, b []byte, r io.Reader) {
	t.Helper()
	want, err := pcapgo.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	// The Reader accepts records up to its own limit, not the file's snap
	// length, as Wireshark does.
	want.SetSnaplen(MaxRecordSize)
	digits := 6
	if m := string(b[:4]); m == magicNanoLE || m == magicNanoBE {
		digits = 9
	}
	got, err := NewReader(r)
	require.NoError(t, err)
	for frame := uint64(1); ; frame++ {
		wdata, wci, werr := want.ZeroCopyReadPacketData()
		data, ci, err := got.Next()
		if werr == io.EOF && wci.CaptureLength == 0 {
			require.Equal(t, io.EOF, err, "frame %d", frame)
			return
		}
		if werr == io.EOF { // pcapgo's way of saying the data is missing
			require.ErrorIs(t, err, ErrTruncatedRecord, "frame %d", frame)
			return
		}
		if werr != nil {
			var fe *FormatError
			require.ErrorAs(t, err, &fe, "frame %d: pcapgo says %v", frame, werr)
			assert.Equal(t, frame-1, fe.Frame)
			return
		}
		require.NoError(t, err, "frame %d", frame)
		require.True(t, bytes.Equal(wdata, data), "frame %d data", frame)
		require.Equal(t, CaptureInfo{
			Frame:           frame,
			Timestamp:       wci.Timestamp,
			CaptureLength:   wci.CaptureLength,
			Length:          wci.Length,
			LinkType:        headerLink(b),
			TimestampDigits: digits,
		}, ci, "frame %d", frame)
	}
}

// headerLink reads the link type of a pcap file header, all 16 bits of it:
// pcapgo keeps only 8.
func headerLink(b []byte) uint16 {
	if b[0] == 0xa1 { // big-endian magic
		return uint16(binary.BigEndian.Uint32(b[20:24]))
	}
	return uint16(binary.LittleEndian.Uint32(b[20:24]))
}

// TestPcapReaderErrors checks every error of a damaged pcap file, whatever
// the reads the input is given in: the sentinel, where, after which frame,
// and the detail, as the Reader reported them when pcapgo read for it.
func TestPcapReaderErrors(t *testing.T) {
	good := pcapBytes(binary.LittleEndian, false, 1, record{ts: t0, data: []byte("0123456789")}, record{ts: t0, data: []byte("abcdef")})
	const second = 24 + 16 + 10 // offset of the second record
	with := func(off int, v uint32) []byte {
		b := append([]byte(nil), good...)
		binary.LittleEndian.PutUint32(b[off:], v)
		return b
	}
	version := func(major, minor uint16) []byte {
		b := append([]byte(nil), good...)
		binary.LittleEndian.PutUint16(b[4:], major)
		binary.LittleEndian.PutUint16(b[6:], minor)
		return b
	}
	for _, tc := range []struct {
		name   string
		data   []byte
		want   error
		frame  uint64
		offset int64
		detail string
	}{
		{"empty", nil, ErrTruncatedRecord, 0, 0, "empty input"},
		{"magic cut short", good[:3], ErrTruncatedRecord, 0, 0, "file header cut short"},
		{"file header cut short", good[:23], ErrTruncatedRecord, 0, 0, "pcap file header cut short"},
		{"major version", version(3, 4), ErrBadMagic, 0, 0, "Unknown major version 3"},
		{"minor version", version(2, 2), ErrBadMagic, 0, 0, "Unknown minor version 2"},
		{"record header cut short", good[:second+15], ErrTruncatedRecord, 1, second, ""},
		{"record data cut short", good[:len(good)-1], ErrTruncatedRecord, 1, second, ""},
		{"record data missing", good[:second+16], ErrTruncatedRecord, 1, second, ""},
		{"caplen above MaxRecordSize", with(second+8, MaxRecordSize+1), ErrRecordTooLarge, 1, second, "record claims 262145 captured bytes (limit 262144)"},
		{"caplen above origlen", with(second+8, 7), ErrBadRecord, 1, second, "capture length exceeds original packet length: 7 > 6"},
		{"first record too large", with(24+8, 0xffffffff), ErrRecordTooLarge, 0, 24, "record claims 4294967295 captured bytes (limit 262144)"},
	} {
		for _, kind := range readerKinds {
			t.Run(tc.name+"/"+kind.name, func(t *testing.T) {
				_, _, err := readAllFrom(t, kind.wrap(tc.data))
				var fe *FormatError
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, &FormatError{Err: tc.want, Offset: tc.offset, Frame: tc.frame, Detail: tc.detail}, fe)
			})
		}
	}
}

// failingReader returns the first n bytes of b, then err.
type failingReader struct {
	b   []byte
	n   int
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, f.err
	}
	k := copy(p[:min(len(p), f.n)], f.b)
	f.b, f.n = f.b[k:], f.n-k
	return k, nil
}

// badCountReader passes good bytes through, then claims to have read more
// than it was given room for.
type badCountReader struct {
	r    io.Reader
	good int
}

func (b *badCountReader) Read(p []byte) (int, error) {
	if b.good == 0 {
		return len(p) + 1, nil
	}
	n, err := b.r.Read(p[:min(len(p), b.good)])
	b.good -= n
	return n, err
}

// TestPcapReaderInputErrors checks what an error of the io.Reader itself
// becomes: NewReader returns it as it is before the magic number; after
// that it is the end of a capture cut short, or a bad record with the
// input's error as detail, at the record it interrupted.
func TestPcapReaderInputErrors(t *testing.T) {
	good := pcapBytes(binary.LittleEndian, false, 1, record{ts: t0, data: []byte("0123456789")}, record{ts: t0, data: []byte("abcdef")})
	const second = 24 + 16 + 10
	failure := errors.New("disk on fire")
	bad := func(detail string) *FormatError {
		return &FormatError{Err: ErrBadRecord, Offset: second, Frame: 1, Detail: detail}
	}
	for _, tc := range []struct {
		name   string
		r      io.Reader
		raw    error        // from NewReader, as the input returned it
		want   *FormatError // or this
		frames int
	}{
		{"before the magic", &failingReader{good, 2, failure}, failure, nil, 0},
		{"in the file header", &failingReader{good, 10, failure}, nil, &FormatError{Err: ErrTruncatedRecord, Detail: "pcap file header cut short"}, 0},
		{"between records", &failingReader{good, second, failure}, nil, bad(failure.Error()), 1},
		{"in a record header", &failingReader{good, second + 3, failure}, nil, bad(failure.Error()), 1},
		{"in record data", &failingReader{good, second + 18, failure}, nil, bad(failure.Error()), 1},
		{"unexpected EOF", &failingReader{good, second + 18, io.ErrUnexpectedEOF}, nil, &FormatError{Err: ErrTruncatedRecord, Offset: second, Frame: 1}, 1},
		{"a format error", &failingReader{good, second, &FormatError{Err: ErrBadMagic, Offset: -1}}, nil, &FormatError{Err: ErrBadMagic, Offset: -1}, 1},
		// Before the pcap reader, these two hung and panicked.
		{"no progress", &failingReader{good, second, nil}, nil, bad(io.ErrNoProgress.Error()), 1},
		{"impossible count", &badCountReader{bytes.NewReader(good), second}, nil, bad(errBadCount.Error()), 1},
		{"impossible count at once", &badCountReader{bytes.NewReader(good), 0}, errBadCount, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cis, _, err := readAllFrom(t, tc.r)
			assert.Len(t, cis, tc.frames)
			if tc.raw != nil {
				assert.Equal(t, tc.raw, err)
				return
			}
			var fe *FormatError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.want, fe)
		})
	}
}

// TestPcapReaderZeroAllocsAcrossChunks reads records that straddle chunk
// ends, from a reader that is not in memory.
func TestPcapReaderZeroAllocsAcrossChunks(t *testing.T) {
	var recs []record
	for i := range 20000 {
		recs = append(recs, record{ts: t0, data: make([]byte, 100+i%200)})
	}
	r, err := NewReader(struct{ io.Reader }{bytes.NewReader(pcapBytes(binary.BigEndian, true, 1, recs...))})
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(10, func() {
		for range 1000 {
			if _, _, err := r.Next(); err != nil {
				t.Fatal(err)
			}
		}
	})
	assert.Zero(t, allocs)
}

func TestPcapReaderLargestRecord(t *testing.T) {
	for _, size := range []int{MaxRecordSize, MaxRecordSize - 1} {
		b := pcapBytes(binary.LittleEndian, false, 1, record{ts: t0, data: []byte("small")}, record{ts: t0, data: bytes.Repeat([]byte{7}, size)})
		for _, kind := range readerKinds {
			cis, datas, err := readAllFrom(t, kind.wrap(b))
			require.NoError(t, err, kind.name)
			require.Len(t, cis, 2, kind.name)
			assert.Equal(t, size, cis[1].CaptureLength, kind.name)
			assert.Equal(t, bytes.Repeat([]byte{7}, size), datas[1], kind.name)
		}
	}
}

// TestBytesReaderMatchesReader reads every case with NewBytesReader and
// with NewReader: the same records, metadata and errors; the records of the
// bytes reader alias its input, stay valid after the next call, and the
// input is left as it was.
func TestBytesReaderMatchesReader(t *testing.T) {
	for name, b := range pcapCases(t) {
		t.Run(name, func(t *testing.T) {
			orig := append([]byte(nil), b...)
			want, wantErr := NewReader(bytes.NewReader(b))
			got, gotErr := NewBytesReader(b)
			require.Equal(t, wantErr, gotErr)
			if wantErr != nil {
				return
			}
			assert.True(t, got.Stable())
			assert.False(t, want.Stable())
			var kept [][]byte
			var copies [][]byte
			for {
				wd, wci, werr := want.Next()
				gd, gci, gerr := got.Next()
				require.Equal(t, werr, gerr)
				if werr != nil {
					break
				}
				require.Equal(t, wci, gci)
				require.Equal(t, wd, gd)
				kept = append(kept, gd)
				copies = append(copies, append([]byte{}, gd...))
			}
			for i := range kept {
				assert.Equal(t, copies[i], kept[i], "record %d still valid", i+1)
			}
			assert.Equal(t, orig, b, "the input is not written to")
		})
	}
	// pcapng goes the usual way
	ng, err := os.ReadFile("../testdata/node-deflate-no-ctx-takeover.pcapng")
	require.NoError(t, err)
	r, err := NewBytesReader(ng)
	require.NoError(t, err)
	assert.False(t, r.Stable())
}
