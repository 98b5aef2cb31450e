package capture

import (
	"encoding/binary"
	"time"
)

// Link types of the test captures.
const (
	linkEthernet uint16 = 1
	linkRaw      uint16 = 101
	linkSLL2     uint16 = 276
)

// record is one packet to write into a test capture.
type record struct {
	ts    time.Time
	data  []byte
	orig  int // original length; len(data) if 0
	iface uint32
}

// pcapBytes builds a classic pcap file.
func pcapBytes(order binary.ByteOrder, nano bool, link uint32, recs ...record) []byte {
	b := make([]byte, 24)
	magic := uint32(0xa1b2c3d4)
	if nano {
		magic = 0xa1b23c4d
	}
	order.PutUint32(b[0:], magic)
	order.PutUint16(b[4:], 2)
	order.PutUint16(b[6:], 4)
	order.PutUint32(b[16:], 65535)
	order.PutUint32(b[20:], link)
	for _, r := range recs {
		h := make([]byte, 16)
		order.PutUint32(h[0:], uint32(r.ts.Unix()))
		frac := uint32(r.ts.Nanosecond() / 1000)
		if nano {
			frac = uint32(r.ts.Nanosecond())
		}
		order.PutUint32(h[4:], frac)
		order.PutUint32(h[8:], uint32(len(r.data)))
		orig := r.orig
		if orig == 0 {
			orig = len(r.data)
		}
		order.PutUint32(h[12:], uint32(orig))
		b = append(append(b, h...), r.data...)
	}
	return b
}

// ngBlock builds one little-endian pcapng block.
func ngBlock(typ uint32, body []byte) []byte {
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	n := uint32(12 + len(body))
	b := binary.LittleEndian.AppendUint32(nil, typ)
	b = binary.LittleEndian.AppendUint32(b, n)
	b = append(b, body...)
	return binary.LittleEndian.AppendUint32(b, n)
}

// pcapngBytes builds a pcapng file with one interface per link type
// (microsecond timestamps) and enhanced packet blocks.
func pcapngBytes(links []uint16, recs ...record) []byte {
	shb := binary.LittleEndian.AppendUint32(nil, ngByteOrder)
	shb = binary.LittleEndian.AppendUint16(shb, 1)
	shb = binary.LittleEndian.AppendUint16(shb, 0)
	shb = binary.LittleEndian.AppendUint64(shb, ^uint64(0))
	out := ngBlock(ngSectionHeader, shb)
	for _, l := range links {
		idb := binary.LittleEndian.AppendUint16(nil, l)
		idb = binary.LittleEndian.AppendUint16(idb, 0)
		idb = binary.LittleEndian.AppendUint32(idb, 262144)
		out = append(out, ngBlock(ngInterfaceDesc, idb)...)
	}
	for _, r := range recs {
		us := uint64(r.ts.UnixMicro())
		epb := binary.LittleEndian.AppendUint32(nil, r.iface)
		epb = binary.LittleEndian.AppendUint32(epb, uint32(us>>32))
		epb = binary.LittleEndian.AppendUint32(epb, uint32(us))
		epb = binary.LittleEndian.AppendUint32(epb, uint32(len(r.data)))
		epb = binary.LittleEndian.AppendUint32(epb, uint32(len(r.data)))
		epb = append(epb, r.data...)
		out = append(out, ngBlock(ngEnhPacket, epb)...)
	}
	return out
}
