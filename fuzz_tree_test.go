package wsdissect_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/dfilter"
	"github.com/wsdissect/wsdissect/field"
)

// FuzzTree builds and prints the packet tree of every record of arbitrary
// capture bytes (Options.KeepFrames), as wsdump -V and -T json do: nothing
// may panic, and every item of the HTTP layer stays inside its data source.
func FuzzTree(f *testing.F) {
	for _, name := range []string{
		"chromium-abrupt-kill.pcap", "go-gorilla-keepalive-then-upgrade-node.pcap", "crafted-http-gzip.pcap",
		"node-snaplen128-truncated.pcap", "node-rejected-403.pcap",
	} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 8000)])
	}
	tr := field.NewTree()
	var out []byte
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := wsdissect.New(bytes.NewReader(b), wsdissect.Options{KeepFrames: true, MaxConnections: 4, MaxBufferedBytes: 1 << 16})
		if err != nil {
			return
		}
		for rec, err := range d.Records() {
			if err != nil {
				break
			}
			rec.FillTree(tr, rec.Delta)
			inHTTP := false
			tr.Walk(func(n field.Node, depth int) bool {
				if depth == 0 {
					f := tr.Field(n)
					inHTTP = f != nil && f.Abbrev == "http"
				}
				if !inHTTP {
					return true
				}
				s, start, length := tr.Range(n)
				if src := tr.Sources()[s].Data; start < 0 || length < 0 || start+length > len(src) {
					t.Fatalf("frame %d: item %q out of its %d-byte source %d: %d+%d", rec.Frame, tr.AppendLabel(nil, n), len(src), s, start, length)
				}
				return true
			})
			out = tr.AppendDetails(out[:0], nil)
			out, _ = tr.AppendJSONMembers(out, 4, false)
		}
	})
}

// FuzzTreeOverTLS is FuzzTree over wss: capture bytes whose pcapng holds
// the TLS secrets (a Decryption Secrets Block), so that damaged records,
// HTTP and WebSocket frames reach the tree's "Decrypted TLS" and
// "Reassembled TLS" sources; every HTTP and WebSocket item stays inside
// its data source.
func FuzzTreeOverTLS(f *testing.F) {
	for _, name := range []string{"s-echo-tls13-chacha20-443.dsb.pcapng", "s-pingclose-tls12-chacha20-4443.dsb.pcapng"} {
		b, err := os.ReadFile("testdata/tls/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 16000)])
	}
	tr := field.NewTree()
	var out []byte
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := wsdissect.New(bytes.NewReader(b), wsdissect.Options{KeepFrames: true, MaxConnections: 4, MaxBufferedBytes: 1 << 16})
		if err != nil {
			return
		}
		for rec, err := range d.Records() {
			if err != nil {
				break
			}
			rec.FillTree(tr, rec.Delta)
			check := false
			tr.Walk(func(n field.Node, depth int) bool {
				if depth == 0 {
					f := tr.Field(n)
					check = f != nil && (f.Abbrev == "http" || f.Abbrev == "websocket") && len(rec.TLS) > 0
				}
				if !check {
					return true
				}
				s, start, length := tr.Range(n)
				if src := tr.Sources()[s].Data; start < 0 || length < 0 || start+length > len(src) {
					t.Fatalf("frame %d: item %q out of its %d-byte source %d: %d+%d", rec.Frame, tr.AppendLabel(nil, n), len(src), s, start, length)
				}
				return true
			})
			out = tr.AppendDetails(out[:0], nil)
			out, _ = tr.AppendJSONMembers(out, 4, false)
		}
	})
}

// FuzzFilter evaluates arbitrary display filters on the records of
// arbitrary capture bytes, as wsdump -Y does (Options.Filter): a filter
// compiles or gives a *dfilter.Error, and evaluating one on any packet,
// with its frame kept or only its typed values (FilterNeedsFrames), panics
// on nothing.
func FuzzFilter(f *testing.F) {
	b, err := os.ReadFile("testdata/node-fragmented-ping-between.pcap")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"websocket.opcode == 1 && tcp.stream in {1, 2, 3}", `websocket.payload.text contains "a"`, "tcp.payload[0:2] == 81:7e",
		"ip.addr == 10.0.0.0/8 && !tcp.analysis.flags", `frame matches "(?i)upgrade"`, "tcp.port#2 > 1000 or len(tcp.payload) > 9",
		"_ws.expert", `http.request.uri == "/ws" ^^ websocket.fin == 0`, "count(websocket) > 1", "frame.time_relative > 0.5",
	} {
		f.Add(s, b[:min(len(b), 6000)])
	}
	reg := wsdissect.Registry()
	f.Fuzz(func(t *testing.T, expr string, capture []byte) {
		flt, err := dfilter.Compile(expr, reg)
		if err != nil {
			var fe *dfilter.Error
			if !errors.As(err, &fe) {
				t.Fatalf("%q: %T is not a *dfilter.Error", expr, err)
			}
			return
		}
		d, err := wsdissect.New(bytes.NewReader(capture), wsdissect.Options{Filter: flt, MaxConnections: 4, MaxBufferedBytes: 1 << 16})
		if err != nil {
			return
		}
		for _, err := range d.Records() {
			if err != nil {
				break
			}
		}
	})
}
