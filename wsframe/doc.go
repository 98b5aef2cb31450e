// Package wsframe is an RFC 6455 WebSocket frame codec that works on byte
// slices: frame headers, unmasking, close payloads, message reassembly,
// permessage-deflate inflation (RFC 7692) and protocol checks. It uses only
// the standard library, so a proxy, a fuzzer or a server's logging can use it
// on its own; the wsdissect pipeline uses it to show WebSocket traffic the way
// Wireshark does, and names the Wireshark field each value mirrors
// (websocket.opcode, websocket.masking_key, ...).
//
// # Frames
//
// ParseHeader decodes the header at the start of a buffer into a reused
// Header without allocating; when the buffer ends inside the header it
// returns ErrShortHeader and the number of header bytes needed. The payload
// that follows is Header.Length bytes long: that number comes from the wire,
// so compare it with a cap before buffering. Mask unmasks a payload in place,
// eight bytes at a time, also when it arrives in pieces.
//
// # Messages
//
// An Assembler turns the frames of one direction of a connection into
// messages: it joins the fragments of a data message, lets control frames
// pass in between (RFC 6455 §5.4), inflates compressed messages and splits
// Close payloads into code and reason. Configure it with the direction and
// the Sec-WebSocket-Extensions value of the 101 answer:
//
//	a := wsframe.NewAssembler(wsframe.Config{FromClient: true, Extensions: "permessage-deflate"})
//	for each frame: parse its header, unmask its payload, then
//	if m := a.Frame(&h, payload, frameNumber); m != nil { use m.Opcode, m.Data }
//
// With permessage-deflate, each direction has one inflate context: with
// context takeover the LZ77 window carries from one message to the next,
// with *_no_context_takeover every message starts afresh. The server_*
// parameters govern the server's messages and the client_* ones the
// client's (Wireshark 4.0 swaps them). RSV1 of the first frame marks the
// whole message as compressed, so fragmented compressed messages inflate
// too (Wireshark 4.0 does not inflate them). The pre-standard
// x-webkit-deflate-frame compresses each frame on its own. Inflation is a
// DEFLATE decoder (RFC 1951) of the package's own rather than compress/flate:
// it decodes straight into the message's buffer, reaches into the window of
// earlier messages without copying it for every message, and builds its
// Huffman tables in fixed arrays, so it allocates nothing once warmed up;
// FuzzInflate holds it to compress/flate's results.
//
// # Packet tree
//
// FillTree adds one frame to a field.Tree as Wireshark's WebSocket
// dissector shows it (tshark -V, -T json): a line per header field, the
// masking key, the payload (Text, Close with its code and reason, Ping,
// Pong), a fragment's "Continue" bytes and the reassembly tree of a
// fragmented message, over the data sources "Unmasked data", "Reassembled
// Message" and "Decompressed payload". Fields lists every websocket field
// tshark 4.0 registers (generated from its -G fields), for a registry.
// What follows a message in Wireshark (line-based text, data) is not
// WebSocket's: FillTree hands its body back to the caller.
//
// # Anomalies
//
// Bad input never panics. Protocol violations are reported as Anomaly
// values (Wireshark calls them expert infos): CheckHeader finds those a
// header alone shows, the Assembler adds fragmentation errors per frame and
// inflate failures, size caps, invalid UTF-8 and bad close codes per
// message. Every buffer is capped (Config.MaxMessageSize,
// Config.MaxDecompressedSize): a decompression bomb becomes an anomaly and
// a truncated message, and later messages are still dissected.
package wsframe
