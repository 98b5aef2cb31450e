// Package reassembly turns the TCP segments of one direction of a
// connection into an ordered byte stream, and tells which capture frames
// carried the bytes of each upper-layer PDU: Wireshark's
// "[TCP segment of a reassembled PDU]", with its fields tcp.segment,
// tcp.reassembled.length and tcp.reassembled_in.
//
// It knows sequence numbers, payloads and frame numbers, nothing else, so
// any packet source can feed it. It imports only the standard library.
//
// # Feeding a Stream
//
// A Stream is one direction. Add hands it a segment: sequence number,
// payload, frame number and SYN/FIN/RST flags. In-order bytes become
// readable at once; bytes after a hole are held until the hole fills (as
// tshark does with tcp.reassemble_out_of_order:TRUE, so no message is
// lost); retransmitted and overlapping bytes are delivered once, and
// overlaps whose bytes differ are reported (AddResult.Conflict). Sequence
// numbers wrap around 2^32.
//
// # Reading PDUs
//
// The upper layer (an HTTP head parser, a WebSocket frame parser) reads
// Bytes, the contiguous readable bytes, and when they hold a complete PDU
// of n bytes calls Consume(n). The PDU it gets back lists the frames that
// carried those bytes in Wireshark's order and the frame it completes in.
// When PDU.Multi is set, Wireshark shows tcp.segment and
// tcp.reassembled.length on PDU.Frame and tcp.reassembled_in on every
// other listed frame; a PDU inside a single segment shows none of them.
// One frame can complete one PDU and start the next.
//
// Wireshark decides all this in two passes; a Stream does it in one. A
// pipeline that prints one record per frame holds a frame's record back
// until Pending moves past it: by then every PDU using the frame's bytes
// is complete and its tcp.reassembled_in is known.
//
// Wireshark quirks reproduced: a retransmission that arrives while a PDU
// is still open joins it (it is listed in tcp.segment after the segment it
// repeats, and shows tcp.reassembled_in), while one arriving after the PDU
// completed shows nothing; segments that complete a PDU out of order are
// listed by sequence number, not by arrival.
//
// Known difference: when a subdissector cannot tell a PDU's length from
// the bytes of its first segment (an HTTP head without its blank line, a
// WebSocket header cut short), tshark reassembles the whole next segment
// and its tcp.reassembled.length then also covers the PDUs that end inside
// that segment. A Stream reports the PDU's own length; the frames listed
// and tcp.reassembled_in are the same.
//
// # PDUs read without their payload
//
// A consumer that needs a PDU's header but not its payload (one that
// prints WebSocket frame headers only) calls Elide(h, n) once the header
// (h bytes) tells the PDU's length n and Readable() is still short of it:
// the payload bytes are then counted, not stored, and count toward no cap,
// so a PDU of any size costs the stream its header. The header stays in
// Bytes; once Readable() reaches n, Consume(n) returns the PDU it would
// have returned without Elide, and Bytes continues with the next PDU.
//
// # Holes, caps and the end of a direction
//
// A hole that never fills is found at the end: Flush (at the end of the
// capture, on FIN and on RST) drops the readable bytes before the first
// hole (they start a PDU that can never complete), jumps over the hole and
// makes the held bytes after it readable, reporting each count; call it
// again, after consuming, while Hole reports another one. Skip lets the consumer
// resynchronise earlier: it drops readable bytes it cannot parse and, asked
// for more, jumps over the next hole.
//
// Each direction holds at most Config.MaxBufferedBytes (out-of-order bytes
// plus readable bytes not consumed yet), and all streams sharing a Budget
// at most Budget.Max. Hitting a cap is reported in AddResult (CapHit,
// Dropped, Refused) and processing goes on.
//
// # Memory
//
// Add copies what it keeps, so callers may reuse their packet buffers as
// soon as it returns (gopacket's ZeroCopyReadPacketData does). Bytes
// returns the Stream's own buffer, valid until the next call that changes
// the Stream. Buffers are reused: in steady state Add and Consume allocate
// nothing.
package reassembly
