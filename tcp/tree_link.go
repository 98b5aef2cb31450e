package tcp

import (
	"encoding/binary"
	"net/netip"

	"github.com/wsdissect/wsdissect/field"
)

// hfRaw is the protocol of a raw IP frame, which -G fields lists outside
// the table of generated fields.
var hfRaw = field.Field{Name: "Raw packet data", Abbrev: "raw", Type: field.Protocol, Short: "Raw"}

// Expert infos of IPv4, as tshark 4.0 raises them.
var (
	eiIPTTLTooSmall = field.Expert{Abbrev: "ip.ttl.too_small", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: `"Time To Live" only`}
	eiIPTTLLNCB     = field.Expert{Abbrev: "ip.ttl.lncb", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: `"Time To Live" != 1 for a packet sent to the Local Network Control Block (see RFC 3171)`}
)

// LinkFields returns the table of the fields of the link layers and of IP
// (eth, vlan, null, sll, ip, ipv6 and its extension headers), as tshark 4.0
// registers them.
func LinkFields() []*field.Field { return append(append(linkFields(), ipv6ExtFields()...), &hfRaw) }

// Link is what FillLink found under the link and IP layers.
type Link struct {
	// Transport is where the IP payload starts in the frame, and End where
	// the IP datagram ends (at most the captured length); both 0 when the
	// frame carries no IP or its header was cut.
	Transport, End int
	// Proto is the IP protocol number of the payload (6 for TCP).
	Proto uint8
}

// FillLink adds the items of the link layer and of IPv4 or IPv6 of one
// frame to t, as tshark's packet details show them (Ethernet II with
// 802.1Q tags, Linux cooked capture v1 and v2, Null/Loopback, raw IP), and
// appends their names to protocols, as frame.protocols lists them
// ("eth:ethertype:ip"). frame is the captured bytes. resolve names
// Ethernet addresses as tshark does by default (AppendEtherName); without
// it they show as they are (tshark -n).
func FillLink(t *field.Tree, link LinkType, frame []byte, protocols []byte, resolve bool) (Link, []byte) {
	var (
		off   int
		etype uint16
		ok    bool
		eth   field.Node = field.NoNode
	)
	switch link {
	case LinkTypeEthernet:
		protocols = append(protocols, "eth:ethertype"...)
		eth, off, etype, ok = fillEthernet(t, frame, resolve)
	case LinkTypeLinuxSLL:
		protocols = append(protocols, "sll:ethertype"...)
		off, etype, ok = fillSLL(t, frame, resolve)
	case LinkTypeLinuxSLL2:
		protocols = append(protocols, "sll:ethertype"...)
		off, etype, ok = fillSLL2(t, frame, resolve)
	case LinkTypeNull, LinkTypeLoop:
		protocols = append(protocols, "null"...)
		off, etype, ok = fillNull(t, frame, link == LinkTypeLoop)
	case LinkTypeRaw, LinkTypeIPv4, LinkTypeIPv6, 12, 14:
		protocols = append(protocols, "raw"...)
		t.AddProtocol(field.NoNode, &hfRaw, 0, len(frame), []byte("Raw packet data"))
		etype, ok = ipEtype(frame)
	}
	for ok && etype == 0x8100 {
		protocols = append(protocols, ":vlan:ethertype"...)
		off, etype, ok = fillVLAN(t, frame, off)
	}
	var l Link
	if !ok {
		return l, protocols
	}
	switch etype {
	case 0x0800:
		protocols = append(protocols, ":ip"...)
		l, ok = fillIPv4(t, frame, off)
	case 0x86dd:
		protocols = append(protocols, ":ipv6"...)
		l, protocols, ok = fillIPv6(t, frame, off, protocols)
	case 0x0806:
		return l, append(protocols, ":arp"...)
	default:
		return l, protocols
	}
	if !ok || l.Transport > len(frame) {
		return Link{}, protocols
	}
	if eth != field.NoNode && l.End < len(frame) {
		fillTrailer(t, eth, frame, l.End)
	}
	return l, protocols
}

// ipEtype is the ethertype of a raw IP packet, from its version nibble.
func ipEtype(b []byte) (uint16, bool) {
	if len(b) == 0 {
		return 0, false
	}
	switch b[0] >> 4 {
	case 4:
		return 0x0800, true
	case 6:
		return 0x86dd, true
	}
	return 0, false
}

// appendMAC appends a MAC address (or any bytes) as aa:bb:cc:dd:ee:ff.
func appendMAC(dst []byte, mac []byte) []byte { return field.AppendHex(dst, mac, ':') }

// appendResolvedMAC appends "name (aa:bb:cc:dd:ee:ff)", as tshark labels an
// Ethernet address; without resolve, the address alone (tshark -n).
func appendResolvedMAC(dst []byte, mac [6]byte, resolve bool) []byte {
	if !resolve {
		return appendMAC(dst, mac[:])
	}
	dst = AppendEtherName(dst, mac)
	dst = append(dst, " ("...)
	dst = appendMAC(dst, mac[:])
	return append(dst, ')')
}

func fillEthernet(t *field.Tree, b []byte, resolve bool) (field.Node, int, uint16, bool) {
	if len(b) < 14 {
		return field.NoNode, 0, 0, false
	}
	if !t.Wants(&hfEth) {
		return field.NoNode, 14, binary.BigEndian.Uint16(b[12:14]), true
	}
	dst, src := [6]byte(b[0:6]), [6]byte(b[6:12])
	scratch := t.Scratch()
	var key [13]byte // the addresses, and whether they are resolved
	copy(key[:], b[:12])
	if resolve {
		key[12] = 1
	}
	label, ok := t.Recall(&hfEth, key[:])
	if !ok {
		label = append(scratch[:0], "Ethernet II, Src: "...)
		label = appendResolvedMAC(label, src, resolve)
		label = append(label, ", Dst: "...)
		label = appendResolvedMAC(label, dst, resolve)
		t.Remember(&hfEth, key[:], label)
		scratch = label
	}
	eth := t.AddProtocol(field.NoNode, &hfEth, 0, 14, label)
	fillMAC(t, eth, &hfEthDst, &hfEthDstResolved, &hfEthDstOui, &hfEthDstOuiResolved, &hfEthDstLg, &hfEthDstIg, 0, dst, scratch, resolve)
	fillMAC(t, eth, &hfEthSrc, &hfEthSrcResolved, &hfEthSrcOui, &hfEthSrcOuiResolved, &hfEthSrcLg, &hfEthSrcIg, 6, src, scratch, resolve)
	etype := binary.BigEndian.Uint16(b[12:14])
	t.AddUint(eth, &hfEthType, 12, 2, uint64(etype))
	t.KeepScratch(scratch)
	return eth, 14, etype, true
}

// fillMAC adds an Ethernet address with the subtree tshark gives it: the
// address again as eth.addr, its resolved name and OUI (hidden), and its LG
// and IG bits.
func fillMAC(t *field.Tree, parent field.Node, addr, resolved, oui, ouiResolved, lg, ig *field.Field, off int, mac [6]byte, scratch []byte, resolve bool) {
	// the default label of an address whose name is itself is tshark's:
	// no text to keep, and the printer's cache knows the line
	own := !resolve || !plainEther(mac)
	hidden := t.BuildsHidden()
	var text, name []byte
	if own || hidden {
		text = appendResolvedMAC(scratch[:0], mac, resolve)
		name = text
		if resolve {
			name = text[:len(text)-len(" (aa:bb:cc:dd:ee:ff)")]
		}
	}
	n := t.AddEther(parent, addr, off, 6, mac)
	if own {
		t.SetValueText(n, text)
	} else if !t.SetChildrenFromValue(n) {
		// the address line and its two bits come from the address alone
		// (its own name, a text of no resolution)
		return
	}
	ouiValue := uint64(mac[0])<<16 | uint64(mac[1])<<8 | uint64(mac[2])
	vendor := ""
	if resolve && hidden {
		vendor = ouiVendor(ouiValue)
	}
	if hidden {
		t.SetHidden(t.AddStringBytes(n, resolved, off, 6, name))
		t.SetHidden(t.AddUint(n, oui, off, 3, ouiValue))
		if vendor != "" {
			t.SetHidden(t.AddString(n, ouiResolved, off, 3, vendor))
		}
	}
	a := t.AddEther(n, &hfEthAddr, off, 6, mac)
	if own {
		t.SetValueText(a, text)
	}
	if hidden {
		t.SetHidden(t.AddStringBytes(n, &hfEthAddrResolved, off, 6, name))
		t.SetHidden(t.AddUint(n, &hfEthAddrOui, off, 3, ouiValue))
		if vendor != "" {
			t.SetHidden(t.AddString(n, &hfEthAddrOuiResolved, off, 3, vendor))
		}
	}
	t.AddBool(n, lg, off, 3, mac[0]&0x02 != 0)
	if hidden {
		t.SetHidden(t.AddBool(n, &hfEthLg, off, 3, mac[0]&0x02 != 0))
	}
	t.AddBool(n, ig, off, 3, mac[0]&0x01 != 0)
	if hidden {
		t.SetHidden(t.AddBool(n, &hfEthIg, off, 3, mac[0]&0x01 != 0))
	}
}

// ouiVendor is the vendor Wireshark's manuf file names for an OUI, for the
// one OUI known here (see AppendEtherName); "" for the others.
func ouiVendor(oui uint64) string {
	if oui == 0 {
		return "Officially Xerox, but 0:0:0:0:0:0 is more common"
	}
	return ""
}

// fillTrailer adds what follows the IP datagram in an Ethernet frame:
// padding up to the 60-byte minimum, then a trailer.
func fillTrailer(t *field.Tree, eth field.Node, b []byte, end int) {
	pad := min(len(b), 60)
	if end < pad {
		t.AddBytes(eth, &hfEthPadding, end, pad-end, b[end:pad])
		end = pad
	}
	if end < len(b) {
		t.AddBytes(eth, &hfEthTrailer, end, len(b)-end, b[end:])
	}
}

func fillVLAN(t *field.Tree, b []byte, off int) (int, uint16, bool) {
	if len(b) < off+4 {
		return off, 0, false
	}
	tci := binary.BigEndian.Uint16(b[off:])
	etype := binary.BigEndian.Uint16(b[off+2:])
	label := append(t.Scratch(), "802.1Q Virtual LAN, PRI: "...)
	label = field.AppendUint(label, uint64(tci>>13))
	label = append(label, ", DEI: "...)
	label = field.AppendUint(label, uint64(tci>>12&1))
	label = append(label, ", ID: "...)
	label = field.AppendUint(label, uint64(tci&0xfff))
	v := t.AddProtocol(field.NoNode, &hfVlan, off, 4, label)
	t.KeepScratch(label)
	t.AddUint(v, &hfVlanPriority, off, 2, uint64(tci>>13))
	t.AddBool(v, &hfVlanDei, off, 2, tci&0x1000 != 0)
	t.AddUint(v, &hfVlanId, off, 2, uint64(tci&0xfff))
	t.AddUint(v, &hfVlanEtype, off+2, 2, uint64(etype))
	return off + 4, etype, true
}

func fillSLL(t *field.Tree, b []byte, resolve bool) (int, uint16, bool) {
	if len(b) < 16 {
		return 0, 0, false
	}
	s := t.AddProtocol(field.NoNode, &hfSll, 0, 16, []byte("Linux cooked capture v1"))
	t.AddUint(s, &hfSllPkttype, 0, 2, uint64(binary.BigEndian.Uint16(b[0:])))
	hatype := binary.BigEndian.Uint16(b[2:])
	t.AddUint(s, &hfSllHatype, 2, 2, uint64(hatype))
	halen := binary.BigEndian.Uint16(b[4:])
	t.AddUint(s, &hfSllHalen, 4, 2, uint64(halen))
	fillSLLAddress(t, s, b[6:14], 6, int(halen), resolve)
	etype := binary.BigEndian.Uint16(b[14:])
	t.AddUint(s, &hfSllEtype, 14, 2, uint64(etype))
	return 16, etype, true
}

func fillSLL2(t *field.Tree, b []byte, resolve bool) (int, uint16, bool) {
	if len(b) < 20 {
		return 0, 0, false
	}
	s := t.AddProtocol(field.NoNode, &hfSll, 0, 20, []byte("Linux cooked capture v2"))
	etype := binary.BigEndian.Uint16(b[0:])
	t.AddUint(s, &hfSllEtype, 0, 2, uint64(etype))
	t.AddUint(s, &hfSllIfindex, 4, 4, uint64(binary.BigEndian.Uint32(b[4:])))
	t.AddUint(s, &hfSllHatype, 8, 2, uint64(binary.BigEndian.Uint16(b[8:])))
	t.AddUint(s, &hfSllPkttype, 10, 1, uint64(b[10]))
	halen := int(b[11])
	t.AddUint(s, &hfSllHalen, 11, 1, uint64(halen))
	fillSLLAddress(t, s, b[12:20], 12, halen, resolve)
	return 20, etype, true
}

// fillSLLAddress adds the 8-byte address field of a cooked header: a MAC
// and the unused bytes after it when it has six.
func fillSLLAddress(t *field.Tree, s field.Node, a []byte, off, halen int, resolve bool) {
	if halen == 6 {
		mac := [6]byte(a[:6])
		n := t.AddEther(s, &hfSllSrcEth, off, 6, mac)
		t.SetValueText(n, appendResolvedMAC(t.Scratch(), mac, resolve))
		t.AddBytes(s, &hfSllUnused, off+6, 2, a[6:8])
		return
	}
	if halen > 8 {
		halen = 8
	}
	t.AddBytes(s, &hfSllSrcOther, off, halen, a[:halen])
	if halen < 8 {
		t.AddBytes(s, &hfSllUnused, off+halen, 8-halen, a[halen:])
	}
}

func fillNull(t *field.Tree, b []byte, bigEndian bool) (int, uint16, bool) {
	if len(b) < 4 {
		return 0, 0, false
	}
	family := binary.LittleEndian.Uint32(b)
	if bigEndian || family&0xffff0000 != 0 && family&0xffff == 0 {
		family = binary.BigEndian.Uint32(b)
	}
	n := t.AddProtocol(field.NoNode, &hfNull, 0, 4, nil)
	t.AddUint(n, &hfNullFamily, 0, 4, uint64(family))
	switch family {
	case 2:
		return 4, 0x0800, true
	case 10, 23, 24, 28, 30:
		return 4, 0x86dd, true
	}
	return 4, 0, false
}

func fillIPv4(t *field.Tree, b []byte, off int) (Link, bool) {
	if len(b) < off+20 {
		return Link{}, false
	}
	h := b[off:]
	ihl := int(h[0]&0x0f) * 4
	total := int(binary.BigEndian.Uint16(h[2:]))
	if !t.Wants(&hfIp) {
		return ipv4Link(b, off, ihl, total, h[9])
	}
	src, dst := netip.AddrFrom4([4]byte(h[12:16])), netip.AddrFrom4([4]byte(h[16:20]))
	text, label := ipLabel(t, &hfIp, h[12:20], src, dst)
	ip := t.AddProtocol(field.NoNode, &hfIp, off, ihl, text)

	n := t.AddUint(ip, &hfIpVersion, off, 1, uint64(h[0]>>4))
	t.SetBits(n, uint64(h[0]), 0xf0)
	n = t.AddUint(ip, &hfIpHdrLen, off, 1, uint64(ihl))
	t.SetBits(n, uint64(h[0]), 0x0f)

	n = t.AddUint(ip, &hfIpDsfield, off+1, 1, uint64(h[1]))
	if t.SetChildrenFromValue(n) {
		t.AddUint(n, &hfIpDsfieldDscp, off+1, 1, uint64(h[1]>>2))
		t.AddUint(n, &hfIpDsfieldEcn, off+1, 1, uint64(h[1]&3))
	}

	t.AddUint(ip, &hfIpLen, off+2, 2, uint64(total))
	t.AddUint(ip, &hfIpId, off+4, 2, uint64(binary.BigEndian.Uint16(h[4:])))
	fl := h[6] >> 5
	n = t.AddUint(ip, &hfIpFlags, off+6, 1, uint64(fl))
	if t.SetChildrenFromValue(n) {
		t.AddBool(n, &hfIpFlagsRb, off+6, 1, fl&4 != 0)
		t.AddBool(n, &hfIpFlagsDf, off+6, 1, fl&2 != 0)
		t.AddBool(n, &hfIpFlagsMf, off+6, 1, fl&1 != 0)
	}
	n = t.AddUint(ip, &hfIpFragOffset, off+6, 2, uint64(binary.BigEndian.Uint16(h[6:])&0x1fff)*8)
	t.SetBits(n, uint64(binary.BigEndian.Uint16(h[6:])), 0x1fff)
	n = t.AddUint(ip, &hfIpTtl, off+8, 1, uint64(h[8]))
	switch ttl := h[8]; {
	case h[16] == 224 && h[17] == 0 && h[18] == 0: // 224.0.0.0/24
		if ttl != 1 {
			t.AddExpert(n, &eiIPTTLLNCB, off+8, 1, nil)
		}
	case ttl < 5 && h[16]&0xf0 != 0xe0 && h[9] != 103: // PIM is exempt
		label = append(label[:0], `"Time To Live" only `...)
		t.AddExpert(n, &eiIPTTLTooSmall, off+8, 1, field.AppendUint(label, uint64(ttl)))
	}
	t.AddUint(ip, &hfIpProto, off+9, 1, uint64(h[9]))
	t.AddUint(ip, &hfIpChecksum, off+10, 2, uint64(binary.BigEndian.Uint16(h[10:])))
	n = t.AddUint(ip, &hfIpChecksumStatus, off+10, 2, 2)
	t.SetGenerated(n)
	fillAddress(t, ip, &hfIpSrc, &hfIpAddr, &hfIpSrcHost, &hfIpHost, off+12, 4, src, label)
	fillAddress(t, ip, &hfIpDst, &hfIpAddr, &hfIpDstHost, &hfIpHost, off+16, 4, dst, label)
	t.KeepScratch(label)
	return ipv4Link(b, off, ihl, total, h[9])
}

// ipLabel returns the label of an IP header of protocol p, "Internet
// Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2", formatted once for a
// pair of hosts (field.Tree.Remember, by the addresses' bytes in the
// header), and the tree's scratch buffer, which holds it when it was
// formatted now.
func ipLabel(t *field.Tree, p *field.Field, addrs []byte, src, dst netip.Addr) (text, scratch []byte) {
	scratch = t.Scratch()
	if text, ok := t.Recall(p, addrs); ok {
		return text, scratch
	}
	scratch = append(append(scratch, p.Name...), ", Src: "...)
	scratch = append(src.AppendTo(scratch), ", Dst: "...)
	scratch = dst.AppendTo(scratch)
	t.Remember(p, addrs, scratch)
	return scratch, scratch
}

// ipv4Link is where an IPv4 datagram at off in frame b puts its payload.
func ipv4Link(b []byte, off, ihl, total int, proto uint8) (Link, bool) {
	end := min(off+total, len(b))
	if total < ihl {
		end = min(off+ihl, len(b))
	}
	return Link{Transport: off + ihl, End: end, Proto: proto}, off+ihl <= len(b)
}

// fillAddress adds an IP address and its hidden companions: the address
// again under the field that matches either direction, and both as host
// names (tshark resolves none by default, so they are the addresses).
func fillAddress(t *field.Tree, ip field.Node, addr, either, host, eitherHost *field.Field, off, size int, a netip.Addr, scratch []byte) {
	t.AddIP(ip, addr, off, size, a)
	if !t.BuildsHidden() {
		return
	}
	t.SetHidden(t.AddIP(ip, either, off, size, a))
	text := a.AppendTo(scratch[:0])
	t.SetHidden(t.AddStringBytes(ip, host, off, size, text))
	t.SetHidden(t.AddStringBytes(ip, eitherHost, off, size, text))
}

func fillIPv6(t *field.Tree, b []byte, off int, protocols []byte) (Link, []byte, bool) {
	if len(b) < off+40 {
		return Link{}, protocols, false
	}
	h := b[off:]
	ip := field.NoNode
	if t.Wants(&hfIpv6) {
		ip = fillIPv6Header(t, h, off)
	}
	plen := int(binary.BigEndian.Uint16(h[4:]))
	end := min(off+40+plen, len(b))
	next, at := h[6], off+40
	for isIPv6Extension(next) && at+8 <= len(b) {
		protocols = append(protocols, ipv6ExtensionNames[next]...)
		n := 8 + int(b[at+1])*8
		switch {
		case ip == field.NoNode:
		case next == 0:
			fillIPv6Options(t, ip, b, at, n, &hfIpv6Hopopts, &hfIpv6HopoptsNxt, &hfIpv6HopoptsLen, &hfIpv6HopoptsLenOct)
		case next == 60:
			fillIPv6Options(t, ip, b, at, n, &hfIpv6Dstopts, &hfIpv6DstoptsNxt, &hfIpv6DstoptsLen, &hfIpv6DstoptsLenOct)
		case next == 43:
			fillIPv6Routing(t, ip, b, at, n)
		case next == 44:
			fillIPv6Fragment(t, ip, b, at)
		}
		if next == 44 {
			n = 8 // the fragment header's length is fixed
		}
		next, at = b[at], at+n
	}
	return Link{Transport: at, End: end, Proto: next}, protocols, true
}

// fillIPv6Header adds the IPv6 protocol item and the fixed header's items.
func fillIPv6Header(t *field.Tree, h []byte, off int) field.Node {
	src, dst := netip.AddrFrom16([16]byte(h[8:24])), netip.AddrFrom16([16]byte(h[24:40]))
	text, label := ipLabel(t, &hfIpv6, h[8:40], src, dst)
	ip := t.AddProtocol(field.NoNode, &hfIpv6, off, 40, text)
	first := binary.BigEndian.Uint32(h)
	n := t.AddUint(ip, &hfIpv6Version, off, 1, uint64(h[0]>>4))
	t.SetBits(n, uint64(h[0]), 0xf0)
	if t.BuildsHidden() {
		t.SetHidden(t.AddUint(ip, &hfIpVersion, off, 1, uint64(h[0]>>4)))
	}
	tc := uint8(first >> 20)
	n = t.AddUint(ip, &hfIpv6Tclass, off, 4, uint64(tc))
	t.SetBits(n, uint64(first)&0x0ff00000, 0x0ff00000) // not the flow label: the line repeats
	if t.SetChildrenFromValue(n) {
		t.AddUint(n, &hfIpv6TclassDscp, off, 4, uint64(tc>>2))
		t.AddUint(n, &hfIpv6TclassEcn, off, 4, uint64(tc&3))
	}
	t.AddUint(ip, &hfIpv6Flow, off+1, 3, uint64(first&0xfffff))
	plen := int(binary.BigEndian.Uint16(h[4:]))
	t.AddUint(ip, &hfIpv6Plen, off+4, 2, uint64(plen))
	t.AddUint(ip, &hfIpv6Nxt, off+6, 1, uint64(h[6]))
	t.AddUint(ip, &hfIpv6Hlim, off+7, 1, uint64(h[7]))
	fillAddress(t, ip, &hfIpv6Src, &hfIpv6Addr, &hfIpv6SrcHost, &hfIpv6Host, off+8, 16, src, label)
	fillAddress(t, ip, &hfIpv6Dst, &hfIpv6Addr, &hfIpv6DstHost, &hfIpv6Host, off+24, 16, dst, label)
	t.KeepScratch(label)
	return ip
}

// ipv6ExtensionNames are the names frame.protocols gives the extension
// headers.
var ipv6ExtensionNames = [...]string{0: ":ipv6.hopopts", 43: ":ipv6.routing", 44: ":ipv6.fraghdr", 60: ":ipv6.dstopts"}

// isIPv6Extension reports whether an IPv6 next header value is an extension
// header that may precede the transport (hop-by-hop, routing, fragment,
// destination options).
func isIPv6Extension(next uint8) bool {
	switch next {
	case 0, 43, 44, 60:
		return true
	}
	return false
}

// fillIPv6Options adds a hop-by-hop or destination options header of n
// bytes at off: its next header, length and each option with its type bits.
func fillIPv6Options(t *field.Tree, ip field.Node, b []byte, off, n int, proto, nxt, length, lengthOct *field.Field) {
	end := min(off+n, len(b))
	h := t.AddProtocol(ip, proto, off, end-off, nil)
	fillExtensionLength(t, h, b, off, n, nxt, length, lengthOct)
	for at := off + 2; at < end; {
		typ := b[at]
		size := 1
		if typ != 0 && at+1 < end {
			size = 2 + int(b[at+1])
		}
		size = min(size, end-at)
		o := t.AddNone(h, &hfIpv6Opt, at, size)
		name, known := hfIpv6OptType.ValueName(uint64(typ))
		label := append(t.Scratch(), name...)
		if !known {
			label = append(label, "Unknown IPv6 Option ("...)
			label = append(field.AppendUint(label, uint64(typ)), ')')
		}
		t.SetText(o, label)
		ty := t.AddUint(o, &hfIpv6OptType, at, 1, uint64(typ))
		if !known {
			label = append(label[:0], "Unknown (0x"...)
			t.SetValueText(ty, append(label, hexDigits[typ>>4], hexDigits[typ&15], ')'))
		}
		t.KeepScratch(label)
		if typ == 0 {
			// Pad1 is the type alone: no bits under it
			t.AddNone(o, &hfIpv6OptPad1, at, 1)
			at += size
			continue
		}
		t.AddUint(ty, &hfIpv6OptTypeAction, at, 1, uint64(typ>>6))
		t.AddBool(ty, &hfIpv6OptTypeChange, at, 1, typ&0x20 != 0)
		t.AddUint(ty, &hfIpv6OptTypeRest, at, 1, uint64(typ&0x1f))
		if size >= 2 {
			t.AddUint(o, &hfIpv6OptLength, at+1, 1, uint64(b[at+1]))
			data := b[at+2 : at+size]
			switch {
			case typ == 1:
				t.AddBytes(o, &hfIpv6OptPadn, at+2, len(data), data)
			case typ == 4 && len(data) == 1:
				t.AddUint(o, &hfIpv6OptTel, at+2, 1, uint64(data[0]))
			case typ == 5 && len(data) == 2:
				t.AddUint(o, &hfIpv6OptRouterAlert, at+2, 2, uint64(binary.BigEndian.Uint16(data)))
			case typ&0x1f == 0x1e:
				// the experimental types of RFC 4727: 0x1e, 0x3e, ... 0xfe
				t.AddBytes(o, &hfIpv6OptExperimental, at+2, len(data), data)
			default:
				u := t.AddBytes(o, &hfIpv6OptUnknown, at+2, len(data), data)
				if len(data) == 0 {
					t.SetMissing(u)
				}
				t.AddExpert(u, &eiIPv6OptUnknownData, at+2, len(data), nil)
			}
		}
		at += size
	}
}
