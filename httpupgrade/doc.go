// Package httpupgrade finds and checks the WebSocket opening handshake
// (RFC 6455 §4): the HTTP/1.1 request with "Upgrade: websocket" and the
// "101 Switching Protocols" answer that turn a TCP connection into a
// WebSocket connection.
//
// It works on plain byte slices and imports only the standard library and
// the leaf package field, so a proxy, a fuzzer or a server's logging can use
// it alone; in this module it is the layer between TCP reassembly and the
// WebSocket frame codec.
//
// # Parsing
//
// A [Parser] reads one direction of a connection, one message after
// another. [Parser.Parse] is incremental in the simplest way: hand it the
// bytes received so far, starting at a message boundary; it returns
// [ErrIncomplete] (without allocating) until a whole message is there, then
// the [Message] and the number of bytes it takes. Bodies delimited by
// Content-Length or chunked encoding are skipped exactly, so the next head
// of a keep-alive connection is found; bytes after a 101 answer are left
// alone for the WebSocket layer. Every length read from the input is
// checked against a [Limits] cap, and bad input gives a [*ParseError] that
// wraps a sentinel ([ErrMalformed], [ErrHeadTooLarge], [ErrTooManyHeaders],
// [ErrBodyTooLarge]) and never a panic.
//
// # The tshark view
//
// Message fields mirror Wireshark's http fields (http.request.method,
// http.response.code, http.sec_websocket_key, ...); [Message.TSharkField]
// prints them exactly as `tshark -T fields` does, including repeated
// headers and the trailing white space Wireshark keeps, and
// [Message.Summary] gives the Info column text.
//
// # The packet tree
//
// [FillTree] adds a message to a [field.Tree] as tshark shows it in packet
// details and -T json: the start line with its expert info, every header
// line with the field tshark extracts from it (Fields lists them all, with
// tshark's names), the message's place in its connection ([Exchange]:
// "[HTTP request 1/2]", "[Response in frame: 8]"), chunks and "File Data".
// A chunked body is de-chunked into a data source of its own, "De-chunked
// entity body"; [FillContinuation] shows bytes tshark cannot parse.
//
// # The handshake
//
// [Switches] applies Wireshark's rule for when a connection becomes
// WebSocket: a 101 answer with "Upgrade: websocket" after a request.
// [Check] makes the checks Wireshark does not and reports them as
// [Anomaly] values: a Sec-WebSocket-Accept that is not [AcceptKey] of the
// key, a missing or repeated key, a version other than 13, extensions or a
// subprotocol the request did not offer, a method other than GET, missing
// Upgrade or Connection tokens. [Extension.Deflate] reads the
// permessage-deflate parameters (RFC 7692) the answer negotiated.
package httpupgrade
