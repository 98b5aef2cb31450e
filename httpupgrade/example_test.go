package httpupgrade_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/httpupgrade"
)

// Parse a request and its answer, as they arrive on each direction of a
// connection, and check the handshake.
func Example() {
	request := []byte("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n" +
		"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
		"Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n")
	answer := []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n" +
		"\x81\x05hello") // the first WebSocket frame, in the same segment

	var client, server httpupgrade.Parser
	// The first segment holds part of the request: Parse asks for more.
	_, _, _, err := client.Parse(request[:20])
	fmt.Println(errors.Is(err, httpupgrade.ErrIncomplete))

	req, _, _, err := client.Parse(request)
	if err != nil {
		panic(err)
	}
	resp, n, _, err := server.Parse(answer)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%q\n%q\n", req.Summary(), resp.Summary())
	ok, reason := httpupgrade.Switches(req, resp)
	fmt.Println(ok, reason)
	fmt.Println("anomalies:", len(httpupgrade.Check(req, resp)))
	fmt.Printf("WebSocket bytes: %q\n", answer[n:])
	// Output:
	// true
	// "GET /chat HTTP/1.1 "
	// "HTTP/1.1 101 Switching Protocols "
	// true 101 answer with Upgrade: websocket
	// anomalies: 0
	// WebSocket bytes: "\x81\x05hello"
}

// Check reports what Wireshark does not: here an answer whose
// Sec-WebSocket-Accept does not belong to the key.
func ExampleCheck() {
	var p httpupgrade.Parser
	req, _, _, _ := p.Parse([]byte("GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"))
	resp, _, _, _ := p.Parse([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" +
		"Connection: Upgrade\r\nSec-WebSocket-Accept: x3JJHMbDL1EzLkh9GBhXDw==\r\n\r\n"))
	for _, a := range httpupgrade.Check(req, resp) {
		fmt.Println(a.Severity, a)
	}
	// Output:
	// Error httpupgrade: accept-mismatch: Sec-WebSocket-Accept is "x3JJHMbDL1EzLkh9GBhXDw==", expected "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" for key "dGhlIHNhbXBsZSBub25jZQ=="
}

func ExampleAcceptKey() {
	fmt.Println(httpupgrade.AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
	// Output: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
}

// Read the permessage-deflate parameters a server accepted.
func ExampleExtension_Deflate() {
	var p httpupgrade.Parser
	resp, _, _, err := p.Parse([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" +
		"Connection: Upgrade\r\nSec-WebSocket-Accept: 4nQAC23A+ftL0U9oHBnY9PCwRQ8=\r\n" +
		"Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10; client_max_window_bits=12\r\n\r\n"))
	if err != nil {
		panic(err)
	}
	ext, ok := resp.Extension(httpupgrade.PerMessageDeflate)
	if !ok {
		fmt.Println("no compression")
		return
	}
	d, err := ext.Deflate()
	if err != nil {
		panic(err)
	}
	fmt.Printf("server window %d bits, client window %d bits, server context takeover %v\n",
		d.ServerMaxWindowBits, d.ClientMaxWindowBits, !d.ServerNoContextTakeover)
	// Output: server window 10 bits, client window 12 bits, server context takeover true
}

// A keep-alive connection: bodies are skipped, so the next head is found.
func ExampleParser_Parse() {
	stream := []byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello" +
		"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nnot\r\n0\r\n\r\n")
	var p httpupgrade.Parser
	for len(stream) > 0 {
		m, n, _, err := p.Parse(stream)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%d %q head %d body %d\n", m.StatusCode, m.Summary(), m.HeadLen, m.BodyLen)
		stream = stream[n:]
	}
	// Output:
	// 200 "HTTP/1.1 200 OK  (text/plain)" head 64 body 5
	// 404 "HTTP/1.1 404 Not Found " head 54 body 13
}

func ExampleMessage_TSharkField() {
	var p httpupgrade.Parser
	m, _, _, _ := p.Parse([]byte("GET /ws HTTP/1.1\r\nConnection: keep-alive\r\nConnection: Upgrade\r\n" +
		"Upgrade: websocket\r\n\r\n"))
	for _, f := range []string{"http.request.method", "http.request.uri", "http.connection", "http.upgrade"} {
		v, _ := m.TSharkField(f)
		fmt.Printf("%s\t%s\n", f, v)
	}
	// Output:
	// http.request.method	GET
	// http.request.uri	/ws
	// http.connection	keep-alive,Upgrade
	// http.upgrade	websocket
}

// Show a message as tshark's packet details do: the HTTP layer of a packet
// tree, with the place of the message in its connection.
func ExampleFillTree() {
	raw := []byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\nX-Note: hi\r\n\r\nhello\n")
	var p httpupgrade.Parser
	m, _, _, err := p.Parse(raw)
	if err != nil {
		panic(err)
	}
	t := field.NewTree()
	t.AddSource("Frame", raw)
	m.Exchange = httpupgrade.Exchange{Number: 1, Total: 1, RequestIn: 4, SinceRequest: 2 * time.Millisecond}
	filled := httpupgrade.FillTree(t, m, raw, 0)
	fmt.Print(string(t.AppendDetails(nil, nil)))
	fmt.Printf("body %q (%s)\n", filled.Body, filled.MediaType)
	// Output:
	// Hypertext Transfer Protocol
	//     HTTP/1.1 200 OK\r\n
	//         [Expert Info (Chat/Sequence): HTTP/1.1 200 OK\r\n]
	//             [HTTP/1.1 200 OK\r\n]
	//             [Severity level: Chat]
	//             [Group: Sequence]
	//         Response Version: HTTP/1.1
	//         Status Code: 200
	//         [Status Code Description: OK]
	//         Response Phrase: OK
	//     Content-Type: text/plain\r\n
	//     Content-Length: 6\r\n
	//         [Content length: 6]
	//     X-Note: hi\r\n
	//     \r\n
	//     [HTTP response 1/1]
	//     [Time since request: 0.002000000 seconds]
	//     [Request in frame: 4]
	//     File Data: 6 bytes
	// body "hello\n" (text/plain)
}
