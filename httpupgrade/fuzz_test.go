package httpupgrade

import (
	"errors"
	"testing"
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
