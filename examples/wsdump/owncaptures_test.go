package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOwnCapturesMatchTshark: on the captures the corpus lacks, made for
// the module (testdata/README.md), wsdump -2 -V, -x and -T json print what
// tshark 4.0.17 printed, byte for byte (X.details.txt.gz, X.hex.txt.gz,
// X.full.json.gz; -T json with tshark's duplicate keys).
func TestOwnCapturesMatchTshark(t *testing.T) {
	for _, name := range []string{
		// a receiver that stops reading: window full, zero window, Linux's
		// keep-alive-like probes and one-byte probes with their ACKs,
		// window updates, WebSocket frames cut across windows
		"zero-window",
		// IPv6 extension headers alone and chained (hop-by-hop and
		// destination options, routing types 0, 2, 4 and 253, fragment
		// headers of whole packets) under a WebSocket connection
		"crafted-ipv6-ext",
	} {
		for _, c := range []struct {
			golden string
			args   []string
		}{
			{".details.txt.gz", []string{"-V"}},
			{".hex.txt.gz", []string{"-x"}},
			{".full.json.gz", []string{"-T", "json", "--duplicate-keys"}},
		} {
			want := readGolden(t, "../../testdata/"+name+c.golden)
			out, stderr, code := runWsdump(t, append([]string{"-2", "-r", "../../testdata/" + name + ".pcap"}, c.args...)...)
			require.Equal(t, 0, code, stderr)
			assert.Equal(t, want, out, name+c.golden)
		}
	}
}
