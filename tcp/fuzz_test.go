package tcp

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReader feeds arbitrary bytes to the capture reader: it must never
// panic, and must stop with io.EOF or an error within a bounded number of records.
func FuzzReader(f *testing.F) {
	f.Add(pcapBytes(binary.LittleEndian, false, 1, record{ts: t0, data: []byte("abc")}))
	f.Add(pcapBytes(binary.BigEndian, true, 276, record{ts: t0, data: []byte("abcdef")}))
	f.Add(pcapngBytes([]uint16{1, 276}, record{ts: t0, data: []byte("x"), iface: 1}))
	if b, err := os.ReadFile("testdata/node-deflate-window-bits-10-12.pcap"); err == nil {
		f.Add(b[:min(len(b), 2000)])
	}
	if b, err := os.ReadFile("testdata/node-deflate-no-ctx-takeover.pcapng"); err == nil {
		f.Add(b[:min(len(b), 2000)])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := NewReader(bytes.NewReader(b))
		if err != nil {
			return
		}
		d := NewDecoder()
		tab := NewTable(TableConfig{MaxConversations: 16})
		var seg Segment
		for i := 0; i < len(b)+1; i++ {
			data, ci, err := r.Next()
			if err != nil {
				return
			}
			if len(data) > MaxRecordSize {
				t.Fatalf("record of %d bytes", len(data))
			}
			if d.Decode(data, ci, &seg) == nil {
				a := tab.Track(&seg)
				a.AppendInfo(nil, &seg)
			}
		}
		t.Fatal("reader did not stop")
	})
}

// FuzzDecode feeds arbitrary packet bytes to the decoder under every link
// type, and what decodes to the table.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"node-sll2-any.pcap", "go-gorilla-ipv6.pcap", "node-snaplen128-truncated.pcap"} {
		datas, cis := corpusRecords(f, filepath.Join("testdata", name))
		for i := range datas[:min(len(datas), 8)] {
			f.Add(uint16(cis[i].LinkType), datas[i])
		}
	}
	f.Add(uint16(LinkTypeRaw), []byte{0x60, 0, 0, 0, 0, 8, 44, 64})
	f.Add(uint16(LinkTypeNull), []byte{2, 0, 0, 0, 0x45, 0, 0, 20})
	tab := NewTable(TableConfig{MaxConversations: 64})
	d := NewDecoder()
	f.Fuzz(func(t *testing.T, link uint16, data []byte) {
		var seg Segment
		if err := d.Decode(data, CaptureInfo{LinkType: LinkType(link), CaptureLength: len(data), Length: len(data)}, &seg); err != nil {
			return
		}
		if seg.PayloadLen < len(seg.Payload) || seg.Truncated != (len(seg.Payload) < seg.PayloadLen) {
			t.Fatalf("payload %d of %d, truncated %v", len(seg.Payload), seg.PayloadLen, seg.Truncated)
		}
		a := tab.Track(&seg)
		a.AppendInfo(nil, &seg)
	})
}
