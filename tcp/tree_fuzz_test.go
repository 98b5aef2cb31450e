package tcp

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"time"

	"github.com/wsdissect/wsdissect/field"
)

// FuzzFillTCP builds the TCP layer from arbitrary header bytes, tracked
// twice so that the analysis has history, and prints it both ways: it must
// never panic.
func FuzzFillTCP(f *testing.F) {
	f.Add([]byte("\x04\xd2\x00\x50\x00\x00\x03\xe8\x00\x00\x07\xd0\xaf\xff\x02\x00\x00\x00\x00\x07"+
		"\x02\x04\x05\xb4\x04\x02\x08\x0a\x00\x00\x00\x01\x00\x00\x00\x00\x01\x03\x03\x0e"), uint16(3))
	f.Add([]byte("\x1f\x90\x95\x4a\x3d\xf3\x1b\x35\x9b\xab\x3a\x86\xb0\x10\x00\x4e\x14\xcf\x00\x00"+
		"\x01\x01\x08\x0a\x5d\x5a\xb1\xff\xc0\xb1\x5a\x2e\x01\x01\x05\x0a\x9b\xac\xaf\xcd\x9b\xac\xb1\x45"), uint16(0))
	f.Add([]byte("\x00\x01\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\xf0\x3f"), uint16(1))
	f.Fuzz(func(t *testing.T, hdr []byte, payload uint16) {
		var seg Segment
		seg.SrcIP, seg.DstIP = netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2")
		if len(hdr) >= 20 {
			seg.SrcPort = binary.BigEndian.Uint16(hdr[0:])
			seg.DstPort = binary.BigEndian.Uint16(hdr[2:])
			seg.Seq = binary.BigEndian.Uint32(hdr[4:])
			seg.Ack = binary.BigEndian.Uint32(hdr[8:])
			seg.Flags = Flags(binary.BigEndian.Uint16(hdr[12:]) & 0xfff)
			seg.Window = binary.BigEndian.Uint16(hdr[14:])
			seg.Urgent = binary.BigEndian.Uint16(hdr[18:])
			seg.HeaderLen = int(hdr[12]>>4) * 4
			parseOptions(hdr[20:min(len(hdr), max(seg.HeaderLen, 20))], &seg.Options)
		}
		seg.PayloadLen = int(payload)
		seg.Payload = make([]byte, int(payload)%64)
		tab := NewTable(TableConfig{})
		tr := field.NewTree()
		var out []byte
		for i := range 2 {
			seg.Frame = uint64(i + 1)
			seg.Timestamp = time.Unix(int64(i), 0)
			a := tab.Track(&seg)
			tr.Reset()
			FillTCP(tr, field.NoNode, hdr, 34, &seg, &a)
			out = tr.AppendDetails(out[:0], nil)
			out = tr.AppendJSON(out[:0], 4)
		}
	})
}
