package wsdissect_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
)

// TestTLSTreeAllocatesNothing: the packet tree of wss captures, decrypted,
// costs no allocation once the tree has grown, as for ws; a clone of a
// record keeps what its TLS layer shows.
func TestTLSTreeAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector")
	}
	// (not s-coalesced: its frame.protocols, of up to 60 WebSocket frames,
	// outgrows the 128 bytes FillTree keeps for it, which ws captures do too)
	for _, name := range []string{"s-deflate-noctx-tls12-aes128gcm-443", "s-go-gorilla-tls12-aes256gcm-4443", "s-chromium-tls13-aes128gcm-9443"} {
		path := "testdata/tls/" + name + ".pcap"
		if _, err := os.Stat(path); err != nil {
			path += "ng"
		}
		keys, err := os.Open("testdata/tls/" + name + ".keys")
		require.NoError(t, err)
		recs := cloneRecords(t, path, wsdissect.Options{KeepFrames: true, TwoPass: true, KeyLog: keys})
		keys.Close()
		p := newPrinter()
		tls := 0
		for _, r := range recs { // the tree's arena and the buffers grow to the largest packet
			p.print(r)
			if bytes.Contains(p.out, []byte("Transport Layer Security")) {
				tls++
			}
		}
		assert.Positive(t, tls, name)
		pass := func() {
			for _, r := range recs {
				p.print(r)
			}
		}
		allocs := testing.AllocsPerRun(3, pass)
		assert.Zero(t, allocs, "%s: %d records", name, len(recs))
	}
}
