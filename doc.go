// Package wsdissect dissects WebSocket traffic in packet captures the way
// Wireshark does: the TCP connection, the HTTP Upgrade handshake, every
// WebSocket frame and message, the close handshake, under Wireshark's field
// names and printed exactly as tshark prints them.
//
// It wires four independent layers, each its own package:
//
//	tcp/          capture reading, link/IP/TCP decoding, the conversation table
//	reassembly/   ordered byte streams and PDU attribution
//	httpupgrade/  the HTTP/1.1 Upgrade handshake, parsed and checked
//	wsframe/      the RFC 6455 frame codec, messages and permessage-deflate
//
// # Reading a capture
//
// Open (or New for any io.Reader, NewSource for a gopacket packet source)
// returns a Dissector that reads the capture in one streaming pass. Use one
// of its three iterators (a second one yields ErrIterated):
//
//   - Records yields one Record per captured frame: its TCP facts
//     (tcp.stream, relative numbers, analysis flags), its reassembly facts
//     (tcp.reassembled_in, tcp.segment, tcp.reassembled.length), the HTTP
//     heads and the WebSocket frames that complete in it, and anomalies.
//   - Messages yields every complete WebSocket message: fragments joined,
//     permessage-deflate inflated, close code and reason split out.
//   - Connections yields every TCP connection as it ends (those still open
//     at the capture's end come last, by tcp.stream): handshake,
//     subprotocol, extensions, who closed with which code, TCP teardown, and
//     an Accounting of where every payload byte went.
//
// Records alone gives all three: a Record carries the messages that complete
// in it (Record.Messages) and the connections that end in it
// (Record.Closed); Dissector.Remaining gives those still open at the end.
//
// A record, message or connection is valid until the iterator moves on: the
// pipeline recycles its storage so that steady state allocates nothing per
// packet. Clone what you keep, or hold a record (Dissector.Hold) until you
// Release it, to build its tree on another goroutine without a copy.
//
// # Wireshark's two passes in one
//
// tshark marks the earlier segments of a PDU that spans several TCP
// segments with tcp.reassembled_in, which it can only know after it has seen
// the PDU's last segment: it reads the capture twice. The Dissector reads it
// once and holds a frame's record back only while a PDU using its bytes is
// incomplete, so records come out in capture order with the same facts.
//
// # The tshark view
//
// Record.AppendField prints a field ("websocket.opcode", "tcp.segment",
// "http.sec_websocket_accept", "_ws.col.Info"...) as `tshark -T fields`
// does; Fields lists them. Record.AppendSummary prints tshark's default
// one-line summary. Where Wireshark 4.0 is wrong (it swaps the
// permessage-deflate parameters of the two directions, does not inflate
// fragmented compressed messages), the right value is printed.
//
// # Speed
//
// Options.SkipPayloads dissects the structure of the traffic without the
// payloads of data frames: every field but websocket.payload.text is the
// same, and payload bytes are neither buffered, copied, unmasked nor
// inflated, so a frame of any size costs no memory (NeedsPayload tells
// which fields need them). Options.Workers puts more cores to work, and the
// records still come out in capture order, the same as in a serial run:
// with 1, a goroutine reads, decodes and tracks TCP ahead of the caller's,
// which dissects (best when the dissection is light); with more, that many
// goroutines dissect the connections whose tcp.stream falls to them (best
// when it is heavy: payloads, inflation). Open reads a pcap file
// ahead on a goroutine of its own (capture.Reader.ReadAhead), so reading costs
// the dissection nothing; with Workers, packets cross between goroutines
// pointing into the reader's chunks, which it keeps until they are
// dissected (capture.Reader.Retain): their payloads are not copied. The
// pipeline allocates nothing per packet or per frame once its buffers have
// grown (inflation aside: compress/flate allocates for some blocks), and
// reuses the reassembly storage of ended connections for new ones.
//
// # Bounded memory
//
// Every buffer has a cap (Options): connections, bytes held per direction,
// records waiting for a PDU, message and decompressed sizes. Hitting one is
// an Anomaly on the record, and dissection goes on.
package wsdissect
