package httpupgrade

import (
	"bytes"
	"errors"
	"testing"

	"github.com/wsdissect/wsdissect/field"
)

// FuzzParse checks that Parse never panics, that what it returns is
// consistent, that a message split anywhere parses the same, and that the
// handshake functions accept whatever Parse returns.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		subprotocolChatReq, subprotocolChatResp, chromiumPageReqs, chromiumPageResps,
		chromiumUpgradeReq, chromiumUpgradeResp, keepaliveReqs, keepaliveResps,
		rejectedReq, rejectedResp, welcomeResp, windowBitsReq, windowBitsResp, coderReq, coderResp,
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n",
		"HTTP/1.1 200 OK\nContent-Length: 2\n\nhi",
		"HTTP/1.0 200 OK\r\n\r\nrest",
	} {
		f.Add([]byte(s), uint16(len(s)/2))
	}
	f.Fuzz(func(t *testing.T, b []byte, split uint16) {
		p := Parser{Limits: Limits{MaxHeadBytes: 4096, MaxHeaders: 64, MaxBodyBytes: 1 << 16}}
		m, n, need, err := p.Parse(b)
		switch {
		case err == nil:
			if m == nil || n != m.HeadLen+m.BodyLen || n > len(b) || m.HeadLen <= 0 || m.BodyLen < 0 || need != 0 {
				t.Fatalf("inconsistent: n=%d need=%d m=%+v", n, need, m)
			}
			_ = m.Summary()
			_, _ = Switches(m, m)
			_ = Check(m, m)
			for _, e := range m.Extensions {
				_, _ = e.Deflate()
			}
			// Any prefix is incomplete, or the same message.
			i := int(split) % (n + 1)
			m2, n2, _, err2 := p.Parse(b[:i])
			if i < n && !errors.Is(err2, ErrIncomplete) {
				t.Fatalf("prefix %d of %d: %v", i, n, err2)
			}
			if i == n && (err2 != nil || n2 != n || m2.Summary() != m.Summary()) {
				t.Fatalf("prefix %d of %d: %v", i, n, err2)
			}
		case errors.Is(err, ErrIncomplete):
			if m != nil || n != 0 || need < 0 || err != ErrIncomplete {
				t.Fatalf("incomplete: n=%d need=%d", n, need)
			}
		default:
			var pe *ParseError
			if m != nil || n != 0 || !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(b) {
				t.Fatalf("error: %v n=%d", err, n)
			}
		}
		_ = LooksLikeRequest(b)
		_ = LooksLikeResponse(b)
		_, _ = ParseExtensions(string(b))
	})
}

// FuzzFillTree checks that FillTree never panics and keeps its items inside
// the bytes it is given, whatever the head, the body and where the capture
// cut them.
func FuzzFillTree(f *testing.F) {
	for _, s := range []string{
		subprotocolChatReq, chromiumPageReqs, chromiumPageResps, keepaliveResps, rejectedResp, coderReq,
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n",
		"HTTP/1.1 200 OK\nContent-Length: 2\n\nhi",
		"GET /a?b&&c=&=d HTTP/1.1\r\nHost: h\r\nCookie: ;a=1;; b\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 999\r\nContent-Type: text/plain; charset=x\r\nTransfer-Encoding: chunked\r\n\r\n1\nx\n0\n\n",
	} {
		f.Add([]byte(s), uint16(len(s)))
		f.Add([]byte(s), uint16(len(s)/3))
	}
	tr := field.NewTree()
	f.Fuzz(func(t *testing.T, b []byte, cut uint16) {
		p := Parser{Limits: Limits{MaxHeadBytes: 4096, MaxHeaders: 64, MaxBodyBytes: 1 << 16}}
		m, n, _, err := p.Parse(b)
		if err != nil {
			return
		}
		raw := b[:min(int(cut), n)]
		tr.Reset()
		tr.AddSource("Frame", raw)
		m.Exchange = Exchange{Number: int(cut % 3), Total: 1, RequestIn: 1, ResponseIn: 2, RequestURI: m.FullURI()}
		filled := FillTree(tr, m, raw, 0)
		if filled.Cut != (len(raw) < m.HeadLen) && len(raw) > 0 && bytes.IndexByte(raw, '\n') >= 0 {
			t.Fatalf("Cut %v for %d of a %d-byte head", filled.Cut, len(raw), m.HeadLen)
		}
		tr.Walk(func(node field.Node, _ int) bool {
			s, start, length := tr.Range(node)
			if start < 0 || length < 0 || start+length > len(tr.Sources()[s].Data) {
				t.Fatalf("item %d out of its source: %d+%d of %d", node, start, length, len(tr.Sources()[s].Data))
			}
			return true
		})
		_ = tr.AppendDetails(nil, nil)
		_ = tr.AppendJSON(nil, 0)
	})
}
