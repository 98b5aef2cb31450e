package tcp

import (
	"encoding/binary"
	"net/netip"
	"strconv"

	"github.com/wsdissect/wsdissect/field"
)

// hexDigits are the digits of a hexadecimal number, lower case as tshark
// prints them.
const hexDigits = "0123456789abcdef"

// Expert infos of the IPv6 extension headers, as tshark 4.0 raises them.
var (
	eiIPv6OptUnknownData      = field.Expert{Abbrev: "ipv6.opt.unknown_data.expert", Group: field.GroupUndecoded, Severity: field.SeverityNote, Summary: "Unknown Data (not interpreted)"}
	eiIPv6RoutingDeprecated   = field.Expert{Abbrev: "ipv6.routing.deprecated", Group: field.GroupDeprecated, Severity: field.SeverityNote, Summary: "Routing header type is deprecated"}
	eiIPv6RoutingUndecoded    = field.Expert{Abbrev: "ipv6.routing.undecoded", Group: field.GroupUndecoded, Severity: field.SeverityNote, Summary: "Undecoded IPv6 routing header field"}
	eiIPv6RoutingType2Segleft = field.Expert{Abbrev: "ipv6.routing.invalid_segleft", Group: field.GroupProtocol, Severity: field.SeverityWarning, Summary: "IPv6 Type 2 Routing Header segments left field must equal 1"}
)

// The routing header types whose data fillIPv6Routing decodes.
const (
	routingSourceRoute    = 0 // RFC 2460, deprecated by RFC 5095
	routingType2          = 2 // Mobile IPv6 (RFC 6275): the home address
	routingSegmentRouting = 4 // RFC 8754
)

// fillIPv6Routing adds a routing header of n bytes at off: next header,
// lengths, type and segments left, then the type's data as tshark shows
// it (the addresses of a source route, the home address of Mobile IPv6,
// the segment list of Segment Routing), or else its bytes undecoded.
func fillIPv6Routing(t *field.Tree, ip field.Node, b []byte, off, n int) {
	end := min(off+n, len(b))
	typ, left := b[off+2], b[off+3]
	name, ok := hfIpv6RoutingType.ValueName(uint64(typ))
	if !ok {
		name = "Unknown"
	}
	label := append(t.Scratch(), "Routing Header for IPv6 ("...)
	label = append(append(label, name...), ')')
	h := t.AddProtocol(ip, &hfIpv6Routing, off, end-off, label)
	t.KeepScratch(label)
	fillExtensionLength(t, h, b, off, n, &hfIpv6RoutingNxt, &hfIpv6RoutingLen, &hfIpv6RoutingLenOct)
	ty := t.AddUint(h, &hfIpv6RoutingType, off+2, 1, uint64(typ))
	if typ == routingSourceRoute {
		t.AddExpert(ty, &eiIPv6RoutingDeprecated, off+2, 1, nil)
	}
	sl := t.AddUint(h, &hfIpv6RoutingSegleft, off+3, 1, uint64(left))
	if typ == routingType2 && left != 1 {
		t.AddExpert(sl, &eiIPv6RoutingType2Segleft, off+3, 1, nil)
	}
	at := off + 4
	switch typ {
	case routingSourceRoute, routingType2:
		reserved, addr := &hfIpv6RoutingSrcReserved, &hfIpv6RoutingSrcAddr
		if typ == routingType2 {
			reserved, addr = &hfIpv6RoutingMipv6Reserved, &hfIpv6RoutingMipv6HomeAddress
		}
		if at+4 <= end {
			t.AddBytes(h, reserved, at, 4, b[at:at+4])
		}
		fillRoutingAddresses(t, h, b, at+4, end, addr, 1)
	case routingSegmentRouting:
		if at+4 <= end {
			t.AddUint(h, &hfIpv6RoutingSrhLastEntry, at, 1, uint64(b[at]))
			t.AddUint(h, &hfIpv6RoutingSrhFlags, at+1, 1, uint64(b[at+1]))
			t.AddBytes(h, &hfIpv6RoutingSrhTag, at+2, 2, b[at+2:at+4])
			last := int(b[at]) + 1
			fillRoutingAddresses(t, h, b, at+4, min(end, at+4+16*last), &hfIpv6RoutingSrhAddr, 0)
		}
	default:
		u := t.AddBytes(h, &hfIpv6RoutingUnknownData, at, end-at, b[at:end])
		t.AddExpert(u, &eiIPv6RoutingUndecoded, at, end-at, nil)
	}
}

// fillRoutingAddresses adds the addresses of b[at:end] under field f,
// labelled "Address[i]: fd00::1" from index first on.
func fillRoutingAddresses(t *field.Tree, h field.Node, b []byte, at, end int, f *field.Field, first int) {
	for i := first; at+16 <= end; i, at = i+1, at+16 {
		a := netip.AddrFrom16([16]byte(b[at : at+16]))
		n := t.AddIP(h, f, at, 16, a)
		label := append(t.Scratch(), "Address["...)
		label = append(strconv.AppendInt(label, int64(i), 10), "]: "...)
		label = a.AppendTo(label)
		t.SetText(n, label)
		t.KeepScratch(label)
	}
}

// fillIPv6Fragment adds a fragment header at off: next header, offset,
// more fragments and identification.
func fillIPv6Fragment(t *field.Tree, ip field.Node, b []byte, off int) {
	h := t.AddProtocol(ip, &hfIpv6Fraghdr, off, 8, nil)
	t.AddUint(h, &hfIpv6FraghdrNxt, off, 1, uint64(b[off]))
	t.AddUint(h, &hfIpv6FraghdrReservedOctet, off+1, 1, uint64(b[off+1]))
	v := binary.BigEndian.Uint16(b[off+2:])
	o := t.AddUint(h, &hfIpv6FraghdrOffset, off+2, 2, uint64(v>>3))
	t.SetBits(o, uint64(v), 0xfff8)
	label := strconv.AppendUint(t.Scratch(), uint64(v>>3), 10)
	label = append(label, " ("...)
	label = append(strconv.AppendUint(label, uint64(v>>3)*8, 10), " bytes)"...)
	t.SetValueText(o, label)
	t.KeepScratch(label)
	r := t.AddUint(h, &hfIpv6FraghdrReservedBits, off+2, 2, uint64(v>>1&3))
	t.SetBits(r, uint64(v), 0x6)
	m := t.AddBool(h, &hfIpv6FraghdrMore, off+2, 2, v&1 != 0)
	t.SetBits(m, uint64(v), 0x1)
	t.AddUint(h, &hfIpv6FraghdrIdent, off+4, 4, uint64(binary.BigEndian.Uint32(b[off+4:])))
}

// fillExtensionLength adds an extension header's next header and its
// length in 8-octet words less one and, generated, in bytes (n).
func fillExtensionLength(t *field.Tree, h field.Node, b []byte, off, n int, nxt, length, lengthOct *field.Field) {
	t.AddUint(h, nxt, off, 1, uint64(b[off]))
	t.AddUint(h, length, off+1, 1, uint64(b[off+1]))
	l := t.AddUint(h, lengthOct, off+1, 1, uint64(n))
	t.SetGenerated(l)
	t.SetValueText(l, append(strconv.AppendInt(t.Scratch(), int64(n), 10), " bytes"...)) // a unit string
}
