package tcp

import (
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary packet bytes to the decoder under every link
// type, and what decodes to the table.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"node-sll2-any.pcap", "go-gorilla-ipv6.pcap", "node-snaplen128-truncated.pcap"} {
		datas, cis := corpusRecords(f, filepath.Join("..", "testdata", name))
		for i := range datas[:min(len(datas), 8)] {
			f.Add(uint16(cis[i].LinkType), datas[i])
		}
	}
	f.Add(uint16(LinkTypeRaw), []byte{0x60, 0, 0, 0, 0, 8, 44, 64})
	f.Add(uint16(LinkTypeNull), []byte{2, 0, 0, 0, 0x45, 0, 0, 20})
	tab := NewTable(TableConfig{MaxConversations: 64})
	d, slow := NewDecoder(), NewDecoder()
	slow.parserOnly = true
	f.Fuzz(func(t *testing.T, link uint16, data []byte) {
		ci := CaptureInfo{LinkType: LinkType(link), CaptureLength: len(data), Length: len(data)}
		// the decoding of common frames without gopacket finds what the
		// parser finds
		decodeBoth(t, d, slow, data, ci)
		var seg Segment
		if err := d.Decode(data, ci, &seg); err != nil {
			return
		}
		if seg.PayloadLen < len(seg.Payload) || seg.Truncated != (len(seg.Payload) < seg.PayloadLen) {
			t.Fatalf("payload %d of %d, truncated %v", len(seg.Payload), seg.PayloadLen, seg.Truncated)
		}
		a := tab.Track(&seg)
		a.AppendInfo(nil, &seg)
	})
}
