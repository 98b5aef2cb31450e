package tcp

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// Decoder decodes the link, IP and TCP headers of capture records with one
// gopacket.DecodingLayerParser per link type. It supports Ethernet with
// (stacked) 802.1Q tags, Linux cooked capture v1 and v2, BSD loopback (NULL
// and LOOP), raw IPv4/IPv6; IPv4 with options, IPv6 with extension headers;
// TCP with options. It does not allocate per packet once warmed up.
// A Decoder is not safe for concurrent use.
type Decoder struct {
	// NoNameResolution leaves link addresses unresolved in the columns
	// Describe gives ("ff:ff:ff:ff:ff:ff", not "Broadcast"), as tshark -n.
	NoNameResolution bool

	eth   layers.Ethernet
	dot1q layers.Dot1Q
	sll   layers.LinuxSLL
	sll2  sll2
	loop  layers.Loopback
	raw   rawIP
	ip4   layers.IPv4
	ip6   layers.IPv6
	ext   layers.IPv6ExtensionSkipper
	frag  ipv6Fragment
	tcp   tcpHeader

	parsers map[LinkType]*gopacket.DecodingLayerParser
	decoded []gopacket.LayerType
	// link and parser are the link type of the last record and its
	// parser: a capture rarely changes link type, so the map is skipped.
	link   LinkType
	parser *gopacket.DecodingLayerParser
	// echo remembers the frames of echo requests for the replies that
	// answer them (Describe).
	echo map[echoKey]uint64
	// parserOnly turns off the decoding of common frames without gopacket
	// (fastHeaders), for the tests that compare both.
	parserOnly bool
}

// NewDecoder returns a Decoder for all supported link types.
func NewDecoder() *Decoder {
	d := &Decoder{parsers: make(map[LinkType]*gopacket.DecodingLayerParser), decoded: make([]gopacket.LayerType, 0, 16)}
	ipLayers := []gopacket.DecodingLayer{&d.ip4, &d.ip6, &d.ext, &d.frag, &d.tcp}
	add := func(first gopacket.LayerType, link []gopacket.DecodingLayer, types ...LinkType) {
		// A handful of layers: a linear scan finds the next one faster
		// than the default map does.
		var dlc gopacket.DecodingLayerContainer = gopacket.DecodingLayerArray(nil)
		for _, l := range append(link, ipLayers...) {
			dlc = dlc.Put(l)
		}
		p := gopacket.NewDecodingLayerParser(first)
		p.SetDecodingLayerContainer(dlc)
		p.IgnoreUnsupported = true
		for _, t := range types {
			d.parsers[t] = p
		}
	}
	add(layers.LayerTypeEthernet, []gopacket.DecodingLayer{&d.eth, &d.dot1q}, LinkTypeEthernet)
	add(layers.LayerTypeLinuxSLL, []gopacket.DecodingLayer{&d.sll, &d.dot1q}, LinkTypeLinuxSLL)
	add(layerTypeSLL2, []gopacket.DecodingLayer{&d.sll2, &d.dot1q}, LinkTypeLinuxSLL2)
	add(layers.LayerTypeLoopback, []gopacket.DecodingLayer{&d.loop}, LinkTypeNull, LinkTypeLoop)
	add(layerTypeRawIP, []gopacket.DecodingLayer{&d.raw}, LinkTypeRaw, 12, 14) // DLT_RAW on some BSDs
	add(layers.LayerTypeIPv4, nil, LinkTypeIPv4)
	add(layers.LayerTypeIPv6, nil, LinkTypeIPv6)
	return d
}

// Decode fills seg from one capture record. It returns an error matching
// ErrNotTCP for packets that carry no TCP segment (ARP, ICMP, UDP, IP
// fragments, unsupported link types) and ErrMalformed for broken headers.
// A record cut by the snap length is decoded as far as it goes: seg.Payload
// holds the captured bytes, seg.PayloadLen the length the IP header implies
// (at most what ci.Length, the length on the wire, leaves room for), and
// seg.Truncated is set.
func (d *Decoder) Decode(data []byte, ci CaptureInfo, seg *Segment) error {
	p := d.parser
	if ci.LinkType != d.link || p == nil {
		p = d.parsers[ci.LinkType]
		d.link, d.parser = ci.LinkType, p
	}
	if p == nil {
		return ErrUnsupportedLinkType
	}
	if tcpOff, ipEnd, ok := fastHeaders(data, ci.LinkType, seg); ok && !d.parserOnly {
		// fastHeaders took only a TCP header the capture holds whole
		hlen := int(data[tcpOff+12]>>4) * 4
		return fillSegment(data, ci, seg, data[tcpOff:tcpOff+hlen], tcpOff, ipEnd)
	}
	d.frag.fragmented = false
	err := p.DecodeLayers(data, &d.decoded)
	var network gopacket.LayerType
	haveTCP := false
	for _, t := range d.decoded {
		switch t {
		case layers.LayerTypeIPv4, layers.LayerTypeIPv6:
			network = t
		case layers.LayerTypeTCP:
			haveTCP = true
		}
	}
	if !haveTCP {
		if err != nil && network != gopacket.LayerTypeZero && d.nextIsTCP(network) {
			return fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		if err != nil && network == gopacket.LayerTypeZero && len(d.decoded) == 0 {
			return fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		return ErrNotTCP
	}

	// Offsets within data: every layer's Contents is a subslice of it.
	base := cap(data)
	tcpOff := base - cap(d.tcp.Contents)
	var ipEnd int
	if network == layers.LayerTypeIPv4 {
		seg.SrcIP = netip.AddrFrom4([4]byte(d.ip4.SrcIP.To4()))
		seg.DstIP = netip.AddrFrom4([4]byte(d.ip4.DstIP.To4()))
		ipEnd = base - cap(d.ip4.Contents) + int(d.ip4.Length)
	} else {
		seg.SrcIP = netip.AddrFrom16([16]byte(d.ip6.SrcIP.To16()))
		seg.DstIP = netip.AddrFrom16([16]byte(d.ip6.DstIP.To16()))
		// Payload was cut to the declared length (or to what was captured).
		ipEnd = base - cap(d.ip6.Contents) + 40 + int(d.ip6.Length)
		if d.ip6.HopByHop != nil && d.ip6.Length == 0 { // jumbogram
			ipEnd = base - cap(d.ip6.Payload) + len(d.ip6.Payload)
		}
	}
	return fillSegment(data, ci, seg, d.tcp.Contents, tcpOff, ipEnd)
}

// fillSegment fills seg from the TCP header h that tcpHeader split off at
// tcpOff in data (at least its first 20 bytes; all the bytes the capture
// holds when it cuts the header); ipEnd is where the IP header says its
// payload ends. seg's addresses are set.
func fillSegment(data []byte, ci CaptureInfo, seg *Segment, h []byte, tcpOff, ipEnd int) error {
	hlen := int(h[12]>>4) * 4
	seg.Frame = ci.Frame
	seg.Timestamp = ci.Timestamp
	seg.FrameLen = ci.Length
	seg.CapLen = ci.CaptureLength
	seg.SrcPort = binary.BigEndian.Uint16(h[0:2])
	seg.DstPort = binary.BigEndian.Uint16(h[2:4])
	seg.Seq = binary.BigEndian.Uint32(h[4:8])
	seg.Ack = binary.BigEndian.Uint32(h[8:12])
	seg.Flags = Flags(binary.BigEndian.Uint16(h[12:14]) & 0x0FFF)
	seg.Window = binary.BigEndian.Uint16(h[14:16])
	seg.Urgent = binary.BigEndian.Uint16(h[18:20])
	seg.HeaderLen = hlen
	seg.HeaderCut = hlen > len(h)
	parseOptions(h[20:], &seg.Options)
	if seg.HeaderCut {
		seg.Options.Malformed = false // the options are not malformed, just not all captured
	}

	// Only the bytes the frame had on the wire can be payload, whatever the
	// IP header claims (it may claim up to 64 KiB more).
	seg.LengthExceeds = false
	if wire := max(ci.Length, len(data)); ipEnd > wire {
		ipEnd = wire
		seg.LengthExceeds = true
	}
	seg.PayloadLen = ipEnd - tcpOff - hlen
	if seg.PayloadLen < 0 {
		return fmt.Errorf("%w: IP length %d shorter than the TCP header", ErrMalformed, ipEnd-tcpOff)
	}
	end := min(ipEnd, len(data))
	if start := tcpOff + hlen; start <= end {
		seg.Payload = data[start:end]
	} else {
		seg.Payload = data[end:end]
	}
	seg.Truncated = seg.HeaderCut || len(seg.Payload) < seg.PayloadLen
	return nil
}

// nextIsTCP reports whether the decoded network layer announced TCP.
func (d *Decoder) nextIsTCP(network gopacket.LayerType) bool {
	if network == layers.LayerTypeIPv4 {
		return d.ip4.Protocol == layers.IPProtocolTCP
	}
	return d.ip6.NextHeader == layers.IPProtocolTCP
}

// parseOptions reads TCP options the way Wireshark does, stopping at the
// first impossible length.
func parseOptions(b []byte, o *Options) {
	*o = Options{}
	for len(b) > 0 {
		kind := b[0]
		if kind == optEOL {
			return
		}
		if kind == optNOP {
			b = b[1:]
			continue
		}
		if len(b) < 2 || int(b[1]) < 2 || int(b[1]) > len(b) {
			o.Malformed = true
			return
		}
		l := int(b[1])
		v := b[2:l]
		known := true
		switch {
		case kind == optMSS && l == 4:
			o.MSS, o.HasMSS = binary.BigEndian.Uint16(v), true
		case kind == optWS && l == 3:
			o.WindowScale, o.HasWindowScale = v[0], true
		case kind == optSACKPerm && l == 2:
			o.SACKPermitted = true
		case kind == optTimestamp && l == 10:
			o.TSval, o.TSecr, o.HasTimestamps = binary.BigEndian.Uint32(v[0:4]), binary.BigEndian.Uint32(v[4:8]), true
		case kind == optSACK && (l-2)%8 == 0:
			for i := 0; i+8 <= len(v) && o.NumSACK < len(o.SACK); i += 8 {
				o.SACK[o.NumSACK] = SACKBlock{binary.BigEndian.Uint32(v[i:]), binary.BigEndian.Uint32(v[i+4:])}
				o.NumSACK++
			}
		default:
			known = false
		}
		if known && o.norder < maxOptionOrder {
			o.order[o.norder] = kind
			o.norder++
		}
		b = b[l:]
	}
}
