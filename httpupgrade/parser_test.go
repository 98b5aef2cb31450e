package httpupgrade

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tsharkFields are the columns of the corpus' X.http.tsv files.
var tsharkFields = []string{
	"http.request.method", "http.request.uri", "http.response.code", "http.upgrade",
	"http.connection", "http.sec_websocket_key", "http.sec_websocket_accept",
	"http.sec_websocket_version", "http.sec_websocket_protocol", "http.sec_websocket_extensions",
}

// tsharkRow prints m's fields the way the X.http.tsv goldens hold them.
func tsharkRow(m *Message) string {
	cols := make([]string, len(tsharkFields))
	for i, f := range tsharkFields {
		cols[i], _ = m.TSharkField(f)
	}
	return strings.Join(cols, "\t")
}

// parseAll parses every message at the start of b and returns them with the
// bytes left after the last one.
func parseAll(t *testing.T, p *Parser, b string) ([]*Message, string) {
	t.Helper()
	var ms []*Message
	for len(b) > 0 {
		m, n, _, err := p.Parse([]byte(b))
		if errors.Is(err, ErrMalformed) && len(ms) > 0 {
			break // WebSocket bytes after a 101
		}
		require.NoError(t, err)
		ms = append(ms, m)
		b = b[n:]
		if m.StatusCode == 101 {
			break
		}
	}
	return ms, b
}

// TestParseCorpus parses real streams and compares with tshark's output
// for them: the X.http.tsv fields and the Info column of X.summary.txt.
func TestParseCorpus(t *testing.T) {
	tests := []struct {
		name    string
		stream  string
		rows    []string // X.http.tsv columns 3 to 12, one per message
		infos   []string // Info column of X.summary.txt
		heads   []int    // HeadLen of each message
		trailer string   // bytes left after the last message
	}{
		{
			name:   "subprotocol request",
			stream: subprotocolChatReq,
			rows:   []string{"GET\t/ws\t\twebsocket\tUpgrade\tq/2CBdYSjkcuvUivmGXfDA==\t\t13\tchat,superchat\t"},
			infos:  []string{"GET /ws HTTP/1.1 "},
			heads:  []int{195},
		},
		{
			name:    "subprotocol answer and first frame",
			stream:  subprotocolChatResp,
			rows:    []string{"\t\t101\twebsocket\tUpgrade\t\taxJET+xgZ0W19hjKVbVKvyDE554=\t\tchat\t"},
			infos:   []string{"HTTP/1.1 101 Switching Protocols "},
			heads:   []int{159},
			trailer: "\x81-{\"hello\":\"welcome\",\"proto\":\"chat\",\"ext\":null}",
		},
		{
			name:   "chromium page and favicon requests",
			stream: chromiumPageReqs,
			rows: []string{
				"GET\t/?n=5&hb=3&mode=close&code=1000&reason=bye\t\t\tkeep-alive\t\t\t\t\t",
				"GET\t/favicon.ico\t\t\tkeep-alive\t\t\t\t\t",
			},
			infos: []string{"GET /?n=5&hb=3&mode=close&code=1000&reason=bye HTTP/1.1 ", "GET /favicon.ico HTTP/1.1 "},
			heads: []int{478, 421},
		},
		{
			name:   "chunked page and chunked 404",
			stream: chromiumPageResps,
			rows:   []string{"\t\t200\t\tkeep-alive\t\t\t\t\t", "\t\t404\t\tkeep-alive\t\t\t\t\t"},
			infos:  []string{"HTTP/1.1 200 OK  (text/html)", "HTTP/1.1 404 Not Found  (text/plain)"},
			heads:  []int{197, 165},
		},
		{
			name:   "chromium upgrade request",
			stream: chromiumUpgradeReq,
			rows:   []string{"GET\t/socket?client=chromium\t\twebsocket\tUpgrade\tMbPp0ScEP5yu299ZYL1Guw==\t\t13\t\tpermessage-deflate; client_max_window_bits"},
			infos:  []string{"GET /socket?client=chromium HTTP/1.1 "},
			heads:  []int{507},
		},
		{
			name:   "chromium upgrade answer",
			stream: chromiumUpgradeResp,
			rows:   []string{"\t\t101\twebsocket\tUpgrade\t\tr6dl5rQ0gSUAj+Dc49s9MDdizi0=\t\t\tpermessage-deflate"},
			infos:  []string{"HTTP/1.1 101 Switching Protocols "},
			heads:  []int{175},
		},
		{
			name:   "keep-alive requests then upgrade",
			stream: keepaliveReqs,
			rows: []string{
				"GET\t/page0.txt\t\t\tkeep-alive\t\t\t\t\t",
				"GET\t/page1.txt\t\t\tkeep-alive\t\t\t\t\t",
				"GET\t/ws\t\twebsocket\tUpgrade\tFvQyY5FovgoD49HDAvUiLg==\t\t13\t\tpermessage-deflate; server_no_context_takeover; client_no_context_takeover",
			},
			infos: []string{"GET /page0.txt HTTP/1.1 ", "GET /page1.txt HTTP/1.1 ", "GET /ws HTTP/1.1 "},
			heads: []int{101, 101, 289},
		},
		{
			name:   "keep-alive answers then 101 and pings",
			stream: keepaliveResps,
			rows: []string{
				"\t\t200\t\tkeep-alive\t\t\t\t\t",
				"\t\t200\t\tkeep-alive\t\t\t\t\t",
				"\t\t101\twebsocket\tUpgrade\t\tARkLvumxO2qlP9a4/sW3ezMGGYQ=\t\t\tpermessage-deflate; server_no_context_takeover; client_no_context_takeover",
			},
			infos:   []string{"HTTP/1.1 200 OK  (text/plain)", "HTTP/1.1 200 OK  (text/plain)", "HTTP/1.1 101 Switching Protocols "},
			heads:   []int{150, 150, 231},
			trailer: "\x8a\x0egorilla ping 0\x8a\x0egorilla ping 1",
		},
		{
			name:   "rejected request",
			stream: rejectedReq,
			rows:   []string{"GET\t/ws\t\twebsocket\tUpgrade\ttIpyMbbMlF7QMOp7FRjKdw==\t\t13\t\t"},
			infos:  []string{"GET /ws HTTP/1.1 "},
			heads:  []int{184},
		},
		{
			name:   "403 answer with body",
			stream: rejectedResp,
			rows:   []string{"\t\t403\t\tclose\t\t\t\t\t"},
			infos:  []string{"HTTP/1.1 403 Forbidden  (text/html)"},
			heads:  []int{119},
		},
		{
			name:    "101 and a frame in one segment",
			stream:  welcomeResp,
			rows:    []string{"\t\t101\twebsocket\tUpgrade\t\t8PzbRlWb1f3JWgpv19NGcSreSLc=\t\t\t"},
			infos:   []string{"HTTP/1.1 101 Switching Protocols "},
			heads:   []int{129},
			trailer: welcomeResp[129:],
		},
		{
			name:   "window bits request",
			stream: windowBitsReq,
			rows:   []string{"GET\t/ws\t\twebsocket\tUpgrade\tDVKUZ6Zfnv0F2PKx2IVM8w==\t\t13\t\tpermessage-deflate; server_max_window_bits=10; client_max_window_bits=12"},
			infos:  []string{"GET /ws HTTP/1.1 "},
			heads:  []int{len(windowBitsReq)},
		},
		{
			name:   "lower-case Sec-Websocket headers (coder/websocket)",
			stream: coderResp,
			rows:   []string{"\t\t101\twebsocket\tUpgrade\t\tw6ZvwpsMMI62+rpDnNAxmaX5pbA=\t\t\tpermessage-deflate"},
			infos:  []string{"HTTP/1.1 101 Switching Protocols "},
			heads:  []int{len(coderResp)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Parser
			ms, rest := parseAll(t, &p, tt.stream)
			require.Len(t, ms, len(tt.rows))
			for i, m := range ms {
				assert.Equal(t, tt.rows[i], tsharkRow(m), "message %d", i)
				assert.Equal(t, tt.infos[i], m.Summary(), "message %d", i)
				assert.Equal(t, tt.heads[i], m.HeadLen, "message %d", i)
			}
			assert.Equal(t, tt.trailer, rest)
		})
	}
}

func TestParseMessageFields(t *testing.T) {
	var p Parser
	m, n, need, err := p.Parse([]byte(chromiumUpgradeReq))
	require.NoError(t, err)
	assert.Equal(t, len(chromiumUpgradeReq), n)
	assert.Zero(t, need)
	assert.True(t, m.IsRequest)
	assert.Equal(t, "GET", m.Method)
	assert.Equal(t, "/socket?client=chromium", m.Target)
	assert.Equal(t, "HTTP/1.1", m.Proto)
	assert.Equal(t, "10.77.0.1:8080", m.Host)
	assert.Equal(t, "http://10.77.0.1:8080", m.Origin)
	assert.True(t, strings.HasPrefix(m.UserAgent, "Mozilla/5.0 (X11; Linux x86_64)"))
	assert.Equal(t, "13", m.WSVersion)
	assert.Equal(t, []Extension{{Name: "permessage-deflate", Params: []Param{{Name: "client_max_window_bits"}}}}, m.Extensions)
	assert.Equal(t, int64(-1), m.ContentLength)
	assert.Len(t, m.Header, 12)
	assert.Equal(t, Field{Name: "Pragma", Value: "no-cache"}, m.Header[2])
	assert.Zero(t, m.BodyLen)

	m, n, _, err = p.Parse([]byte(rejectedResp))
	require.NoError(t, err)
	assert.Equal(t, len(rejectedResp), n)
	assert.False(t, m.IsRequest)
	assert.Equal(t, 403, m.StatusCode)
	assert.Equal(t, "Forbidden", m.Reason)
	assert.Equal(t, int64(9), m.ContentLength)
	assert.Equal(t, 9, m.BodyLen)
	assert.Equal(t, "Forbidden", rejectedResp[m.HeadLen:n])
	v, ok := m.Get("x-reason")
	assert.True(t, ok)
	assert.Equal(t, "origin not allowed", v)

	m, _, _, err = p.Parse([]byte(subprotocolChatReq))
	require.NoError(t, err)
	assert.Equal(t, []string{"chat", "superchat"}, m.Protocols)
}
