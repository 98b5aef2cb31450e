package tcp

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// maxDNSRecords bounds the questions and answers a DNS Info lists.
const maxDNSRecords = 64

// appendDNS appends a DNS message's Info as packet-dns.c words it:
// "Standard query 0x1234 A example.com", "Standard query response 0x1234
// A example.com A 192.0.2.1". It reports false when p is no DNS message.
func appendDNS(b, p []byte) ([]byte, bool) {
	if len(p) < 12 {
		return b, false
	}
	id := binary.BigEndian.Uint16(p[0:2])
	flags := binary.BigEndian.Uint16(p[2:4])
	qd, an := int(binary.BigEndian.Uint16(p[4:6])), int(binary.BigEndian.Uint16(p[6:8]))
	start := len(b)
	switch op := flags >> 11 & 15; op {
	case 0:
		b = append(b, "Standard query"...)
	case 1:
		b = append(b, "Inverse query"...)
	case 2:
		b = append(b, "Server status request"...)
	case 4:
		b = append(b, "Zone change notification"...)
	case 5:
		b = append(b, "Dynamic update"...)
	default:
		b = append(b, "Unknown operation ("...)
		b = strconv.AppendUint(b, uint64(op), 10)
		b = append(b, ')')
	}
	response := flags&0x8000 != 0
	if response {
		b = append(b, " response"...)
	}
	b = append(b, " 0x"...)
	b = appendHex4(b, id)
	if rc := flags & 15; response && rc != 0 {
		b = append(b, ' ')
		b = append(b, dnsRcode(rc)...)
	}
	off := 12
	for i := 0; i < qd && i < maxDNSRecords; i++ {
		var name []byte
		var ok bool
		name, off, ok = readDNSName(p, off, nil)
		if !ok || off+4 > len(p) {
			return b[:start], false
		}
		b = append(b, ' ')
		b = appendDNSType(b, binary.BigEndian.Uint16(p[off:]))
		b = append(b, ' ')
		b = append(b, name...)
		off += 4
	}
	for i := 0; response && i < an && i < maxDNSRecords; i++ {
		var ok bool
		_, off, ok = readDNSName(p, off, nil)
		if !ok || off+10 > len(p) {
			return b, true
		}
		typ := binary.BigEndian.Uint16(p[off:])
		rdlen := int(binary.BigEndian.Uint16(p[off+8:]))
		rd := off + 10
		if rd+rdlen > len(p) {
			return b, true
		}
		b = append(b, ' ')
		b = appendDNSType(b, typ)
		switch {
		case typ == 1 && rdlen == 4:
			b = append(b, ' ')
			b = netip.AddrFrom4([4]byte(p[rd : rd+4])).AppendTo(b)
		case typ == 28 && rdlen == 16:
			b = append(b, ' ')
			b = netip.AddrFrom16([16]byte(p[rd : rd+16])).AppendTo(b)
		case typ == 5 || typ == 2 || typ == 12: // CNAME, NS, PTR
			if name, _, ok := readDNSName(p, rd, nil); ok {
				b = append(b, ' ')
				b = append(b, name...)
			}
		}
		off = rd + rdlen
	}
	return b, true
}

// readDNSName reads a possibly compressed name at off, appending it to
// dst dotted; it returns the offset after the name where it starts.
func readDNSName(p []byte, off int, dst []byte) ([]byte, int, bool) {
	end := -1
	for jumps := 0; ; {
		if off >= len(p) {
			return dst, 0, false
		}
		l := int(p[off])
		switch {
		case l == 0:
			if end < 0 {
				end = off + 1
			}
			if len(dst) == 0 {
				dst = append(dst, "<Root>"...)
			}
			return dst, end, true
		case l&0xc0 == 0xc0:
			if off+2 > len(p) || jumps > 32 {
				return dst, 0, false
			}
			if end < 0 {
				end = off + 2
			}
			off = int(binary.BigEndian.Uint16(p[off:])) & 0x3fff
			jumps++
		case l&0xc0 != 0 || off+1+l > len(p):
			return dst, 0, false
		default:
			if len(dst) > 0 {
				dst = append(dst, '.')
			}
			dst = append(dst, p[off+1:off+1+l]...)
			off += 1 + l
		}
	}
}

// appendDNSType appends the mnemonic of a DNS record type.
func appendDNSType(b []byte, t uint16) []byte {
	var s string
	switch t {
	case 1:
		s = "A"
	case 2:
		s = "NS"
	case 5:
		s = "CNAME"
	case 6:
		s = "SOA"
	case 12:
		s = "PTR"
	case 15:
		s = "MX"
	case 16:
		s = "TXT"
	case 28:
		s = "AAAA"
	case 33:
		s = "SRV"
	case 41:
		s = "OPT"
	case 64:
		s = "SVCB"
	case 65:
		s = "HTTPS"
	case 255:
		s = "ANY"
	default:
		b = append(b, "Unknown ("...)
		b = strconv.AppendUint(b, uint64(t), 10)
		return append(b, ')')
	}
	return append(b, s...)
}

// dnsRcode returns the text of a DNS response code.
func dnsRcode(rc uint16) string {
	switch rc {
	case 1:
		return "Format error"
	case 2:
		return "Server failure"
	case 3:
		return "No such name"
	case 4:
		return "Not implemented"
	case 5:
		return "Refused"
	}
	return "Unknown error"
}
