package httpupgrade

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTSharkFieldOddHeaders checks repeated headers and odd spacing against
// tshark 4.0.17's output for the same bytes (a capture built from them and
// printed with -T fields): values joined by ",", white space after the
// colon dropped, white space at the end kept.
func TestTSharkFieldOddHeaders(t *testing.T) {
	req := mustParse(t, "GET /ws?a=b%20c HTTP/1.1\r\nHost: x\r\nupgrade:websocket  \r\nConnection: keep-alive\r\n"+
		"Connection:  Upgrade\t\r\nSec-WebSocket-Key: \tabc==  \r\nSec-WebSocket-Key: second\r\nSec-WebSocket-Version: 13\r\n"+
		"Sec-WebSocket-Protocol: a, b\r\nSec-WebSocket-Protocol: c\r\n"+
		"Sec-WebSocket-Extensions: permessage-deflate;client_max_window_bits, x-webkit-deflate-frame\r\n\r\n")
	resp := mustParse(t, "HTTP/1.1 101 Web Socket Protocol Handshake\r\nUPGRADE: WebSocket\r\nConnection: upgrade\r\n"+
		"Sec-WebSocket-Accept: zz\r\nSec-WebSocket-Accept: yy\r\n\r\n")
	wantReq := map[string]string{
		"http.request.method":           "GET",
		"http.request.uri":              "/ws?a=b%20c",
		"http.request.version":          "HTTP/1.1",
		"http.upgrade":                  "websocket  ",
		"http.connection":               "keep-alive,Upgrade\t",
		"http.sec_websocket_key":        "abc==  ,second",
		"http.sec_websocket_version":    "13",
		"http.sec_websocket_protocol":   "a, b,c",
		"http.sec_websocket_extensions": "permessage-deflate;client_max_window_bits, x-webkit-deflate-frame",
		"http.host":                     "x",
	}
	for f, want := range wantReq {
		got, ok := req.TSharkField(f)
		assert.True(t, ok, f)
		assert.Equal(t, want, got, f)
	}
	for _, f := range []string{"http.response.code", "http.sec_websocket_accept", "http.user_agent", "http.no_such_field"} {
		_, ok := req.TSharkField(f)
		assert.False(t, ok, f)
	}
	assert.Equal(t, "websocket", req.Upgrade, "typed values are trimmed")
	assert.Equal(t, "abc==", req.Key, "typed values are the first occurrence")
	assert.Equal(t, []string{"a", "b", "c"}, req.Protocols)
	assert.Equal(t, req.ProtocolRaw, "a, b,c")
	assert.Len(t, req.Extensions, 2)

	wantResp := map[string]string{
		"http.response.code":        "101",
		"http.response.phrase":      "Web Socket Protocol Handshake",
		"http.upgrade":              "WebSocket",
		"http.connection":           "upgrade",
		"http.sec_websocket_accept": "zz,yy",
	}
	for f, want := range wantResp {
		got, ok := resp.TSharkField(f)
		assert.True(t, ok, f)
		assert.Equal(t, want, got, f)
	}
	_, ok := resp.TSharkField("http.request.method")
	assert.False(t, ok)
	assert.Equal(t, "HTTP/1.1 101 Web Socket Protocol Handshake ", resp.Summary())
}

// TestSummaryMediaTypes checks what the body's media type adds to the Info
// column, against tshark 4.0.17 on 200 answers with a 2-byte body.
func TestSummaryMediaTypes(t *testing.T) {
	tests := map[string]string{
		"text/css":                          "  (text/css)",
		"text/javascript":                   "  (text/javascript)",
		"application/javascript":            "  (application/javascript)",
		"text/xml":                          " ",
		"application/xml":                   " ",
		"image/png":                         "  (image/png)",
		"text/event-stream":                 "  (text/event-stream)",
		"application/octet-stream":          " ",
		"text/html;charset=UTF-8":           "  (text/html)",
		"TEXT/HTML":                         "  (text/html)",
		"application/x-www-form-urlencoded": "  (application/x-www-form-urlencoded)",
		"multipart/form-data; boundary=x":   " ",
		"image/svg+xml":                     " ",
		"application/json; charset=utf-8":   " , JavaScript Object Notation (application/json)",
		"text/csv":                          "  (text/csv)",
		"application/problem+json":          " , JavaScript Object Notation (application/problem+json)",
		"image/x-icon":                      "  (image/x-icon)",
		"image/gif":                         "  (image/gif)",
	}
	for ct, want := range tests {
		m := mustParse(t, "HTTP/1.1 200 OK\r\nContent-Type: "+ct+"\r\nContent-Length: 2\r\n\r\nhi")
		assert.Equal(t, "HTTP/1.1 200 OK"+want, m.Summary(), ct)
	}
}

func TestLooksLike(t *testing.T) {
	tests := []struct {
		in        string
		req, resp bool
	}{
		{"GET /ws HTTP/1.1\r\n", true, false},
		{"G", true, false},
		{"GE", true, false},
		{"M-SEARCH * HTTP/1.1", true, false},
		{"UPDATEREDIRECTREF ", true, false},
		{"FOO / HTTP/1.1", false, false},
		{"get / HTTP/1.1", false, false},
		{"ET /", false, false},
		{" GET", false, false},
		{"GETX", false, false},
		{"H", true, true}, // HEAD or HTTP/
		{"HTTP/", false, true},
		{"HTTP/1.1 101 Switching Protocols", false, true},
		{"HTTP/x", false, false},
		{"\x81\x05hello", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.req, LooksLikeRequest([]byte(tt.in)), "request %q", tt.in)
		assert.Equal(t, tt.resp, LooksLikeResponse([]byte(tt.in)), "response %q", tt.in)
	}
}
