package httpupgrade

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

func mustParse(t *testing.T, s string) *Message {
	t.Helper()
	var p Parser
	m, _, _, err := p.Parse([]byte(s))
	require.NoError(t, err)
	return m
}

func TestAcceptKey(t *testing.T) {
	// RFC 6455 §1.3's example, then keys and answers from the corpus.
	assert.Equal(t, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
	pairs := [][2]string{
		{subprotocolChatReq, subprotocolChatResp}, {chromiumUpgradeReq, chromiumUpgradeResp},
		{windowBitsReq, windowBitsResp}, {noCtxReq, noCtxResp}, {coderReq, coderResp}, {ipv6Req, ipv6Resp},
	}
	for _, p := range pairs {
		req, resp := mustParse(t, p[0]), mustParse(t, p[1])
		assert.Equal(t, resp.Accept, AcceptKey(req.Key), req.Key)
	}
}

// TestSwitches covers Wireshark's rule; the synthetic cases were run
// through tshark 4.0.17 (a request, then the answer with a Text frame after
// it) to see whether it dissects the frame as WebSocket.
func TestSwitches(t *testing.T) {
	const getWS = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
	tests := []struct {
		name   string
		req    string // "" for none
		resp   string
		ok     bool
		reason string
	}{
		{"corpus handshake", subprotocolChatReq, subprotocolChatResp, true, "Upgrade: websocket"},
		{"corpus keep-alive 101", keepaliveReqs, keepaliveResps[396:], true, "Upgrade: websocket"},
		{"corpus 403", rejectedReq, rejectedResp, false, "answer is 403 Forbidden, not 101"},
		{"200", getWS, "HTTP/1.1 200 OK\r\nUpgrade: websocket\r\n\r\n", false, "answer is 200 OK"},
		{"101 without a request", "", subprotocolChatResp, false, "without a request"},
		{"request without Upgrade", "GET /ws HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", true, ""},
		{"POST request", "POST /ws HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", true, ""},
		{"HTTP/1.0 and odd reason", "GET /ws HTTP/1.0\r\n\r\n", "HTTP/1.0 101 Whatever\r\nupgrade: WEBSOCKET\r\n\r\n", true, ""},
		{"101 without Upgrade", getWS, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n", false, "without an Upgrade header"},
		{"trailing spaces", getWS, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket  \r\n\r\n", false, `"websocket  "`},
		{"leading tab and space", getWS, "HTTP/1.1 101 Switching Protocols\r\nUpgrade:\t websocket\r\n\r\n", true, ""},
		{"prefix of websocket", getWS, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: web\r\n\r\n", false, `"web"`},
		{"token list", getWS, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket, foo\r\n\r\n", false, "not websocket"},
		{"h2c", getWS, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", false, `"h2c"`},
		{"last Upgrade wins", getWS, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nUpgrade: websocket\r\n\r\n", true, ""},
		{"first Upgrade loses", getWS, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nUpgrade: h2c\r\n\r\n", false, `"h2c"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req *Message
			if tt.req != "" {
				req = mustParse(t, tt.req)
			}
			ok, reason := Switches(req, mustParse(t, tt.resp))
			assert.Equal(t, tt.ok, ok, reason)
			assert.Contains(t, reason, tt.reason)
		})
	}
	ok, reason := Switches(mustParse(t, getWS), nil)
	assert.False(t, ok)
	assert.Equal(t, "no answer", reason)
	ok, _ = Switches(mustParse(t, getWS), mustParse(t, getWS))
	assert.False(t, ok)
}

func TestCheckCorpus(t *testing.T) {
	pairs := [][2]string{
		{subprotocolChatReq, subprotocolChatResp}, {chromiumUpgradeReq, chromiumUpgradeResp},
		{windowBitsReq, windowBitsResp}, {noCtxReq, noCtxResp}, {coderReq, coderResp},
		{ipv6Req, ipv6Resp}, {rejectedReq, rejectedResp},
	}
	for _, p := range pairs {
		assert.Empty(t, Check(mustParse(t, p[0]), mustParse(t, p[1])), p[0][:40])
	}
}

func TestCheck(t *testing.T) {
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	const accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
	req := func(extra string) string {
		return "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n" + extra + "\r\n"
	}
	resp := func(extra string) string {
		return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: " + accept + "\r\n" + extra + "\r\n"
	}
	tests := []struct {
		name     string
		req      string // "" for none
		resp     string // "" for none
		kinds    []AnomalyKind
		severity field.Severity
		detail   string
	}{
		{"RFC example", req(""), resp(""), nil, 0, ""},
		{"token lists in any case", strings.Replace(req(""), "Connection: Upgrade", "Connection: keep-alive, UPGRADE", 1),
			strings.Replace(resp(""), "Upgrade: websocket", "Upgrade: WebSocket", 1), nil, 0, ""},
		{"accept mismatch", req(""), strings.Replace(resp(""), accept, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", 1),
			[]AnomalyKind{KindAcceptMismatch}, field.SeverityError, `Sec-WebSocket-Accept is "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", expected "` + accept + `" for key "` + key + `"`},
		{"missing accept", req(""), strings.Replace(resp(""), "Sec-WebSocket-Accept: "+accept+"\r\n", "", 1),
			[]AnomalyKind{KindMissingAccept}, field.SeverityError, "no Sec-WebSocket-Accept"},
		{"duplicate accept", req(""), resp("Sec-WebSocket-Accept: " + accept + "\r\n"),
			[]AnomalyKind{KindDuplicateAccept}, field.SeverityError, "2 Sec-WebSocket-Accept headers"},
		{"missing key", strings.Replace(req(""), "Sec-WebSocket-Key: "+key+"\r\n", "", 1), resp(""),
			[]AnomalyKind{KindMissingKey}, field.SeverityError, "no Sec-WebSocket-Key"},
		{"duplicate key", req("Sec-WebSocket-Key: " + key + "\r\n"), resp(""),
			[]AnomalyKind{KindDuplicateKey}, field.SeverityError, "2 Sec-WebSocket-Key headers"},
		{"key not 16 bytes", strings.Replace(req(""), key, "c2hvcnQ=", 1), "",
			[]AnomalyKind{KindBadKey}, field.SeverityWarning, `"c2hvcnQ="`},
		{"version 8", strings.Replace(req(""), "Version: 13", "Version: 8", 1), resp(""),
			[]AnomalyKind{KindVersion}, field.SeverityError, `Sec-WebSocket-Version is "8", expected 13`},
		{"no version", strings.Replace(req(""), "Sec-WebSocket-Version: 13\r\n", "", 1), "",
			[]AnomalyKind{KindVersion}, field.SeverityError, "no Sec-WebSocket-Version"},
		{"POST", strings.Replace(req(""), "GET", "POST", 1), resp(""),
			[]AnomalyKind{KindMethod}, field.SeverityError, `request method is "POST", expected GET`},
		{"HTTP/1.0", strings.Replace(req(""), "HTTP/1.1", "HTTP/1.0", 1), "",
			[]AnomalyKind{KindHTTPVersion}, field.SeverityError, "HTTP/1.0"},
		{"no Upgrade in request", strings.Replace(req(""), "Upgrade: websocket\r\n", "", 1), resp(""),
			[]AnomalyKind{KindUpgradeToken}, field.SeverityError, "request has Upgrade none, expected websocket"},
		{"no upgrade token in answer's Connection", req(""), strings.Replace(resp(""), "Connection: Upgrade", "Connection: keep-alive", 1),
			[]AnomalyKind{KindConnectionToken}, field.SeverityError, `101 answer has Connection "keep-alive"`},
		{"extension not offered", req(""), resp("Sec-WebSocket-Extensions: permessage-deflate\r\n"),
			[]AnomalyKind{KindUnofferedExtension}, field.SeverityError, `extension "permessage-deflate", request offered none`},
		{"other extension offered", req("Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n"), resp("Sec-WebSocket-Extensions: permessage-deflate\r\n"),
			[]AnomalyKind{KindUnofferedExtension}, field.SeverityError, `request offered "x-webkit-deflate-frame"`},
		{"bad deflate parameter in answer", req("Sec-WebSocket-Extensions: permessage-deflate\r\n"), resp("Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=16\r\n"),
			[]AnomalyKind{KindBadExtension}, field.SeverityError, "server_max_window_bits"},
		{"malformed extension list", req("Sec-WebSocket-Extensions: permessage-deflate; =x\r\n"), "",
			[]AnomalyKind{KindBadExtension}, field.SeverityWarning, "parameter name expected"},
		{"subprotocol not offered", req(""), resp("Sec-WebSocket-Protocol: chat\r\n"),
			[]AnomalyKind{KindUnofferedProtocol}, field.SeverityError, `subprotocol "chat", request offered none`},
		{"subprotocol offered by another name", req("Sec-WebSocket-Protocol: superchat\r\n"), resp("Sec-WebSocket-Protocol: chat\r\n"),
			[]AnomalyKind{KindUnofferedProtocol}, field.SeverityError, `request offered "superchat"`},
		{"two subprotocols selected", req("Sec-WebSocket-Protocol: a, b\r\n"), resp("Sec-WebSocket-Protocol: a, b\r\n"),
			[]AnomalyKind{KindUnofferedProtocol}, field.SeverityError, "2 subprotocols"},
		{"answer alone", "", resp(""), nil, 0, ""},
		{"refusal: request checked alone", strings.Replace(req(""), "GET", "PUT", 1), "HTTP/1.1 403 Forbidden\r\n\r\n",
			[]AnomalyKind{KindMethod}, field.SeverityError, "PUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rq, rs *Message
			if tt.req != "" {
				rq = mustParse(t, tt.req)
			}
			if tt.resp != "" {
				rs = mustParse(t, tt.resp)
			}
			as := Check(rq, rs)
			var kinds []AnomalyKind
			for _, a := range as {
				kinds = append(kinds, a.Kind)
			}
			require.Equal(t, tt.kinds, kinds, "%v", as)
			if len(as) > 0 {
				assert.Equal(t, tt.severity, as[0].Severity)
				assert.Contains(t, as[0].Detail, tt.detail)
				assert.Equal(t, "httpupgrade: "+as[0].Kind.String()+": "+as[0].Detail, as[0].Error())
			}
		})
	}
}

func TestKindNames(t *testing.T) {
	seen := map[string]bool{}
	for k := KindMethod; k <= KindUnofferedProtocol; k++ {
		s := k.String()
		assert.NotContains(t, s, "kind(")
		assert.False(t, seen[s], s)
		seen[s] = true
	}
	assert.Equal(t, "kind(99)", AnomalyKind(99).String())
}
