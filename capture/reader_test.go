package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 123456789, time.UTC)

// readAll reads every record; it returns the records and the final error.
func readAll(t *testing.T, b []byte) ([]CaptureInfo, [][]byte, error) {
	t.Helper()
	return readAllFrom(t, bytes.NewReader(b))
}

// readAllFrom is readAll for any io.Reader.
func readAllFrom(t *testing.T, in io.Reader) ([]CaptureInfo, [][]byte, error) {
	t.Helper()
	r, err := NewReader(in)
	if err != nil {
		return nil, nil, err
	}
	var cis []CaptureInfo
	var datas [][]byte
	for {
		data, ci, err := r.Next()
		if err != nil {
			// errors are sticky
			_, _, again := r.Next()
			assert.Equal(t, err, again)
			if err == io.EOF {
				err = nil
			}
			return cis, datas, err
		}
		cis = append(cis, ci)
		datas = append(datas, append([]byte(nil), data...))
	}
}

func TestReaderPcapVariants(t *testing.T) {
	pkt1 := []byte("first packet bytes")
	pkt2 := []byte("second")
	for _, tc := range []struct {
		name   string
		order  binary.ByteOrder
		nano   bool
		want   time.Time
		digits int
	}{
		{"micro-little", binary.LittleEndian, false, t0.Truncate(time.Microsecond), 6},
		{"micro-big", binary.BigEndian, false, t0.Truncate(time.Microsecond), 6},
		{"nano-little", binary.LittleEndian, true, t0, 9},
		{"nano-big", binary.BigEndian, true, t0, 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := pcapBytes(tc.order, tc.nano, 1, record{ts: t0, data: pkt1, orig: 1500}, record{ts: t0.Add(time.Second), data: pkt2})
			cis, datas, err := readAll(t, b)
			require.NoError(t, err)
			require.Len(t, cis, 2)
			assert.Equal(t, CaptureInfo{Frame: 1, Timestamp: tc.want, CaptureLength: len(pkt1), Length: 1500, LinkType: linkEthernet, TimestampDigits: tc.digits}, cis[0])
			assert.Equal(t, uint64(2), cis[1].Frame)
			assert.Equal(t, tc.want.Add(time.Second), cis[1].Timestamp)
			assert.Equal(t, [][]byte{pkt1, pkt2}, datas)
		})
	}
}

func TestReaderPcapngInterfaces(t *testing.T) {
	b := pcapngBytes([]uint16{linkEthernet, linkSLL2, linkRaw},
		record{ts: t0, data: []byte("a"), iface: 0},
		record{ts: t0, data: []byte("bb"), iface: 1},
		record{ts: t0, data: []byte("ccc"), iface: 2},
		record{ts: t0, data: []byte("dddd"), iface: 1})
	cis, datas, err := readAll(t, b)
	require.NoError(t, err)
	require.Len(t, cis, 4)
	var links []uint16
	for i, ci := range cis {
		assert.Equal(t, uint64(i+1), ci.Frame)
		assert.Equal(t, t0.Truncate(time.Microsecond), ci.Timestamp)
		links = append(links, ci.LinkType)
	}
	assert.Equal(t, []uint16{linkEthernet, linkSLL2, linkRaw, linkSLL2}, links)
	assert.Equal(t, 1, cis[3].InterfaceIndex)
	assert.Equal(t, []byte("dddd"), datas[3])
}

func TestReaderCorpusFormats(t *testing.T) {
	for _, tc := range []struct {
		file   string
		frames int
		link   uint16
	}{
		{"../testdata/node-deflate-no-ctx-takeover.pcapng", 47, linkEthernet},
		{"../testdata/node-sll2-any.pcap", 31, linkSLL2},
		{"../testdata/node-nanosec.pcap", 23, linkEthernet},
	} {
		b, err := os.ReadFile(tc.file)
		require.NoError(t, err)
		cis, _, err := readAll(t, b)
		require.NoError(t, err, tc.file)
		require.Len(t, cis, tc.frames, tc.file)
		assert.Equal(t, tc.link, cis[0].LinkType, tc.file)
	}
}

func TestReaderBrokenFiles(t *testing.T) {
	good := pcapBytes(binary.LittleEndian, false, 1, record{ts: t0, data: []byte("0123456789")}, record{ts: t0, data: []byte("abcdef")})
	huge := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(huge[24+16+10+8:], 0x7fffffff) // second record's caplen
	ng := pcapngBytes([]uint16{1}, record{ts: t0, data: []byte("xyz")}, record{ts: t0, data: []byte("uvw")})
	ngAbsurd := append([]byte(nil), ng...)
	second := len(ng) - 36 // start of the last EPB (28 + 4 data + 4 trailer)
	binary.LittleEndian.PutUint32(ngAbsurd[second+4:], 0xfffffff0)
	ngCaplen := append([]byte(nil), ng...)
	binary.LittleEndian.PutUint32(ngCaplen[second+20:], 0x7fffffff)
	ngIDBSnap := pcapngBytes([]uint16{1}, record{ts: t0, data: []byte("xyz")})
	binary.LittleEndian.PutUint32(ngIDBSnap[28+12:], 0xffffffff) // interface snap length

	for _, tc := range []struct {
		name    string
		data    []byte
		want    error
		records int
		offset  int64
	}{
		{"empty", nil, ErrTruncatedRecord, 0, 0},
		{"wrong magic", []byte("GET / HTTP/1.1\r\n\r\nxxxxxxxxxxxxxxx"), ErrBadMagic, 0, 0},
		{"header cut short", good[:20], ErrTruncatedRecord, 0, 0},
		{"record header cut short", good[:24+16+10+5], ErrTruncatedRecord, 1, 50},
		{"record data cut short", good[:len(good)-2], ErrTruncatedRecord, 1, 50},
		{"record claiming 2 GiB", huge, ErrRecordTooLarge, 1, 50},
		{"pcapng block with absurd length", ngAbsurd, ErrBadRecord, 1, int64(second)},
		{"pcapng caplen beyond block", ngCaplen, ErrRecordTooLarge, 1, int64(second)},
		{"pcapng cut in a block", ng[:len(ng)-5], ErrTruncatedRecord, 1, int64(second)},
		{"pcapng bad byte order", append(append([]byte(nil), ng[:8]...), bytes.Repeat([]byte{9}, 40)...), ErrBadMagic, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cis, _, err := readAll(t, tc.data)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			assert.Len(t, cis, tc.records, "records before the damage are returned")
			var fe *FormatError
			require.True(t, errors.As(err, &fe), "%T %v", err, err)
			assert.Equal(t, tc.offset, fe.Offset, fe.Error())
			assert.Contains(t, fe.Error(), "offset")
		})
	}

	t.Run("pcapng huge interface snap length", func(t *testing.T) {
		cis, datas, err := readAll(t, ngIDBSnap)
		require.NoError(t, err)
		require.Len(t, cis, 1)
		assert.Equal(t, []byte("xyz"), datas[0])
	})
}

func TestReaderZeroAllocs(t *testing.T) {
	b, err := os.ReadFile("../testdata/node-nanosec.pcap")
	require.NoError(t, err)
	br := bytes.NewReader(b)
	r, err := NewReader(br)
	require.NoError(t, err)
	_, _, err = r.Next()
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(10, func() {
		if _, _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
}

// TestReaderTimestampDigits checks the decimals tshark prints times with:
// those of the pcap magic, or of the pcapng interface's if_tsresol.
func TestReaderTimestampDigits(t *testing.T) {
	for _, tc := range []struct {
		file   string
		digits int
	}{
		{"../testdata/node-fragmented-ping-between.pcap", 6},
		{"../testdata/node-nanosec.pcap", 9},
		{"../testdata/node-deflate-no-ctx-takeover.pcapng", 9},
	} {
		f, err := os.Open(tc.file)
		require.NoError(t, err)
		r, err := NewReader(f)
		require.NoError(t, err)
		_, ci, err := r.Next()
		require.NoError(t, err)
		assert.Equal(t, tc.digits, ci.TimestampDigits, tc.file)
		f.Close()
	}
}
