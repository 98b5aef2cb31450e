package httpupgrade

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

// parsed is one message of a direction and its bytes.
type parsed struct {
	m   *Message
	raw []byte
}

// messagesOf parses the messages of one direction, one after another; bytes
// after the last one (WebSocket frames) are left.
func messagesOf(t *testing.T, s string) []parsed {
	t.Helper()
	var (
		p   Parser
		out []parsed
	)
	b := []byte(s)
	for len(b) > 0 {
		m, n, _, err := p.Parse(b)
		if err != nil {
			break
		}
		out = append(out, parsed{m, b[:n]})
		b = b[n:]
	}
	require.NotEmpty(t, out)
	return out
}

// TestFillTreeAsTsharkShows fills the HTTP layer of messages of the corpus
// and compares it, line for line, with tshark 4.0.17's -2 -V of their frames
// (testdata/*.txt: the HTTP section of each frame's details).
func TestFillTreeAsTsharkShows(t *testing.T) {
	keepReqs, keepResps := messagesOf(t, keepaliveReqs), messagesOf(t, keepaliveResps)
	pageReqs, pageResps := messagesOf(t, chromiumPageReqs), messagesOf(t, chromiumPageResps)
	rejReq, rejResp := messagesOf(t, rejectedReq), messagesOf(t, rejectedResp)
	ms := time.Millisecond / 1000
	for _, c := range []struct {
		golden string
		msg    parsed
		ex     Exchange
		body   string // the body the layer finds, "" for none
	}{
		{"chromium-json-heartbeat-23", pageReqs[0], Exchange{Number: 1, Total: 2, ResponseIn: 26, NextRequestIn: 37}, ""},
		{"chromium-json-heartbeat-26", pageResps[0], Exchange{Number: 1, Total: 2, RequestIn: 23, NextRequestIn: 37, NextResponseIn: 38,
			SinceRequest: 3988 * ms, RequestURI: pageReqs[0].m.FullURI()}, "<!doctype html>\n"},
		{"chromium-json-heartbeat-38", pageResps[1], Exchange{Number: 2, Total: 2, PrevRequestIn: 23, PrevResponseIn: 26, RequestIn: 37,
			SinceRequest: 3019 * ms, RequestURI: pageReqs[1].m.FullURI()}, "no favicon\n"},
		{"keepalive-8", keepResps[0], Exchange{Number: 1, Total: 3, RequestIn: 6, NextRequestIn: 10, NextResponseIn: 11,
			SinceRequest: 36888 * ms, RequestURI: keepReqs[0].m.FullURI()}, "hello from plain HTTP, you asked for /page0.txt\n"},
		{"keepalive-14", keepResps[2], Exchange{Number: 3, Total: 3, PrevRequestIn: 10, PrevResponseIn: 11, RequestIn: 13,
			SinceRequest: 3492 * ms, RequestURI: keepReqs[2].m.FullURI()}, ""},
		{"rejected-403-12", rejResp[0], Exchange{Number: 1, Total: 1, RequestIn: 10, SinceRequest: 2994 * ms, RequestURI: rejReq[0].m.FullURI()}, "Forbidden"},
		{"subprotocol-chat-10", messagesOf(t, subprotocolChatReq)[0], Exchange{Number: 1, Total: 1, ResponseIn: 12}, ""},
	} {
		t.Run(c.golden, func(t *testing.T) {
			want, err := os.ReadFile("testdata/" + c.golden + ".txt")
			require.NoError(t, err)
			tr := field.NewTree()
			tr.AddSource("Frame", c.msg.raw)
			c.msg.m.Exchange = c.ex
			filled := FillTree(tr, c.msg.m, c.msg.raw, 0)
			assert.Equal(t, strings.Split(strings.TrimSuffix(string(want), "\n"), "\n"), lines(tr))
			assert.False(t, filled.Cut)
			assert.True(t, strings.HasPrefix(string(filled.Body), c.body), "body %q", filled.Body)
			assert.Equal(t, c.body == "", filled.Body == nil)
		})
	}
}

func lines(tr *field.Tree) []string {
	return strings.Split(strings.TrimSuffix(string(tr.AppendDetails(nil, nil)), "\n"), "\n")
}

// TestFillTreeCutHead: a head the snap length cut shows its complete lines
// and nothing after them (node-snaplen128-truncated.pcap, frame 8: the 62
// bytes of the request the capture holds).
func TestFillTreeCutHead(t *testing.T) {
	raw := []byte("GET /ws HTTP/1.1\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key")
	m := mustParse(t, string(raw[:strings.LastIndexByte(string(raw), '\n')+1])+"\r\n")
	want, err := os.ReadFile("testdata/snaplen128-8.txt")
	require.NoError(t, err)
	tr := field.NewTree()
	tr.AddSource("Frame", raw)
	filled := FillTree(tr, m, raw, 0)
	assert.True(t, filled.Cut)
	assert.Nil(t, filled.Body)
	// the marker tshark prints after the layer is the caller's
	assert.Equal(t, strings.Split(strings.TrimSuffix(string(want), "\n"), "\n"), lines(tr))
}

// TestFillTreeChunkedSource: a chunked body is de-chunked into a data source
// of its own, current after FillTree, which File Data points into.
func TestFillTreeChunkedSource(t *testing.T) {
	resp := messagesOf(t, chromiumPageResps)[1]
	tr := field.NewTree()
	tr.AddSource("Frame", resp.raw)
	filled := FillTree(tr, resp.m, resp.raw, 0)
	src := tr.Sources()
	require.Len(t, src, 2)
	assert.Equal(t, "De-chunked entity body", src[1].Name)
	assert.Equal(t, "no favicon\n", string(src[1].Data))
	assert.Equal(t, 1, tr.CurrentSource())
	assert.Equal(t, 0, filled.BodyStart)
	assert.Equal(t, "text/plain", filled.MediaType)
	n := tr.Find("http.file_data")
	require.NotEqual(t, field.NoNode, n)
	s, start, length := tr.Range(n)
	assert.Equal(t, []int{1, 0, 11}, []int{s, start, length})
}

// TestFillTreeFields checks the values -T fields and -T json print, by
// filter name, against tshark's for the same bytes, hidden items included.
func TestFillTreeFields(t *testing.T) {
	cases := []struct {
		msg  parsed
		want map[string]string
	}{
		{messagesOf(t, keepaliveResps)[0], map[string]string{
			"http.response.code":          "200",
			"http.response.code.desc":     "OK",
			"http.content_length_header":  "48",
			"http.content_length":         "48",
			"http.content_type":           "text/plain",
			"http.response.line":          `Content-Type: text/plain\r\n`, // the first; -T fields escapes
			"http.response":               "1",
			"http.file_data":              `hello from plain HTTP, you asked for /page0.txt\n`,
			"http.date":                   "Wed, 25 Nov 2026 03:57:44 GMT",
			"http.connection":             "keep-alive",
			"http.request.uri.query":      "",
			"http.request.full_uri":       "",
			"http.sec_websocket_accept":   "",
			"http.request.method":         "",
			"http.response.phrase":        "OK",
			"http.response.version":       "HTTP/1.1",
			"http.transfer_encoding":      "",
			"http.sec_websocket_protocol": "",
		}},
		{messagesOf(t, chromiumPageReqs)[0], map[string]string{
			"http.request.method":              "GET",
			"http.request.uri":                 "/?n=5&hb=3&mode=close&code=1000&reason=bye",
			"http.request.uri.path":            "/",
			"http.request.uri.query":           "n=5&hb=3&mode=close&code=1000&reason=bye",
			"http.request.uri.query.parameter": "n=5",
			"http.request.full_uri":            "http://10.77.0.1:8080/?n=5&hb=3&mode=close&code=1000&reason=bye",
			"http.request":                     "1",
			"http.accept_language":             "en-US,en;q=0.9",
			"http.host":                        "10.77.0.1:8080",
		}},
		{messagesOf(t, coderReq)[0], map[string]string{ // header names in any case
			"http.sec_websocket_key":        "Lz+fLMGkxIkdmlomiDblaA==",
			"http.sec_websocket_extensions": "permessage-deflate",
			"http.accept_encoding":          "gzip",
		}},
		{messagesOf(t, "GET / HTTP/1.1\r\nHost: h\r\nCookie: a=1; b=2\r\n\r\n")[0], map[string]string{
			"http.cookie":      "a=1; b=2",
			"http.cookie_pair": "a=1",
		}},
	}
	for _, c := range cases {
		tr := field.NewTree()
		tr.AddSource("Frame", c.msg.raw)
		FillTree(tr, c.msg.m, c.msg.raw, 0)
		for name, want := range c.want {
			n := tr.Find(name)
			if want == "" {
				assert.Equal(t, field.NoNode, n, name)
				continue
			}
			require.NotEqual(t, field.NoNode, n, name)
			assert.Equal(t, want, string(tr.AppendValue(nil, n, field.FormFields)), name)
		}
	}
}

// TestFillTreeWants: a tree that does not want HTTP gets nothing.
func TestFillTreeWants(t *testing.T) {
	m := messagesOf(t, subprotocolChatReq)[0]
	tr := field.NewTree()
	tr.Want(&field.Field{Abbrev: "tcp"})
	FillTree(tr, m.m, m.raw, 0)
	assert.Equal(t, 0, tr.Len())
	n, _, _ := FillContinuation(tr, make([]byte, 10), 0)
	assert.Equal(t, field.NoNode, n)
}

// TestStatusTexts: every status code tshark names, and the others.
func TestStatusTexts(t *testing.T) {
	for code, want := range map[int]string{101: "Switching Protocols", 200: "OK", 404: "Not Found", 418: "I'm a teapot", 599: "Server Error - Others"} {
		got, ok := statusText(code)
		assert.True(t, ok)
		assert.Equal(t, want, got)
	}
	_, ok := statusText(250)
	assert.False(t, ok)
	m := mustParse(t, "HTTP/1.1 250 Odd\r\n\r\n")
	tr := field.NewTree()
	raw := []byte("HTTP/1.1 250 Odd\r\n\r\n")
	FillTree(tr, m, raw, 0)
	assert.Equal(t, "Unknown (250)", string(tr.AppendValue(nil, tr.Find("http.response.code.desc"), field.FormFields)))
}

// TestFillTreeLengthAndCoding: Content-Length and Transfer-Encoding
// together get tshark's expert info on the second of the two (as tshark
// 4.0.17 shows it for a crafted capture, in either order).
func TestFillTreeLengthAndCoding(t *testing.T) {
	for _, c := range []struct{ head, second string }{
		{"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", `    Transfer-Encoding: chunked\r\n`},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\n3\r\nabc\r\n0\r\n\r\n", `        [Content length: 10]`},
	} {
		msg := messagesOf(t, c.head)[0]
		tr := field.NewTree()
		tr.AddSource("Frame", msg.raw)
		FillTree(tr, msg.m, msg.raw, 0)
		got := lines(tr)
		i := 0
		for i < len(got) && got[i] != c.second {
			i++
		}
		require.Less(t, i+1, len(got), c.head)
		assert.Equal(t, "        [Expert Info (Warning/Malformed): The Content-Length and Transfer-Encoding header must not be set together]", got[i+1], c.head)
	}
}

func TestFullURI(t *testing.T) {
	for head, want := range map[string]string{
		"GET /ws?a=1 HTTP/1.1\r\nHost: 10.77.0.1:8080\r\n\r\n":         "http://10.77.0.1:8080/ws?a=1",
		"GET http://proxy.test/x HTTP/1.1\r\nHost: proxy.test\r\n\r\n": "http://proxy.test/x",
		"GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n":               "",
		"HTTP/1.1 200 OK\r\nHost: looks-like-a-request.test\r\n\r\n":   "",
		"GET /ws HTTP/1.1\r\nHost:   spaced.test  \r\n\r\n":            "http://spaced.test/ws",
	} {
		assert.Equal(t, want, mustParse(t, head).FullURI(), head)
	}
}

// TestFillTreeOtherBytes: bytes that are not the message's (a caller's
// mistake, ciphertext) add nothing.
func TestFillTreeOtherBytes(t *testing.T) {
	m := messagesOf(t, subprotocolChatReq)[0]
	for _, raw := range []string{"\x17\x03\x03\x00\x10garbage\n", "HTTP/1.1 101 Switching Protocols\r\n\r\n", "GET /ws HTTP/1.1"} {
		tr := field.NewTree()
		tr.AddSource("Frame", []byte(raw))
		assert.Equal(t, Filled{}, FillTree(tr, m.m, []byte(raw), 0), "%q", raw)
		assert.Zero(t, tr.Len())
	}
}
