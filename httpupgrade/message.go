package httpupgrade

import (
	"strconv"
	"strings"
)

// Message is one HTTP/1.x request or response head and the length of the
// body that follows it.
type Message struct {
	IsRequest  bool
	Method     string // request method, http.request.method
	Target     string // request-target as sent, http.request.uri
	Proto      string // protocol version, "HTTP/1.1"
	StatusCode int    // response status, http.response.code
	Reason     string // response reason phrase, http.response.phrase

	// Header holds every header line in order, repeated ones kept. Values
	// are as Wireshark shows them: white space after the colon removed,
	// white space at the end kept.
	Header []Field

	// Typed values: the first occurrence of each header, trimmed of white
	// space at both ends; "" when absent.
	Host       string // Host, http.host
	Origin     string // Origin
	UserAgent  string // User-Agent, http.user_agent
	Upgrade    string // Upgrade, http.upgrade
	Connection string // Connection, http.connection
	Key        string // Sec-WebSocket-Key, http.sec_websocket_key
	Accept     string // Sec-WebSocket-Accept, http.sec_websocket_accept
	WSVersion  string // Sec-WebSocket-Version, http.sec_websocket_version

	// Protocols lists the subprotocols of every Sec-WebSocket-Protocol
	// header, in order; ProtocolRaw is the field http.sec_websocket_protocol
	// as tshark prints it (occurrences joined by ",").
	Protocols   []string
	ProtocolRaw string
	// Extensions lists the extensions of every Sec-WebSocket-Extensions
	// header, in order; ExtensionsRaw is the field
	// http.sec_websocket_extensions as tshark prints it.
	Extensions    []Extension
	ExtensionsRaw string
	// ExtensionsErr is set when a Sec-WebSocket-Extensions value is not
	// well-formed; Extensions then holds what could be parsed.
	ExtensionsErr error

	ContentLength int64 // Content-Length, -1 when absent
	Chunked       bool  // the body has chunked transfer coding

	HeadLen int // bytes of the head, start line to blank line included
	BodyLen int // bytes of the body after the head, as sent (chunked: all of it)
	// BodyUntilClose reports a response whose body has neither
	// Content-Length nor chunked coding: it runs to the end of the
	// connection, and BodyLen is 0.
	BodyUntilClose bool

	// Exchange is the message's place among the requests and responses of
	// its connection, for FillTree. Parse leaves it zero: whoever sees both
	// directions pairs the messages (the wsdissect pipeline does).
	Exchange Exchange

	startLine string // the start line as sent, without its line end
	bodyBytes int64  // bytes of body data (decoded, for a chunked body)
}

// Field is one header line: its name as sent and its value.
type Field struct{ Name, Value string }

// Values returns the values of every header named name (case-insensitive),
// in order, as Wireshark shows them.
func (m *Message) Values(name string) []string {
	var vs []string
	for _, f := range m.Header {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// Get returns the first value of the header named name (case-insensitive),
// trimmed of white space, and whether the header is present.
func (m *Message) Get(name string) (string, bool) {
	for _, f := range m.Header {
		if strings.EqualFold(f.Name, name) {
			return trimOWS(f.Value), true
		}
	}
	return "", false
}

// count returns how many headers are named name.
func (m *Message) count(name string) int {
	n := 0
	for _, f := range m.Header {
		if strings.EqualFold(f.Name, name) {
			n++
		}
	}
	return n
}

// headerOfField maps Wireshark's http field names to the header they show.
func headerOfField(field string) string {
	switch field {
	case "http.upgrade":
		return "Upgrade"
	case "http.connection":
		return "Connection"
	case "http.host":
		return "Host"
	case "http.user_agent":
		return "User-Agent"
	case "http.content_type":
		return "Content-Type"
	case "http.transfer_encoding":
		return "Transfer-Encoding"
	case "http.sec_websocket_key":
		return "Sec-WebSocket-Key"
	case "http.sec_websocket_accept":
		return "Sec-WebSocket-Accept"
	case "http.sec_websocket_version":
		return "Sec-WebSocket-Version"
	case "http.sec_websocket_protocol":
		return "Sec-WebSocket-Protocol"
	case "http.sec_websocket_extensions":
		return "Sec-WebSocket-Extensions"
	}
	return ""
}

// TSharkField returns the value of the Wireshark field named field exactly
// as `tshark -T fields -e field` prints it for this message, and whether
// the message has that field. It knows http.request.method,
// http.request.uri, http.request.version, http.response.code,
// http.response.phrase, http.response.version and the header fields
// http.upgrade, http.connection, http.host, http.user_agent,
// http.content_type, http.transfer_encoding and http.sec_websocket_key,
// _accept, _version, _protocol, _extensions. A header that occurs several
// times prints as its values joined by ",", each with the white space after
// the colon removed and the white space at its end kept.
func (m *Message) TSharkField(field string) (string, bool) {
	switch field {
	case "http.request.method":
		return m.Method, m.IsRequest
	case "http.request.uri":
		return m.Target, m.IsRequest
	case "http.request.version":
		return m.Proto, m.IsRequest
	case "http.response.code":
		if m.IsRequest {
			return "", false
		}
		return strconv.Itoa(m.StatusCode), true
	case "http.response.phrase":
		return m.Reason, !m.IsRequest && m.Reason != ""
	case "http.response.version":
		return m.Proto, !m.IsRequest
	}
	name := headerOfField(field)
	if name == "" {
		return "", false
	}
	vs := m.Values(name)
	return strings.Join(vs, ","), len(vs) > 0
}
