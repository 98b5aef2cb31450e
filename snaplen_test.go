package wsdissect

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSnapLengthCutMessages: in a capture cut at 128 bytes per packet, the
// bytes of a message the capture lacks are zeros, also in a client's masked
// message (unmasking must not turn them into the masking key's bytes), and a
// text message cut in the middle of a multi-byte sequence is no UTF-8
// violation. The server echoes each client message, so the server's copy
// tells what the client's captured bytes must be.
func TestSnapLengthCutMessages(t *testing.T) {
	for _, workers := range []int{0, 2} {
		d, err := Open("testdata/node-snaplen128-truncated.pcap", Options{Workers: workers})
		require.NoError(t, err)
		defer d.Close()
		var client, server [][]byte
		cutClient := 0
		for m, err := range d.Messages() {
			require.NoError(t, err)
			if m.Opcode.IsControl() {
				continue
			}
			cut := false
			for _, a := range m.Anomalies {
				assert.NotContains(t, a.Message, "UTF-8", "frame %d", m.Frame)
				cut = cut || strings.Contains(a.Message, "cut by the snap length")
			}
			data := append([]byte(nil), m.Data...)
			if m.FromClient {
				client = append(client, data)
				if cut {
					cutClient++
				}
			} else {
				server = append(server, data)
			}
		}
		require.Equal(t, len(server), len(client))
		require.Greater(t, cutClient, 5, "client messages cut by the snap length")
		for k := range client {
			require.Equal(t, len(server[k]), len(client[k]), "message pair %d", k)
			for i, c := range client[k] {
				if c != 0 && server[k][i] != 0 {
					require.Equal(t, server[k][i], c, "message pair %d, byte %d", k, i)
				}
			}
		}
	}
}
