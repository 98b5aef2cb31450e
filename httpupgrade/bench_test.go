package httpupgrade

import "testing"

func benchParse(b *testing.B, s string) {
	in := []byte(s)
	var p Parser
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, _, _, err := p.Parse(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseRequest(b *testing.B)  { benchParse(b, chromiumUpgradeReq) }
func BenchmarkParseResponse(b *testing.B) { benchParse(b, chromiumUpgradeResp) }
func BenchmarkParseChunked(b *testing.B)  { benchParse(b, chromiumPageResps) }

// BenchmarkParseIncomplete is the per-segment cost while a head is in flight.
func BenchmarkParseIncomplete(b *testing.B) {
	in := []byte(chromiumUpgradeReq[:len(chromiumUpgradeReq)-2])
	var p Parser
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, _, _, err := p.Parse(in); err != ErrIncomplete {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	var p Parser
	req, _, _, _ := p.Parse([]byte(chromiumUpgradeReq))
	resp, _, _, _ := p.Parse([]byte(chromiumUpgradeResp))
	b.ReportAllocs()
	for b.Loop() {
		if as := Check(req, resp); len(as) != 0 {
			b.Fatal(as)
		}
	}
}

func BenchmarkAcceptKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		AcceptKey("dGhlIHNhbXBsZSBub25jZQ==")
	}
}
