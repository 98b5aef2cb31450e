package wsdissect

import (
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/wsframe"
)

// What rides on TLS in the tree, line for line as tshark -2 -V shows it:
// HTTP, WebSocket, the bodies, the reassembly trees.
var overTLSSections = []string{"Hypertext Transfer Protocol", "WebSocket", "Continue: ", "Line-based text data", "Data (", "["}

// openWSS opens the wss capture testdata/tls/NAME with its key log,
// NAME.keys beside it (closed with the test), and returns the dissector and
// the path of NAME without its extension, where its goldens are.
func openWSS(t *testing.T, name string, opt Options) (*Dissector, string) {
	t.Helper()
	base := "testdata/tls/" + strings.TrimSuffix(strings.TrimSuffix(name, ".pcap"), ".pcapng")
	keys, err := os.Open(base + ".keys")
	require.NoError(t, err)
	t.Cleanup(func() { keys.Close() })
	opt.KeyLog = keys
	d, err := Open("testdata/tls/"+name, opt)
	require.NoError(t, err)
	return d, base
}

// tlscaps are the project's own wss captures (scripts/tls-captures.sh)
// with WebSocket over TLS: TLS 1.2 with AES-CBC and HMAC-SHA1 or SHA-256,
// a HelloRetryRequest, KeyUpdates both ways, and sessions of TLS 1.2 and
// 1.3 resumed from a ticket.
var tlscaps = []string{"tlscap-tls12-aes128cbcsha-443.pcap", "tlscap-tls12-aes128cbcsha256-4443.pcap", "tlscap-hrr-tls13-9443.pcap",
	"tlscap-keyupdate-tls13-8443.pcap", "tlscap-resumed-tls12-443.pcap", "tlscap-resumed-tls13-8443.pcap"}

// TestFillTreeOverTLSAsTsharkShows: decrypted with their key logs, wss
// captures show HTTP and WebSocket as tshark does (-V), with their bytes in
// the "Decrypted TLS" source of a record or the "Reassembled TLS" source of
// a PDU made of several records (-x): a TLS 1.2 capture with fragmented
// messages and messages across records, a TLS 1.3 one with up to 60
// WebSocket frames in a record, a TLS 1.3 one with permessage-deflate.
func TestFillTreeOverTLSAsTsharkShows(t *testing.T) {
	for _, name := range append([]string{"s-go-gorilla-tls12-aes256gcm-4443.pcapng", "s-coalesced-tls13-aes256gcm-443.pcap", "s-deflate-ctx-tls13-aes128gcm-9443.pcap"}, tlscaps...) {
		t.Run(name, func(t *testing.T) {
			d, base := openWSS(t, name, Options{KeepFrames: true, TwoPass: true})
			defer d.Close()
			want := readDetails(t, base+".details.txt.gz")
			tr := field.NewTree()
			var out, dump []byte
			over := 0 // frames with HTTP or WebSocket
			for rec, err := range d.Records() {
				require.NoError(t, err)
				rec.FillTree(tr, rec.Delta)
				out = tr.AppendDetails(out[:0], nil)
				dump = append(tr.AppendDump(dump, field.Dump{}), '\n')
				got := sections(strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"), overTLSSections...)
				w := sections(want[rec.Frame], overTLSSections...)
				if len(rec.TLS) > 0 && (len(rec.HTTP) > 0 || len(rec.WebSocket) > 0) {
					over++
				}
				assert.Equal(t, w, got, "frame %d", rec.Frame)
			}
			assert.Positive(t, over)
			assertSameLines(t, readGzip(t, base+".hex.txt.gz"), string(dump))
		})
	}
}

// TestTLSLayerAsTsharkShows: the TLS items, line for line as tshark -2 -V
// shows them, on every frame of wss captures: handshakes of TLS 1.2 and 1.3
// with their certificates, the SNI, a HelloRetryRequest, KeyUpdates,
// session tickets, resumed sessions (a TLS 1.3 pre_shared_key, a TLS 1.2
// session's expert info), encrypted records, alerts, encrypted alerts of a
// capture begun mid-connection.
func TestTLSLayerAsTsharkShows(t *testing.T) {
	for _, name := range append([]string{"s-chromium-tls13-aes128gcm-9443.pcap", "s-go-gorilla-tls12-aes256gcm-4443.pcapng", "s-coalesced-tls13-aes256gcm-443.pcap", "s-deflate-ctx-tls13-aes128gcm-9443.pcap",
		"tlscap-midconn-tls12-aes128cbcsha-443.pcap"}, tlscaps...) {
		t.Run(name, func(t *testing.T) {
			d, base := openWSS(t, name, Options{KeepFrames: true, TwoPass: true})
			defer d.Close()
			want := readDetails(t, base+".details.txt.gz")
			tr := field.NewTree()
			var out []byte
			compared := 0
			for rec, err := range d.Records() {
				require.NoError(t, err)
				w := sections(want[rec.Frame], "Transport Layer Security")
				if len(w) == 0 {
					continue
				}
				rec.FillTree(tr, rec.Delta)
				out = tr.AppendDetails(out[:0], nil)
				got := sections(strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"), "Transport Layer Security")
				assert.Equal(t, w, got, "frame %d", rec.Frame)
				compared++
			}
			assert.Positive(t, compared)
		})
	}
}

// readGzip returns the text of a gzip file.
func readGzip(t *testing.T, path string) string {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	require.NoError(t, err)
	b, err := io.ReadAll(z)
	require.NoError(t, err)
	return string(b)
}

// assertSameLines compares two long texts, reporting the first line that
// differs rather than both texts.
func assertSameLines(t *testing.T, want, got string) {
	t.Helper()
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			assert.Equal(t, w[i], g[i], "line %d", i+1)
			return
		}
	}
	assert.Equal(t, len(w), len(g), "lines")
}

// TestTreeOverTLSWithoutPayloads: with Options.SkipPayloads (what a display
// filter on header fields asks for), the records' content of data frames
// is not kept, yet every WebSocket frame over TLS is in the tree, with its
// fields.
func TestTreeOverTLSWithoutPayloads(t *testing.T) {
	for _, name := range []string{"s-go-gorilla-tls12-aes256gcm-4443.pcapng", "s-loss-tls12-aes128gcm-443.pcap"} {
		d, _ := openWSS(t, name, Options{KeepFrames: true, TwoPass: true, SkipPayloads: true})
		tr := field.NewTree()
		tr.Want(wsframe.Fields()[0])
		frames := 0
		for rec, err := range d.Records() {
			require.NoError(t, err)
			rec.FillTree(tr, rec.Delta)
			opcodes := 0
			tr.Walk(func(n field.Node, _ int) bool {
				if tr.Field(n).Abbrev == "websocket.opcode" {
					opcodes++
				}
				return true
			})
			assert.Equal(t, len(rec.WebSocket), opcodes, "%s frame %d", name, rec.Frame)
			frames += len(rec.WebSocket)
		}
		assert.Positive(t, frames, name)
		require.NoError(t, d.Close())
	}
}
