package httpupgrade

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseSplitEverywhere feeds every prefix of each corpus stream: a
// prefix shorter than the first message is ErrIncomplete (with the right
// need when the body length is known), a longer one gives the same message.
func TestParseSplitEverywhere(t *testing.T) {
	streams := map[string]string{
		"subprotocolChatReq": subprotocolChatReq, "subprotocolChatResp": subprotocolChatResp,
		"chromiumPageResps": chromiumPageResps, "chromiumUpgradeReq": chromiumUpgradeReq,
		"keepaliveResps": keepaliveResps, "rejectedResp": rejectedResp, "welcomeResp": welcomeResp,
		"noCtxReq": noCtxReq, "noCtxResp": noCtxResp, "ipv6Req": ipv6Req, "ipv6Resp": ipv6Resp,
	}
	for name, s := range streams {
		t.Run(name, func(t *testing.T) {
			var p Parser
			want, wantN, _, err := p.Parse([]byte(s))
			require.NoError(t, err)
			for i := 0; i <= len(s); i++ {
				m, n, need, err := p.Parse([]byte(s[:i]))
				if i < wantN {
					require.ErrorIs(t, err, ErrIncomplete, "prefix %d", i)
					require.Nil(t, m)
					if i >= want.HeadLen && want.ContentLength >= 0 {
						require.Equal(t, wantN-i, need, "prefix %d", i)
					} else if need > 0 {
						require.LessOrEqual(t, i+need, wantN, "prefix %d: need overshoots", i)
					}
					continue
				}
				require.NoError(t, err, "prefix %d", i)
				require.Equal(t, wantN, n, "prefix %d", i)
				require.Equal(t, want, m, "prefix %d", i)
			}
		})
	}
}

// TestParseMalformed feeds hostile and broken input: each gives its
// sentinel, as soon as it can be seen, without panicking.
func TestParseMalformed(t *testing.T) {
	longLine := "GET / HTTP/1.1\r\nX-Long: " + strings.Repeat("a", 1<<20) + "\r\n\r\n"
	manyHeaders := "GET / HTTP/1.1\r\n" + strings.Repeat("X: a\r\n", 10000) + "\r\n"
	neverEnds := "GET / HTTP/1.1\r\n" + strings.Repeat("X-Pad: "+strings.Repeat("0123456789", 40)+"\r\n", 200)
	tests := []struct {
		name  string
		in    string
		want  error
		where string // in the message
	}{
		{"1 MiB header line", longLine, ErrHeadTooLarge, "65536"},
		{"10,000 headers", manyHeaders, ErrTooManyHeaders, "256"},
		{"head that never ends", neverEnds, ErrHeadTooLarge, "head not ended"},
		{"start line that never ends", "GET /" + strings.Repeat("a", 70000), ErrHeadTooLarge, "start line"},
		{"NUL in start line", "GET /\x00 HTTP/1.1\r\n\r\n", ErrMalformed, "NUL"},
		{"NUL before start line ends", "GET /\x00", ErrMalformed, "byte 5"},
		{"NUL in header value", "GET / HTTP/1.1\r\nHost: a\x00b\r\n\r\n", ErrMalformed, "NUL"},
		{"NUL in unfinished header", "GET / HTTP/1.1\r\nHost: a\x00", ErrMalformed, "NUL"},
		{"WebSocket frame, not HTTP", "\x81\x05hello", ErrMalformed, "not an HTTP"},
		{"TLS, not HTTP", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", ErrMalformed, "not an HTTP"},
		{"bad status line", "HTTP/1.1 2x0 OK\r\n\r\n", ErrMalformed, "status line"},
		{"status line without code", "HTTP/1.1\r\n\r\n", ErrMalformed, "status line"},
		{"bad version", "GET / HTTP/one\r\n\r\n", ErrMalformed, "request line"},
		{"request without target", "GET HTTP/1.1\r\n\r\n", ErrMalformed, "request line"},
		{"bad method", "GE(T / HTTP/1.1\r\n\r\n", ErrMalformed, "method"},
		{"header without colon", "GET / HTTP/1.1\r\nHost\r\n\r\n", ErrMalformed, "without a name and colon"},
		{"space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", ErrMalformed, "header name"},
		{"empty header name", "GET / HTTP/1.1\r\n: x\r\n\r\n", ErrMalformed, "without a name"},
		{"folded header", "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", ErrMalformed, "folded"},
		{"CR inside value", "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", ErrMalformed, "CR"},
		{"Content-Length 2^63", "HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775808\r\n\r\n", ErrMalformed, "Content-Length"},
		{"Content-Length 2^59", "HTTP/1.1 200 OK\r\nContent-Length: 576460752303423488\r\n\r\n", ErrBodyTooLarge, "576460752303423488"},
		{"Content-Length negative", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", ErrMalformed, "Content-Length"},
		{"Content-Length list", "HTTP/1.1 200 OK\r\nContent-Length: 1, 1\r\n\r\nx", ErrMalformed, "Content-Length"},
		{"conflicting Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx", ErrMalformed, "conflicting"},
		{"chunk size overflows", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n", ErrMalformed, "chunk size"},
		{"chunk size 2^63", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8000000000000000\r\n", ErrMalformed, "chunk size"},
		{"chunk size over the cap", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n", ErrBodyTooLarge, "chunked body"},
		{"chunks adding up over the cap", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
			strings.Repeat("800000\r\n", 1) + strings.Repeat("x", 0x800000) + "\r\n" + "800001\r\n", ErrBodyTooLarge, "chunked body"},
		{"chunk size not hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", ErrMalformed, "chunk size"},
		{"chunk size line never ends", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1" + strings.Repeat(" ", 5000), ErrMalformed, "chunk-size line"},
		{"chunk data too long", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", ErrMalformed, "chunk data"},
		{"trailer section never ends", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + strings.Repeat("X: y\r\n", 20000), ErrHeadTooLarge, "trailer"},
		{"request with gzip body", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", ErrMalformed, "Transfer-Encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Parser
			m, n, _, err := p.Parse([]byte(tt.in))
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, m)
			assert.Zero(t, n)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Contains(t, err.Error(), tt.where)
			assert.Contains(t, err.Error(), "at byte "+strconv.Itoa(pe.Offset))
		})
	}
}

func TestParseLimits(t *testing.T) {
	_, _, _, err := (&Parser{Limits: Limits{MaxHeaders: 2}}).Parse([]byte(rejectedReq))
	assert.ErrorIs(t, err, ErrTooManyHeaders)
	p := Parser{Limits: Limits{MaxHeadBytes: 64, MaxHeaders: 2, MaxBodyBytes: 4}}
	_, _, _, err = p.Parse([]byte("GET / HTTP/1.1\r\nX: " + strings.Repeat("a", 60) + "\r\n\r\n"))
	assert.ErrorIs(t, err, ErrHeadTooLarge)
	_, _, _, err = p.Parse([]byte(rejectedResp[:70]))
	assert.ErrorIs(t, err, ErrHeadTooLarge, "a head that cannot end within the cap fails before it is complete")
	_, _, _, err = p.Parse([]byte("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"))
	assert.ErrorIs(t, err, ErrBodyTooLarge)
	m, n, _, err := p.Parse([]byte("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd"))
	require.NoError(t, err)
	assert.Equal(t, 4, m.BodyLen)
	assert.Equal(t, 42, n)
}

func TestParseBodies(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		noBody     bool // ExpectNoBody before parsing
		bodyLen    int
		untilClose bool
		summary    string
	}{
		{"101 ignores Content-Length", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nContent-Length: 5\r\n\r\nabcde", false, 0, false, "HTTP/1.1 101 Switching Protocols "},
		{"100 Continue", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", false, 0, false, "HTTP/1.1 100 Continue "},
		{"204", "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n", false, 0, false, "HTTP/1.1 204 No Content "},
		{"304", "HTTP/1.1 304 Not Modified\r\nContent-Type: text/html\r\nContent-Length: 3\r\n\r\n", false, 0, false, "HTTP/1.1 304 Not Modified "},
		{"answer to HEAD", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 3\r\n\r\n", true, 0, false, "HTTP/1.1 200 OK "},
		{"Content-Length 0", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Type: text/html\r\n\r\n", false, 0, false, "HTTP/1.1 200 OK "},
		{"body without type", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", false, 2, false, "HTTP/1.1 200 OK "},
		{"body to the end of the connection", "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it", false, 0, true, "HTTP/1.0 200 OK "},
		{"gzip coding to the end", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n\x1f\x8b", false, 0, true, "HTTP/1.1 200 OK "},
		{"chunked wins over Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: gzip, chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n", false, 11, false, "HTTP/1.1 200 OK "},
		{"chunked with extensions and trailers", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n3;name=v\r\nabc\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\n", false, 40, false, "HTTP/1.1 200 OK  (text/plain)"},
		{"chunked with bare LF", "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n", false, 9, false, "HTTP/1.1 200 OK "},
		{"empty chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n0\r\n\r\n", false, 5, false, "HTTP/1.1 200 OK "},
		{"request with JSON body", "POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}", false, 7, false, "POST /api HTTP/1.1 , JavaScript Object Notation (application/json)"},
		{"request with form body", "POST /f HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b", false, 3, false, "POST /f HTTP/1.1  (application/x-www-form-urlencoded)"},
		{"request without length has no body", "POST /f HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n", false, 0, false, "POST /f HTTP/1.1 "},
		{"request ExpectNoBody does not apply to", "POST /f HTTP/1.1\r\nContent-Length: 1\r\n\r\nx", true, 1, false, "POST /f HTTP/1.1 "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Parser
			if tt.noBody {
				p.ExpectNoBody()
			}
			m, n, _, err := p.Parse([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.bodyLen, m.BodyLen)
			assert.Equal(t, m.HeadLen+m.BodyLen, n)
			assert.Equal(t, tt.untilClose, m.BodyUntilClose)
			assert.Equal(t, tt.summary, m.Summary())
		})
	}
}

// TestExpectNoBodyOnce checks that the HEAD mark applies to one response.
func TestExpectNoBodyOnce(t *testing.T) {
	const resp = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n"
	var p Parser
	p.ExpectNoBody()
	_, _, _, err := p.Parse([]byte(resp[:10]))
	require.ErrorIs(t, err, ErrIncomplete)
	m, _, _, err := p.Parse([]byte(resp))
	require.NoError(t, err)
	assert.Zero(t, m.BodyLen)
	_, need, _, err := p.Parse([]byte(resp))
	_ = need
	assert.ErrorIs(t, err, ErrIncomplete, "the next response has its body again")
}

func TestParseIncompleteNeed(t *testing.T) {
	tests := []struct {
		name string
		in   string
		need int
	}{
		{"empty", "", 0},
		{"start line", "GET /ws HT", 0},
		{"head", "GET /ws HTTP/1.1\r\nHost: x\r\n", 0},
		{"body of known length", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 7},
		{"chunk data", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nabc", 9},
		{"chunk line end", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r", 1},
		{"chunk size line", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0", 0},
		{"trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1\r\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Parser
			m, n, need, err := p.Parse([]byte(tt.in))
			require.ErrorIs(t, err, ErrIncomplete)
			assert.True(t, errors.Is(err, ErrIncomplete) && err == ErrIncomplete, "returned unwrapped")
			assert.Nil(t, m)
			assert.Zero(t, n)
			assert.Equal(t, tt.need, need)
		})
	}
}

// TestParseIncompleteNoAlloc proves Parse does not allocate while a
// message is in flight: it is called once per segment.
func TestParseIncompleteNoAlloc(t *testing.T) {
	inputs := map[string][]byte{
		"head":         []byte(chromiumUpgradeReq[:400]),
		"start line":   []byte("GET /socket?client=chr"),
		"body":         []byte(rejectedResp[:len(rejectedResp)-3]),
		"chunked body": []byte(chromiumPageResps[:1000]),
	}
	for name, in := range inputs {
		var p Parser
		allocs := testing.AllocsPerRun(100, func() {
			if _, _, _, err := p.Parse(in); err != ErrIncomplete {
				t.Fatalf("%s: %v", name, err)
			}
		})
		assert.Zero(t, allocs, name)
	}
}

func TestParseLineEnds(t *testing.T) {
	var p Parser
	m, n, _, err := p.Parse([]byte("GET /ws HTTP/1.1\nUpgrade:\t websocket\nHost: x\n\n\x81"))
	require.NoError(t, err)
	assert.Equal(t, 46, n)
	assert.Equal(t, "websocket", m.Upgrade)
	assert.Equal(t, "GET /ws HTTP/1.1 ", m.Summary())

	m, _, _, err = p.Parse([]byte("HTTP/1.1 200\r\n\r\n"))
	require.NoError(t, err)
	assert.Equal(t, 200, m.StatusCode)
	assert.Equal(t, "", m.Reason)
	assert.Equal(t, "HTTP/1.1 200 ", m.Summary())
}
