package wsdissect

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

// TestProtocolsOverTLSAsTsharkShows: each frame's [Protocols in frame] of
// wss captures is tshark's: the x509sat and x509ce of a certificate after
// its tls, data-text-lines or data after each WebSocket frame that ends a
// message in the decrypted records.
func TestProtocolsOverTLSAsTsharkShows(t *testing.T) {
	for _, name := range []string{"s-go-gorilla-tls12-aes256gcm-4443.pcapng", "s-chromium-tls13-aes128gcm-9443.pcap", "s-deflate-ctx-tls13-aes128gcm-9443.pcap"} {
		t.Run(name, func(t *testing.T) {
			d, base := openWSS(t, name, Options{KeepFrames: true, TwoPass: true})
			defer d.Close()
			want := readDetails(t, base+".details.txt.gz")
			tr := field.NewTree()
			var out []byte
			x509, data := 0, 0
			for rec, err := range d.Records() {
				require.NoError(t, err)
				rec.FillTree(tr, rec.Delta)
				out = tr.AppendDetails(out[:0], nil)
				w := protocolsLine(want[rec.Frame])
				assert.Equal(t, w, protocolsLine(strings.Split(string(out), "\n")), "frame %d", rec.Frame)
				if strings.Contains(w, ":x509ce") {
					x509++
				}
				if strings.Contains(w, ":tls") && strings.Contains(w, ":websocket:data") {
					data++
				}
			}
			assert.Positive(t, x509)
			assert.Positive(t, data)
		})
	}
}

// protocolsLine is the frame's [Protocols in frame: ...] line.
func protocolsLine(lines []string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, "    [Protocols in frame: ") {
			return l
		}
	}
	return ""
}
