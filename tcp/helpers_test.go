package tcp

import (
	"net"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/require"
)

// t0 is the time of the first test packet.
var t0 = time.Date(2024, 5, 1, 12, 0, 0, 123456789, time.UTC)

// tcpSpec describes a segment to build.
type tcpSpec struct {
	src, dst       string // IP addresses
	sport, dport   uint16
	seq, ack       uint32
	syn, ackf, fin bool
	rst, psh       bool
	window         uint16
	payload        []byte
	opts           []layers.TCPOption
}

// ipTCP serializes the network and transport layers of s.
func ipTCP(t testing.TB, s tcpSpec) []gopacket.SerializableLayer {
	t.Helper()
	tcp := &layers.TCP{SrcPort: layers.TCPPort(s.sport), DstPort: layers.TCPPort(s.dport), Seq: s.seq, Ack: s.ack,
		SYN: s.syn, ACK: s.ackf, FIN: s.fin, RST: s.rst, PSH: s.psh, Window: s.window, Options: s.opts}
	src, dst := net.ParseIP(s.src), net.ParseIP(s.dst)
	require.NotNil(t, src)
	if src.To4() != nil {
		ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: src.To4(), DstIP: dst.To4()}
		require.NoError(t, tcp.SetNetworkLayerForChecksum(ip))
		return []gopacket.SerializableLayer{ip, tcp, gopacket.Payload(s.payload)}
	}
	ip := &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: layers.IPProtocolTCP, SrcIP: src, DstIP: dst}
	require.NoError(t, tcp.SetNetworkLayerForChecksum(ip))
	return []gopacket.SerializableLayer{ip, tcp, gopacket.Payload(s.payload)}
}

// serialize builds a packet from layers.
func serialize(t testing.TB, ls ...gopacket.SerializableLayer) []byte {
	t.Helper()
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, ls...))
	return append([]byte(nil), buf.Bytes()...)
}

// ethFrame builds an Ethernet frame carrying s.
func ethFrame(t testing.TB, s tcpSpec) []byte {
	typ := layers.EthernetTypeIPv4
	if net.ParseIP(s.src).To4() == nil {
		typ = layers.EthernetTypeIPv6
	}
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, EthernetType: typ}
	return serialize(t, append([]gopacket.SerializableLayer{eth}, ipTCP(t, s)...)...)
}
