package tcp

import (
	"encoding/binary"
	"errors"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// LinkType is a pcap/pcapng link-layer header type (LINKTYPE_*). It is
// wider than gopacket's layers.LinkType (a uint8 in gopacket 1.1.19), which
// cannot hold LINKTYPE_LINUX_SLL2 (276).
type LinkType uint16

// Link types the Decoder understands.
const (
	LinkTypeNull      LinkType = 0   // BSD loopback, host byte order
	LinkTypeEthernet  LinkType = 1   // Ethernet, with or without 802.1Q tags
	LinkTypeRaw       LinkType = 101 // raw IPv4 or IPv6
	LinkTypeLoop      LinkType = 108 // OpenBSD loopback, network byte order
	LinkTypeLinuxSLL  LinkType = 113 // Linux cooked capture (tcpdump -y LINUX_SLL)
	LinkTypeIPv4      LinkType = 228 // raw IPv4
	LinkTypeIPv6      LinkType = 229 // raw IPv6
	LinkTypeLinuxSLL2 LinkType = 276 // Linux cooked capture v2 (tcpdump -i any)
)

// Layer types of this package's own decoding layers. They are never
// registered with gopacket: a DecodingLayerParser only needs distinct values.
const (
	layerTypeSLL2  gopacket.LayerType = 1<<20 + 1
	layerTypeRawIP gopacket.LayerType = 1<<20 + 2
)

// Decoding errors. They are fixed values so that a bad packet costs no allocation.
var (
	errShortSLL2     = errors.New("Linux SLL2 header shorter than 20 bytes")
	errShortRawIP    = errors.New("empty raw IP packet")
	errShortFragment = errors.New("IPv6 fragment header shorter than 8 bytes")
	errShortTCP      = errors.New("TCP header shorter than 20 bytes")
	errBadTCPHdrLen  = errors.New("TCP header length below 20 bytes")
)

// sll2 decodes the Linux "cooked" v2 header:
// protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1) addrlen(1) addr(8).
type sll2 struct {
	layers.BaseLayer
	proto layers.EthernetType
}

func (s *sll2) LayerType() gopacket.LayerType     { return layerTypeSLL2 }
func (s *sll2) CanDecode() gopacket.LayerClass    { return layerTypeSLL2 }
func (s *sll2) NextLayerType() gopacket.LayerType { return s.proto.LayerType() }
func (s *sll2) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	if len(data) < 20 {
		df.SetTruncated()
		return errShortSLL2
	}
	s.proto = layers.EthernetType(binary.BigEndian.Uint16(data[0:2]))
	s.BaseLayer = layers.BaseLayer{Contents: data[:20], Payload: data[20:]}
	return nil
}

// rawIP starts a raw IP record (LINKTYPE_RAW): the version nibble says
// whether IPv4 or IPv6 follows.
type rawIP struct {
	layers.BaseLayer
	next gopacket.LayerType
}

func (r *rawIP) LayerType() gopacket.LayerType     { return layerTypeRawIP }
func (r *rawIP) CanDecode() gopacket.LayerClass    { return layerTypeRawIP }
func (r *rawIP) NextLayerType() gopacket.LayerType { return r.next }
func (r *rawIP) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	if len(data) == 0 {
		return errShortRawIP
	}
	switch data[0] >> 4 {
	case 4:
		r.next = layers.LayerTypeIPv4
	case 6:
		r.next = layers.LayerTypeIPv6
	default:
		r.next = gopacket.LayerTypeZero
	}
	r.BaseLayer = layers.BaseLayer{Payload: data}
	return nil
}

// ipv6Fragment decodes the IPv6 fragment header. Only a whole datagram (offset
// 0, no more fragments) goes on to TCP; IPv6 reassembly is not done.
type ipv6Fragment struct {
	layers.BaseLayer
	next       gopacket.LayerType
	fragmented bool
}

func (f *ipv6Fragment) LayerType() gopacket.LayerType     { return layers.LayerTypeIPv6Fragment }
func (f *ipv6Fragment) CanDecode() gopacket.LayerClass    { return layers.LayerTypeIPv6Fragment }
func (f *ipv6Fragment) NextLayerType() gopacket.LayerType { return f.next }
func (f *ipv6Fragment) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	if len(data) < 8 {
		df.SetTruncated()
		return errShortFragment
	}
	offsetAndM := binary.BigEndian.Uint16(data[2:4])
	f.fragmented = offsetAndM>>3 != 0 || offsetAndM&1 != 0
	f.next = layers.IPProtocol(data[0]).LayerType()
	if f.fragmented {
		f.next = gopacket.LayerTypeZero
	}
	f.BaseLayer = layers.BaseLayer{Contents: data[:8], Payload: data[8:]}
	return nil
}

// tcpHeader checks the TCP header and splits it from the payload; Decoder
// reads the fields. Unlike layers.TCP it accepts malformed options, as
// Wireshark does: the segment is still shown.
type tcpHeader struct {
	layers.BaseLayer
}

func (t *tcpHeader) LayerType() gopacket.LayerType     { return layers.LayerTypeTCP }
func (t *tcpHeader) CanDecode() gopacket.LayerClass    { return layers.LayerTypeTCP }
func (t *tcpHeader) NextLayerType() gopacket.LayerType { return gopacket.LayerTypeZero }
func (t *tcpHeader) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	if len(data) < 20 {
		df.SetTruncated()
		return errShortTCP
	}
	hlen := int(data[12]>>4) * 4
	if hlen < 20 {
		return errBadTCPHdrLen
	}
	if hlen > len(data) {
		// Cut by the snap length inside the options: Wireshark still shows
		// the segment, so do we.
		df.SetTruncated()
		t.BaseLayer = layers.BaseLayer{Contents: data, Payload: data[len(data):]}
		return nil
	}
	t.BaseLayer = layers.BaseLayer{Contents: data[:hlen], Payload: data[hlen:]}
	return nil
}
