package tcp

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// icmpTypes are packet-icmp.c's names of ICMP types.
var icmpTypes = map[uint8]string{
	0: "Echo (ping) reply", 3: "Destination unreachable", 4: "Source quench (flow control)",
	5: "Redirect", 8: "Echo (ping) request", 9: "Router advertisement", 10: "Router solicitation",
	11: "Time-to-live exceeded", 12: "Parameter problem", 13: "Timestamp request",
	14: "Timestamp reply", 15: "Information request", 16: "Information reply",
	17: "Address mask request", 18: "Address mask reply",
}

// icmpCodes are the names of the codes of some ICMP types.
var icmpCodes = map[[2]uint8]string{
	{3, 0}: "Network unreachable", {3, 1}: "Host unreachable", {3, 2}: "Protocol unreachable",
	{3, 3}: "Port unreachable", {3, 4}: "Fragmentation needed", {3, 5}: "Source route failed",
	{3, 6}: "Destination network unknown", {3, 7}: "Destination host unknown",
	{3, 8}: "Source host isolated", {3, 9}: "Network administratively prohibited",
	{3, 10}: "Host administratively prohibited", {3, 11}: "Network unreachable for TOS",
	{3, 12}: "Host unreachable for TOS", {3, 13}: "Communication administratively filtered",
	{3, 14}: "Host precedence violation", {3, 15}: "Precedence cutoff in effect",
	{5, 0}: "Redirect for network", {5, 1}: "Redirect for host",
	{5, 2}: "Redirect for TOS and network", {5, 3}: "Redirect for TOS and host",
	{11, 0}: "Time to live exceeded in transit", {11, 1}: "Fragment reassembly time exceeded",
}

// icmpv6Types are packet-icmpv6.c's names of ICMPv6 types.
var icmpv6Types = map[uint8]string{
	1: "Destination Unreachable", 2: "Packet Too Big", 3: "Time Exceeded", 4: "Parameter Problem",
	128: "Echo (ping) request", 129: "Echo (ping) reply", 130: "Multicast Listener Query",
	131: "Multicast Listener Report", 132: "Multicast Listener Done", 133: "Router Solicitation",
	134: "Router Advertisement", 135: "Neighbor Solicitation", 136: "Neighbor Advertisement",
	137: "Redirect", 143: "Multicast Listener Report Message v2",
}

// icmpv6Codes are the names of the codes of the ICMPv6 error messages.
var icmpv6Codes = map[[2]uint8]string{
	{1, 0}: "no route to destination", {1, 1}: "Administratively prohibited",
	{1, 2}: "Beyond scope of source address", {1, 3}: "Address unreachable",
	{1, 4}: "Port unreachable", {3, 0}: "hop limit exceeded in transit",
	{3, 1}: "fragment reassembly time exceeded", {4, 0}: "erroneous header field encountered",
	{4, 1}: "unrecognized Next Header type encountered", {4, 2}: "unrecognized IPv6 option encountered",
}

// appendICMP appends an ICMP message's Info: "Type (Code)", and for an
// echo its identifier, sequence number (both byte orders), the IP TTL and
// the request a reply answers.
func (d *Decoder) appendICMP(b, p []byte, frame uint64, o *Other, ttl uint8) []byte {
	if len(p) < 4 {
		return b
	}
	name, ok := icmpTypes[p[0]]
	if !ok {
		name = "Unknown ICMP (obsolete or malformed?)"
	}
	start := len(b)
	b = append(b, name...)
	for len(b)-start < 20 { // tshark pads the type to 20 columns
		b = append(b, ' ')
	}
	if c, ok := icmpCodes[[2]uint8{p[0], p[1]}]; ok {
		b = append(b, " ("...)
		b = append(b, c...)
		b = append(b, ')')
	}
	if (p[0] != 0 && p[0] != 8) || len(p) < 8 {
		return b
	}
	id, seq := binary.BigEndian.Uint16(p[4:6]), binary.BigEndian.Uint16(p[6:8])
	b = append(b, " id=0x"...)
	b = appendHex4(b, id)
	b = append(b, ", seq="...)
	b = strconv.AppendUint(b, uint64(seq), 10)
	b = append(b, '/')
	b = strconv.AppendUint(b, uint64(seq>>8|seq<<8), 10)
	b = append(b, ", ttl="...)
	b = strconv.AppendUint(b, uint64(ttl), 10)
	return d.appendEcho(b, p[0] == 8, o.SrcIP, o.DstIP, id, seq, frame)
}

// appendEcho remembers an echo request, or appends " (request in N)" to a
// reply that answers one, as tshark does in one pass.
func (d *Decoder) appendEcho(b []byte, request bool, src, dst netip.Addr, id, seq uint16, frame uint64) []byte {
	if request {
		if d.echo == nil || len(d.echo) >= maxEchoRequests {
			d.echo = make(map[echoKey]uint64)
		}
		d.echo[echoKey{src, dst, id, seq}] = frame
		return b
	}
	if req, ok := d.echo[echoKey{dst, src, id, seq}]; ok {
		b = append(b, " (request in "...)
		b = strconv.AppendUint(b, req, 10)
		b = append(b, ')')
	}
	return b
}

// appendICMPv6 appends an ICMPv6 message's Info: its type, the code of an
// error, and what neighbor discovery and echo messages say.
func (d *Decoder) appendICMPv6(b, p []byte, frame uint64, o *Other, hopLimit uint8) []byte {
	if len(p) < 4 {
		return b
	}
	name, ok := icmpv6Types[p[0]]
	if !ok {
		name = "Unknown (" + strconv.Itoa(int(p[0])) + ")"
	}
	b = append(b, name...)
	if c, ok := icmpv6Codes[[2]uint8{p[0], p[1]}]; ok {
		b = append(b, " ("...)
		b = append(b, c...)
		b = append(b, ')')
	}
	switch p[0] {
	case 128, 129:
		if len(p) < 8 {
			return b
		}
		id, seq := binary.BigEndian.Uint16(p[4:6]), binary.BigEndian.Uint16(p[6:8])
		b = append(b, " id=0x"...)
		b = appendHex4(b, id)
		b = append(b, ", seq="...)
		b = strconv.AppendUint(b, uint64(seq), 10)
		b = append(b, ", hop limit="...)
		b = strconv.AppendUint(b, uint64(hopLimit), 10)
		return d.appendEcho(b, p[0] == 128, o.SrcIP, o.DstIP, id, seq, frame)
	case 133: // router solicitation: reserved(4), options
		return appendLinkOption(b, p, 8, 1, " from ")
	case 134: // router advertisement: hop limit, flags, lifetime(2), reachable(4), retrans(4), options
		return appendLinkOption(b, p, 16, 1, " from ")
	case 135: // neighbor solicitation: reserved(4), target(16), options
		if len(p) < 24 {
			return b
		}
		b = append(b, " for "...)
		b = netip.AddrFrom16([16]byte(p[8:24])).AppendTo(b)
		return appendLinkOption(b, p, 24, 1, " from ")
	case 136: // neighbor advertisement: flags(4), target(16), options
		if len(p) < 24 {
			return b
		}
		b = append(b, ' ')
		b = netip.AddrFrom16([16]byte(p[8:24])).AppendTo(b)
		if f := p[4] & 0xe0; f != 0 {
			b = append(b, " ("...)
			sep := ""
			for i, n := range [3]string{"rtr", "sol", "ovr"} {
				if f&(0x80>>i) != 0 {
					b = append(b, sep...)
					b = append(b, n...)
					sep = ", "
				}
			}
			b = append(b, ')')
		}
		return appendLinkOption(b, p, 24, 2, " is at ")
	}
	return b
}

// appendLinkOption appends what the first neighbor discovery option of the
// given type (1: source, 2: target link-layer address) says, from off on.
func appendLinkOption(b, p []byte, off int, typ uint8, text string) []byte {
	for off+2 <= len(p) {
		l := int(p[off+1]) * 8
		if l == 0 || off+l > len(p) {
			return b
		}
		if p[off] == typ && l >= 8 {
			b = append(b, text...)
			return appendHexBytes(b, p[off+2:off+8])
		}
		off += l
	}
	return b
}
