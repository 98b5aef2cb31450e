package tcp

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// icmpType returns packet-icmp.c's name of an ICMP type.
func icmpType(t uint8) (string, bool) {
	switch t {
	case 0:
		return "Echo (ping) reply", true
	case 3:
		return "Destination unreachable", true
	case 4:
		return "Source quench (flow control)", true
	case 5:
		return "Redirect", true
	case 8:
		return "Echo (ping) request", true
	case 9:
		return "Router advertisement", true
	case 10:
		return "Router solicitation", true
	case 11:
		return "Time-to-live exceeded", true
	case 12:
		return "Parameter problem", true
	case 13:
		return "Timestamp request", true
	case 14:
		return "Timestamp reply", true
	case 15:
		return "Information request", true
	case 16:
		return "Information reply", true
	case 17:
		return "Address mask request", true
	case 18:
		return "Address mask reply", true
	}
	return "", false
}

// icmpCode returns the name of the code of some ICMP types.
func icmpCode(t, c uint8) (string, bool) {
	switch [2]uint8{t, c} {
	case [2]uint8{3, 0}:
		return "Network unreachable", true
	case [2]uint8{3, 1}:
		return "Host unreachable", true
	case [2]uint8{3, 2}:
		return "Protocol unreachable", true
	case [2]uint8{3, 3}:
		return "Port unreachable", true
	case [2]uint8{3, 4}:
		return "Fragmentation needed", true
	case [2]uint8{3, 5}:
		return "Source route failed", true
	case [2]uint8{3, 6}:
		return "Destination network unknown", true
	case [2]uint8{3, 7}:
		return "Destination host unknown", true
	case [2]uint8{3, 8}:
		return "Source host isolated", true
	case [2]uint8{3, 9}:
		return "Network administratively prohibited", true
	case [2]uint8{3, 10}:
		return "Host administratively prohibited", true
	case [2]uint8{3, 11}:
		return "Network unreachable for TOS", true
	case [2]uint8{3, 12}:
		return "Host unreachable for TOS", true
	case [2]uint8{3, 13}:
		return "Communication administratively filtered", true
	case [2]uint8{3, 14}:
		return "Host precedence violation", true
	case [2]uint8{3, 15}:
		return "Precedence cutoff in effect", true
	case [2]uint8{5, 0}:
		return "Redirect for network", true
	case [2]uint8{5, 1}:
		return "Redirect for host", true
	case [2]uint8{5, 2}:
		return "Redirect for TOS and network", true
	case [2]uint8{5, 3}:
		return "Redirect for TOS and host", true
	case [2]uint8{11, 0}:
		return "Time to live exceeded in transit", true
	case [2]uint8{11, 1}:
		return "Fragment reassembly time exceeded", true
	}
	return "", false
}

// icmpv6Type returns packet-icmpv6.c's name of an ICMPv6 type.
func icmpv6Type(t uint8) (string, bool) {
	switch t {
	case 1:
		return "Destination Unreachable", true
	case 2:
		return "Packet Too Big", true
	case 3:
		return "Time Exceeded", true
	case 4:
		return "Parameter Problem", true
	case 128:
		return "Echo (ping) request", true
	case 129:
		return "Echo (ping) reply", true
	case 130:
		return "Multicast Listener Query", true
	case 131:
		return "Multicast Listener Report", true
	case 132:
		return "Multicast Listener Done", true
	case 133:
		return "Router Solicitation", true
	case 134:
		return "Router Advertisement", true
	case 135:
		return "Neighbor Solicitation", true
	case 136:
		return "Neighbor Advertisement", true
	case 137:
		return "Redirect", true
	case 143:
		return "Multicast Listener Report Message v2", true
	}
	return "", false
}

// icmpv6Code returns the name of the code of an ICMPv6 error message.
func icmpv6Code(t, c uint8) (string, bool) {
	switch [2]uint8{t, c} {
	case [2]uint8{1, 0}:
		return "no route to destination", true
	case [2]uint8{1, 1}:
		return "Administratively prohibited", true
	case [2]uint8{1, 2}:
		return "Beyond scope of source address", true
	case [2]uint8{1, 3}:
		return "Address unreachable", true
	case [2]uint8{1, 4}:
		return "Port unreachable", true
	case [2]uint8{3, 0}:
		return "hop limit exceeded in transit", true
	case [2]uint8{3, 1}:
		return "fragment reassembly time exceeded", true
	case [2]uint8{4, 0}:
		return "erroneous header field encountered", true
	case [2]uint8{4, 1}:
		return "unrecognized Next Header type encountered", true
	case [2]uint8{4, 2}:
		return "unrecognized IPv6 option encountered", true
	}
	return "", false
}

// appendICMP appends an ICMP message's Info: "Type (Code)", and for an
// echo its identifier, sequence number (both byte orders), the IP TTL and
// the request a reply answers.
func (d *Decoder) appendICMP(b, p []byte, frame uint64, o *Other, ttl uint8) []byte {
	if len(p) < 4 {
		return b
	}
	name, ok := icmpType(p[0])
	if !ok {
		name = "Unknown ICMP (obsolete or malformed?)"
	}
	start := len(b)
	b = append(b, name...)
	for len(b)-start < 20 { // tshark pads the type to 20 columns
		b = append(b, ' ')
	}
	if c, ok := icmpCode(p[0], p[1]); ok {
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
	name, ok := icmpv6Type(p[0])
	if !ok {
		name = "Unknown (" + strconv.Itoa(int(p[0])) + ")"
	}
	b = append(b, name...)
	if c, ok := icmpv6Code(p[0], p[1]); ok {
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
			return appendMAC(b, p[off+2:off+8])
		}
		off += l
	}
	return b
}
