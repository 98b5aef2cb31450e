package tcp

import (
	"encoding/binary"
	"net"
	"net/netip"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	spec4 = tcpSpec{src: "10.0.0.1", dst: "10.0.0.2", sport: 40000, dport: 8080, seq: 1000, ack: 2000, ackf: true, psh: true,
		window: 512, payload: []byte("hello"),
		opts: []layers.TCPOption{{OptionType: layers.TCPOptionKindNop, OptionLength: 1}, {OptionType: layers.TCPOptionKindNop, OptionLength: 1},
			{OptionType: layers.TCPOptionKindTimestamps, OptionLength: 10, OptionData: []byte{0, 0, 0, 7, 0, 0, 0, 9}}}}
	spec6 = tcpSpec{src: "fd00::1", dst: "fd00::2", sport: 40000, dport: 8080, seq: 1000, syn: true, window: 64800,
		opts: []layers.TCPOption{{OptionType: layers.TCPOptionKindMSS, OptionLength: 4, OptionData: []byte{5, 0xb4}},
			{OptionType: layers.TCPOptionKindSACKPermitted, OptionLength: 2},
			{OptionType: layers.TCPOptionKindWindowScale, OptionLength: 3, OptionData: []byte{7}}}}
)

func sll2Header(proto layers.EthernetType) []byte {
	h := make([]byte, 20)
	binary.BigEndian.PutUint16(h[0:], uint16(proto))
	binary.BigEndian.PutUint32(h[4:], 1)
	binary.BigEndian.PutUint16(h[8:], 772)
	h[11] = 6
	return h
}

func TestDecodeLinkTypes(t *testing.T) {
	ip4 := serialize(t, ipTCP(t, spec4)...)
	ip6 := serialize(t, ipTCP(t, spec6)...)
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, EthernetType: layers.EthernetTypeDot1Q}
	qinq := serialize(t, append([]gopacket.SerializableLayer{eth,
		&layers.Dot1Q{VLANIdentifier: 10, Type: layers.EthernetTypeDot1Q},
		&layers.Dot1Q{VLANIdentifier: 20, Type: layers.EthernetTypeIPv4}}, ipTCP(t, spec4)...)...)
	// Linux cooked v1: packet type, ARPHRD type, address length, 8 address bytes, protocol.
	sll := append([]byte{0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x86, 0xdd}, ip6...)
	null := append([]byte{2, 0, 0, 0}, ip4...)  // AF_INET, little-endian host
	loop := append([]byte{0, 0, 0, 30}, ip6...) // AF_INET6 (BSD 30), network order
	for _, tc := range []struct {
		name string
		link LinkType
		data []byte
		v6   bool
	}{
		{"ethernet-ipv4", LinkTypeEthernet, ethFrame(t, spec4), false},
		{"ethernet-ipv6", LinkTypeEthernet, ethFrame(t, spec6), true},
		{"ethernet-qinq", LinkTypeEthernet, qinq, false},
		{"sll", LinkTypeLinuxSLL, sll, true},
		{"sll2", LinkTypeLinuxSLL2, append(sll2Header(layers.EthernetTypeIPv4), ip4...), false},
		{"null", LinkTypeNull, null, false},
		{"loop", LinkTypeLoop, loop, true},
		{"raw-v4", LinkTypeRaw, ip4, false},
		{"raw-v6", LinkTypeRaw, ip6, true},
		{"ipv4", LinkTypeIPv4, ip4, false},
		{"ipv6", LinkTypeIPv6, ip6, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var seg Segment
			err := NewDecoder().Decode(tc.data, CaptureInfo{Frame: 3, LinkType: tc.link, CaptureLength: len(tc.data), Length: len(tc.data)}, &seg)
			require.NoError(t, err)
			assert.Equal(t, uint64(3), seg.Frame)
			assert.Equal(t, uint16(40000), seg.SrcPort)
			assert.Equal(t, uint16(8080), seg.DstPort)
			assert.Equal(t, uint32(1000), seg.Seq)
			assert.False(t, seg.Truncated)
			if tc.v6 {
				assert.Equal(t, netip.MustParseAddr("fd00::1"), seg.SrcIP)
				assert.Equal(t, SYN, seg.Flags)
				assert.Equal(t, uint16(64800), seg.Window)
				assert.True(t, seg.Options.HasMSS)
				assert.Equal(t, uint16(1460), seg.Options.MSS)
				assert.True(t, seg.Options.SACKPermitted)
				assert.Equal(t, uint8(7), seg.Options.WindowScale)
				assert.Equal(t, 0, seg.PayloadLen)
			} else {
				assert.Equal(t, netip.MustParseAddr("10.0.0.2"), seg.DstIP)
				assert.Equal(t, PSH|ACK, seg.Flags)
				assert.Equal(t, uint32(2000), seg.Ack)
				assert.True(t, seg.Options.HasTimestamps)
				assert.Equal(t, uint32(7), seg.Options.TSval)
				assert.Equal(t, uint32(9), seg.Options.TSecr)
				assert.Equal(t, 5, seg.PayloadLen)
				assert.Equal(t, []byte("hello"), seg.Payload)
			}
		})
	}
}

func TestDecodeIPv4OptionsAndIPv6Extensions(t *testing.T) {
	ip4 := serialize(t, ipTCP(t, spec4)...)
	// Add a 4-byte IPv4 option (NOP NOP NOP EOL) by hand.
	withOpt := append(append(append([]byte(nil), ip4[:20]...), 1, 1, 1, 0), ip4[20:]...)
	withOpt[0] = 0x46
	binary.BigEndian.PutUint16(withOpt[2:], uint16(len(withOpt)))
	binary.BigEndian.PutUint16(withOpt[10:], 0) // checksum is not checked

	ip6 := serialize(t, ipTCP(t, spec6)...)
	// Insert hop-by-hop and destination options headers (8 bytes each).
	hbh := []byte{60, 0, 1, 4, 0, 0, 0, 0}                         // next: destination options
	dst := []byte{byte(layers.IPProtocolTCP), 0, 1, 4, 0, 0, 0, 0} // next: TCP
	ext := append(append(append(append([]byte(nil), ip6[:40]...), hbh...), dst...), ip6[40:]...)
	ext[6] = 0
	binary.BigEndian.PutUint16(ext[4:], uint16(len(ext)-40))
	// And a fragment header that says "whole datagram" (offset 0, M clear).
	frag := []byte{byte(layers.IPProtocolTCP), 0, 0, 0, 0, 0, 0, 1}
	whole := append(append(append([]byte(nil), ip6[:40]...), frag...), ip6[40:]...)
	whole[6] = 44
	binary.BigEndian.PutUint16(whole[4:], uint16(len(whole)-40))

	d := NewDecoder()
	var seg Segment
	require.NoError(t, d.Decode(withOpt, CaptureInfo{LinkType: LinkTypeRaw}, &seg))
	assert.Equal(t, 5, seg.PayloadLen)
	assert.Equal(t, []byte("hello"), seg.Payload)
	require.NoError(t, d.Decode(ext, CaptureInfo{LinkType: LinkTypeRaw}, &seg))
	assert.Equal(t, SYN, seg.Flags)
	assert.Equal(t, 0, seg.PayloadLen)
	require.NoError(t, d.Decode(whole, CaptureInfo{LinkType: LinkTypeRaw}, &seg))
	assert.Equal(t, uint16(8080), seg.DstPort)

	// A later fragment is not TCP we can read.
	later := append([]byte(nil), whole...)
	binary.BigEndian.PutUint16(later[40+2:], 8<<3)
	assert.ErrorIs(t, d.Decode(later, CaptureInfo{LinkType: LinkTypeRaw}, &seg), ErrNotTCP)
}

func TestDecodeTruncatedAndMalformed(t *testing.T) {
	full := ethFrame(t, spec4)
	d := NewDecoder()
	var seg Segment

	cut := full[:len(full)-3] // snap length took the last 3 payload bytes
	require.NoError(t, d.Decode(cut, CaptureInfo{LinkType: LinkTypeEthernet, Length: len(full)}, &seg))
	assert.True(t, seg.Truncated)
	assert.Equal(t, 5, seg.PayloadLen)
	assert.Equal(t, []byte("he"), seg.Payload)

	optsCut := full[:14+20+25] // inside the timestamp option: tshark still shows the segment
	require.NoError(t, d.Decode(optsCut, CaptureInfo{LinkType: LinkTypeEthernet, Length: len(full)}, &seg))
	assert.True(t, seg.HeaderCut)
	assert.True(t, seg.Truncated)
	assert.False(t, seg.Options.HasTimestamps)
	assert.Equal(t, 5, seg.PayloadLen)
	assert.Empty(t, seg.Payload)
	assert.False(t, seg.LengthExceeds)

	// An IP header claiming more than the frame had on the wire: tshark
	// counts only the bytes there (tcp.len 5) and says so.
	bogus := append([]byte(nil), full...)
	binary.BigEndian.PutUint16(bogus[14+2:], 60000)
	require.NoError(t, d.Decode(bogus, CaptureInfo{LinkType: LinkTypeEthernet, Length: len(bogus), CaptureLength: len(bogus)}, &seg))
	assert.True(t, seg.LengthExceeds)
	assert.False(t, seg.Truncated)
	assert.Equal(t, 5, seg.PayloadLen)
	assert.Equal(t, []byte("hello"), seg.Payload)
	// ... also when the snap length cut it: 3 bytes on the wire were not captured
	require.NoError(t, d.Decode(bogus[:len(bogus)-3], CaptureInfo{LinkType: LinkTypeEthernet, Length: len(bogus), CaptureLength: len(bogus) - 3}, &seg))
	assert.True(t, seg.LengthExceeds)
	assert.True(t, seg.Truncated)
	assert.Equal(t, 5, seg.PayloadLen)
	assert.Equal(t, []byte("he"), seg.Payload)

	padded := append(append([]byte(nil), full...), 0, 0, 0, 0) // Ethernet padding is not payload
	require.NoError(t, d.Decode(padded, CaptureInfo{LinkType: LinkTypeEthernet}, &seg))
	assert.Equal(t, []byte("hello"), seg.Payload)
	assert.False(t, seg.Truncated)

	badOpt := append([]byte(nil), full...)
	badOpt[14+20+20+2] = 8 // timestamp option claims 40 bytes? make kind 8 length too big
	badOpt[14+20+20+3] = 200
	require.NoError(t, d.Decode(badOpt, CaptureInfo{LinkType: LinkTypeEthernet}, &seg), "Wireshark still shows the segment")
	assert.True(t, seg.Options.Malformed)

	for _, tc := range []struct {
		name string
		data []byte
		link LinkType
		want error
	}{
		{"tcp header cut", full[:14+20+10], LinkTypeEthernet, ErrMalformed},
		{"empty", nil, LinkTypeEthernet, ErrMalformed},
		{"unknown link", full, LinkType(147), ErrUnsupportedLinkType},
		{"arp", serialize(t, &layers.Ethernet{SrcMAC: net.HardwareAddr{1, 2, 3, 4, 5, 6}, DstMAC: net.HardwareAddr{1, 2, 3, 4, 5, 6}, EthernetType: layers.EthernetTypeARP},
			&layers.ARP{AddrType: 1, Protocol: layers.EthernetTypeIPv4, HwAddressSize: 6, ProtAddressSize: 4, SourceHwAddress: make([]byte, 6), SourceProtAddress: make([]byte, 4), DstHwAddress: make([]byte, 6), DstProtAddress: make([]byte, 4)}), LinkTypeEthernet, ErrNotTCP},
		{"udp", udpPacket(t), LinkTypeRaw, ErrNotTCP},
		{"icmpv6", icmp6Packet(t), LinkTypeRaw, ErrNotTCP},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.ErrorIs(t, d.Decode(tc.data, CaptureInfo{LinkType: tc.link}, &seg), tc.want)
		})
	}
}

func TestDecodeZeroAllocs(t *testing.T) {
	d := NewDecoder()
	var seg Segment
	for _, tc := range []struct {
		link LinkType
		data []byte
	}{
		{LinkTypeEthernet, ethFrame(t, spec4)},
		{LinkTypeEthernet, ethFrame(t, spec6)},
		{LinkTypeLinuxSLL2, append(sll2Header(layers.EthernetTypeIPv4), serialize(t, ipTCP(t, spec4)...)...)},
	} {
		ci := CaptureInfo{LinkType: tc.link}
		require.NoError(t, d.Decode(tc.data, ci, &seg))
		allocs := testing.AllocsPerRun(100, func() {
			if err := d.Decode(tc.data, ci, &seg); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, "link type %d", tc.link)
	}
}

// corpusRecords reads all records of a capture into memory.
func corpusRecords(tb testing.TB, path string) ([][]byte, []CaptureInfo) {
	tb.Helper()
	r := openCapture(tb, path)
	var datas [][]byte
	var cis []CaptureInfo
	for {
		data, ci, err := nextRecord(r)
		if err != nil {
			break
		}
		datas = append(datas, append([]byte(nil), data...))
		cis = append(cis, ci)
	}
	return datas, cis
}

// BenchmarkDecode decodes a capture's frames; parser-only is gopacket's
// DecodingLayerParser for every frame, without fastHeaders.
func BenchmarkDecode(b *testing.B) {
	datas, cis := corpusRecords(b, "../testdata/node-loss-retrans.pcap")
	for _, parserOnly := range []bool{false, true} {
		name := "fast"
		if parserOnly {
			name = "parser-only"
		}
		b.Run(name, func(b *testing.B) {
			d := NewDecoder()
			d.parserOnly = parserOnly
			var seg Segment
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				j := i % len(datas)
				_ = d.Decode(datas[j], cis[j], &seg)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "packets/s")
		})
	}
}

func udpPacket(t *testing.T) []byte {
	ip := &layers.IPv4{Version: 4, TTL: 1, Protocol: layers.IPProtocolUDP, SrcIP: net.IP{1, 1, 1, 1}, DstIP: net.IP{2, 2, 2, 2}}
	udp := &layers.UDP{SrcPort: 1, DstPort: 2}
	require.NoError(t, udp.SetNetworkLayerForChecksum(ip))
	return serialize(t, ip, udp, gopacket.Payload("x"))
}

func icmp6Packet(t *testing.T) []byte {
	ip := &layers.IPv6{Version: 6, HopLimit: 1, NextHeader: layers.IPProtocolICMPv6, SrcIP: net.ParseIP("fd00::1"), DstIP: net.ParseIP("fd00::2")}
	icmp := &layers.ICMPv6{TypeCode: layers.CreateICMPv6TypeCode(128, 0)}
	require.NoError(t, icmp.SetNetworkLayerForChecksum(ip))
	return serialize(t, ip, icmp, gopacket.Payload("ping"))
}
