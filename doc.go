// Package wsdissect dissects WebSocket traffic in packet captures the way
// Wireshark does.
//
// It wires four independent layers, each its own package:
//
//	tcp/          link, IP and TCP decoding; the conversation table
//	reassembly/   ordered byte streams and PDU attribution
//	httpupgrade/  the HTTP/1.1 Upgrade handshake
//	wsframe/      the RFC 6455 frame codec, messages and permessage-deflate
//
// The root package reads a pcap or pcapng capture in one streaming pass and
// yields, per packet, what Wireshark shows for that frame, under Wireshark's
// field names.
package wsdissect
