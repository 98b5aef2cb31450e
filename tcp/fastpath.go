package tcp

import (
	"encoding/binary"
	"net/netip"
)

// fastHeaders decodes the common case without gopacket: an Ethernet frame
// (no 802.1Q tag) carrying IPv4 without options or fragmentation, or IPv6
// without extension headers, carrying a TCP header that the capture holds
// whole. It reports false for anything else, which the DecodingLayerParser
// then decodes: what it returns is what that path finds for the same bytes
// (TestFastPathMatchesParser). net is the offset of the IP header, tcpOff
// that of the TCP header, and ipEnd where the IP header says its payload
// ends (before the frame's length bounds it).
func fastHeaders(data []byte, link LinkType, seg *Segment) (tcpOff, ipEnd int, ok bool) {
	net := 0
	switch link {
	case LinkTypeEthernet:
		if len(data) < 14 {
			return 0, 0, false
		}
		net = 14
		switch binary.BigEndian.Uint16(data[12:14]) {
		case 0x0800:
			return fastIPv4(data, net, seg)
		case 0x86dd:
			return fastIPv6(data, net, seg)
		}
	case LinkTypeIPv4:
		return fastIPv4(data, net, seg)
	case LinkTypeIPv6:
		return fastIPv6(data, net, seg)
	}
	return 0, 0, false
}

// fastIPv4 is fastHeaders' IPv4 header at offset net, as layers.IPv4 reads
// it: the version nibble is not checked, a total length of 0 (TCP
// segmentation offload) stands for the bytes captured.
func fastIPv4(data []byte, net int, seg *Segment) (tcpOff, ipEnd int, ok bool) {
	ip := data[net:]
	if len(ip) < 20 || ip[0]&0x0f != 5 || ip[9] != 6 || binary.BigEndian.Uint16(ip[6:8])&0x3fff != 0 {
		return 0, 0, false // options, another protocol, or a fragment
	}
	length := int(binary.BigEndian.Uint16(ip[2:4]))
	if length == 0 {
		length = len(ip)
	}
	if length < 20 {
		return 0, 0, false
	}
	tcpOff = net + 20
	end := min(net+length, len(data))
	if !fastTCP(data[tcpOff:end]) {
		return 0, 0, false
	}
	seg.SrcIP = netip.AddrFrom4([4]byte(ip[12:16]))
	seg.DstIP = netip.AddrFrom4([4]byte(ip[16:20]))
	return tcpOff, net + length, true
}

// fastIPv6 is fastHeaders' IPv6 header at offset net, as layers.IPv6 reads
// it when the next header is TCP.
func fastIPv6(data []byte, net int, seg *Segment) (tcpOff, ipEnd int, ok bool) {
	ip := data[net:]
	if len(ip) < 40 || ip[6] != 6 {
		return 0, 0, false
	}
	length := int(binary.BigEndian.Uint16(ip[4:6]))
	if length == 0 {
		return 0, 0, false // an error for the parser
	}
	tcpOff = net + 40
	end := min(tcpOff+length, len(data))
	if !fastTCP(data[tcpOff:end]) {
		return 0, 0, false
	}
	seg.SrcIP = netip.AddrFrom16([16]byte(ip[8:24]))
	seg.DstIP = netip.AddrFrom16([16]byte(ip[24:40]))
	return tcpOff, tcpOff + length, true
}

// fastTCP reports whether tcpHeader would split b without an error or a
// cut: a header of 20 bytes or more that b holds whole.
func fastTCP(b []byte) bool {
	if len(b) < 20 {
		return false
	}
	hlen := int(b[12]>>4) * 4
	return hlen >= 20 && hlen <= len(b)
}
