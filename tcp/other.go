package tcp

import (
	"encoding/binary"
	"net/netip"
	"strconv"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// Other is what tshark's summary shows for a frame that is not TCP: ARP,
// ICMP, ICMPv6 (neighbor discovery, MLD, echo), UDP and DNS, IP with
// another payload, other ethertypes.
type Other struct {
	// Protocol is the Protocol column: "ARP", "ICMPv6", "DNS", "IPv4", or
	// the ethertype ("0x1234") of a frame without a known protocol.
	Protocol string
	// SrcIP and DstIP are the IP addresses of a frame with IP.
	SrcIP, DstIP netip.Addr
	// Src and Dst are the Source and Destination columns of a frame without
	// IP: its link-layer addresses as tshark resolves them (AppendEtherName);
	// empty when the link has none.
	Src, Dst string
	// Info is the Info column.
	Info string
}

// maxEchoRequests bounds the echo requests remembered for their replies:
// a ping flood forgets the oldest ones all at once.
const maxEchoRequests = 4096

// echoKey identifies an ICMP or ICMPv6 echo request: its addresses, from
// the requester's side, identifier and sequence number.
type echoKey struct {
	src, dst netip.Addr
	id, seq  uint16
}

// Describe fills o with tshark's columns for the record last passed to
// Decode, which returned ErrNotTCP: call it with the same data, before the
// next Decode. It never fails: what it cannot decode is shown the way tshark
// shows the protocol it got to. It allocates (the frames are rare); it
// remembers echo requests, so that their replies name them, as tshark's
// "(request in N)".
func (d *Decoder) Describe(data []byte, ci CaptureInfo, o *Other) {
	*o = Other{}
	if d.parser == nil || ci.LinkType != d.link {
		return // not decoded: an unsupported link type
	}
	var b []byte // the strings, built in one buffer
	var network gopacket.LayerType
	var next gopacket.LayerType
	var payload []byte
	var etype layers.EthernetType
	linkSrc, linkDst := -1, -1 // offsets of the link addresses in b
	for _, t := range d.decoded {
		switch t {
		case layers.LayerTypeEthernet:
			etype, payload = d.eth.EthernetType, d.eth.Payload
			if len(d.eth.SrcMAC) == 6 && len(d.eth.DstMAC) == 6 {
				linkSrc = len(b)
				b = d.appendLinkAddr(b, [6]byte(d.eth.SrcMAC))
				linkDst = len(b)
				b = d.appendLinkAddr(b, [6]byte(d.eth.DstMAC))
			}
		case layers.LayerTypeDot1Q:
			etype, payload = d.dot1q.Type, d.dot1q.Payload
		case layers.LayerTypeLinuxSLL:
			etype, payload = d.sll.EthernetType, d.sll.Payload
			if d.sll.AddrLen == 6 && len(d.sll.Addr) >= 6 {
				linkSrc = len(b)
				b = d.appendLinkAddr(b, [6]byte(d.sll.Addr[:6]))
				linkDst = len(b)
			}
		case layerTypeSLL2:
			etype, payload = d.sll2.proto, d.sll2.Payload
			if h := d.sll2.Contents; len(h) >= 20 && h[11] == 6 {
				linkSrc = len(b)
				b = d.appendLinkAddr(b, [6]byte(h[12:18]))
				linkDst = len(b)
			}
		case layers.LayerTypeIPv4:
			network, next, payload = t, d.ip4.NextLayerType(), d.ip4.Payload
			o.SrcIP = netip.AddrFrom4([4]byte(d.ip4.SrcIP.To4()))
			o.DstIP = netip.AddrFrom4([4]byte(d.ip4.DstIP.To4()))
			if d.ip4.Flags&layers.IPv4MoreFragments != 0 || d.ip4.FragOffset != 0 {
				next = gopacket.LayerTypeZero
			}
		case layers.LayerTypeIPv6:
			network, next, payload = t, d.ip6.NextLayerType(), d.ip6.Payload
			o.SrcIP = netip.AddrFrom16([16]byte(d.ip6.SrcIP.To16()))
			o.DstIP = netip.AddrFrom16([16]byte(d.ip6.DstIP.To16()))
		case layers.LayerTypeIPv6HopByHop:
			next, payload = d.ext.NextLayerType(), d.ext.Payload
		case layers.LayerTypeIPv6Fragment:
			next, payload = d.frag.next, d.frag.Payload
		}
	}
	start := len(b)
	switch {
	case network == gopacket.LayerTypeZero && etype == layers.EthernetTypeARP:
		o.Protocol = "ARP"
		if len(payload) >= 8 && binary.BigEndian.Uint16(payload[6:8]) == 9 {
			o.Protocol = "Inverse ARP"
		}
		b = appendARP(b, payload)
	case network == gopacket.LayerTypeZero && etype == layers.EthernetTypeLinkLayerDiscovery:
		o.Protocol = "LLDP" // its Info, from the TLVs, is not decoded
	case network == gopacket.LayerTypeZero:
		o.Protocol = "0x" + hex4(uint16(etype))
		b = append(b, "Ethernet II"...)
	case next == layers.LayerTypeICMPv4:
		o.Protocol = "ICMP"
		b = d.appendICMP(b, payload, ci.Frame, o, d.ip4.TTL)
	case next == layers.LayerTypeICMPv6:
		o.Protocol = "ICMPv6"
		b = d.appendICMPv6(b, payload, ci.Frame, o, d.ip6.HopLimit)
	case next == layers.LayerTypeUDP:
		o.Protocol = "UDP"
		b = appendUDP(b, payload, &o.Protocol)
	case network == layers.LayerTypeIPv4:
		o.Protocol = "IPv4"
		b = append(b, "Unknown ("...)
		b = strconv.AppendUint(b, uint64(d.ip4.Protocol), 10)
		b = append(b, ')')
	default:
		o.Protocol = "IPv6"
		b = append(b, "Unknown IP Protocol: Unknown ("...)
		b = strconv.AppendUint(b, uint64(lastNextHeader(d)), 10)
		b = append(b, ')')
	}
	s := string(b)
	if network == gopacket.LayerTypeZero && linkSrc >= 0 {
		o.Src, o.Dst = s[linkSrc:linkDst], s[linkDst:start]
	}
	o.Info = s[start:]
}

// lastNextHeader returns the IPv6 next header that was not decoded.
func lastNextHeader(d *Decoder) layers.IPProtocol {
	p := d.ip6.NextHeader
	for _, t := range d.decoded {
		switch t {
		case layers.LayerTypeIPv6HopByHop:
			p = d.ext.NextHeader
		case layers.LayerTypeIPv6Fragment:
			if c := d.frag.Contents; len(c) > 0 {
				p = layers.IPProtocol(c[0])
			}
		}
	}
	return p
}

// appendARP appends the Info of an ARP packet for IPv4 over Ethernet as
// packet-arp.c words it.
func appendARP(b, p []byte) []byte {
	if len(p) < 28 || binary.BigEndian.Uint16(p[2:4]) != 0x0800 || p[4] != 6 || p[5] != 4 {
		return b
	}
	op := binary.BigEndian.Uint16(p[6:8])
	sha, spa, tha, tpa := p[8:14], netip.AddrFrom4([4]byte(p[14:18])), p[18:24], netip.AddrFrom4([4]byte(p[24:28]))
	zeroTHA := [6]byte(tha) == [6]byte{}
	switch {
	case op == 1 && spa == tpa && zeroTHA:
		b = append(b, "ARP Announcement for "...)
		b = spa.AppendTo(b)
	case op == 1 && spa == tpa:
		b = append(b, "Gratuitous ARP for "...)
		b = spa.AppendTo(b)
		b = append(b, " (Request)"...)
	case op == 1 && spa.IsUnspecified():
		b = append(b, "Who has "...)
		b = tpa.AppendTo(b)
		b = append(b, "? (ARP Probe)"...)
	case op == 1:
		b = append(b, "Who has "...)
		b = tpa.AppendTo(b)
		b = append(b, "? Tell "...)
		b = spa.AppendTo(b)
	case op == 2 && spa == tpa:
		b = append(b, "Gratuitous ARP for "...)
		b = spa.AppendTo(b)
		b = append(b, " (Reply)"...)
	case op == 2:
		b = spa.AppendTo(b)
		b = append(b, " is at "...)
		b = appendMAC(b, sha)
	case op == 9: // inverse ARP reply
		b = appendMAC(b, sha)
		b = append(b, " is at "...)
		b = spa.AppendTo(b)
	}
	return b
}

// appendUDP appends a UDP datagram's Info: "src → dst Len=n", or a DNS
// message's on port 53, which makes the protocol "DNS".
func appendUDP(b, p []byte, proto *string) []byte {
	if len(p) < 8 {
		return b
	}
	sp, dp := binary.BigEndian.Uint16(p[0:2]), binary.BigEndian.Uint16(p[2:4])
	body := p[8:]
	if l := int(binary.BigEndian.Uint16(p[4:6])); l >= 8 && l-8 < len(body) {
		body = body[:l-8]
	}
	if sp == 53 || dp == 53 {
		if n, ok := appendDNS(b, body); ok {
			*proto = "DNS"
			return n
		}
	}
	b = strconv.AppendUint(b, uint64(sp), 10)
	b = append(b, " → "...)
	b = strconv.AppendUint(b, uint64(dp), 10)
	b = append(b, " Len="...)
	return strconv.AppendInt(b, int64(len(body)), 10)
}

// hex4 returns v as four lowercase hex digits.
func hex4(v uint16) string {
	return string(appendHex4(nil, v))
}

// appendHex4 appends v as four lowercase hex digits.
func appendHex4(b []byte, v uint16) []byte {
	return append(b, hexDigit(uint(v)>>12), hexDigit(uint(v)>>8), hexDigit(uint(v)>>4), hexDigit(uint(v)))
}

// hexDigit is the lowercase hex digit of v's lowest four bits.
func hexDigit(v uint) byte { return "0123456789abcdef"[v&0xf] }

// appendLinkAddr appends a link address as the summary shows it:
// resolved, as AppendEtherName does, unless NoNameResolution is set
// (tshark -n).
func (d *Decoder) appendLinkAddr(b []byte, mac [6]byte) []byte {
	if d.NoNameResolution {
		return appendMAC(b, mac[:])
	}
	return AppendEtherName(b, mac)
}
