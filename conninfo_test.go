package wsdissect

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A connection's TCP facts (Connection.TCP) are those after its last
// packet, whether it closed, was dropped by the conversation table or was
// still open at the end, though they are copied only at the packets that
// start or end it and at the end: on every test capture, with a table of
// two connections, serial and on workers.
func TestConnectionTCPIsAsOfItsLastPacket(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.pcap*")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, maxConns := range []int{0, 2} {
		for _, workers := range []int{0, 1, 2} {
			t.Run(fmt.Sprintf("max=%d,workers=%d", maxConns, workers), func(t *testing.T) {
				for _, path := range paths {
					checkConnectionTCP(t, path, Options{MaxConnections: maxConns, Workers: workers, SkipPayloads: true})
				}
			})
		}
	}
}

func checkConnectionTCP(t *testing.T, path string, opt Options) {
	d, err := Open(path, opt)
	require.NoError(t, err)
	defer d.Close()
	packets := map[uint64]uint64{}
	last := map[uint64]uint64{}
	check := func(c *Connection, when string) {
		assert.Equal(t, c.Stream, c.TCP.Stream, "%s: stream %d %s", path, c.Stream, when)
		assert.Equal(t, packets[c.Stream], c.TCP.Packets, "%s: stream %d %s: packets", path, c.Stream, when)
		assert.Equal(t, last[c.Stream], c.TCP.LastFrame, "%s: stream %d %s: last frame", path, c.Stream, when)
	}
	for r, err := range d.Records() {
		if err != nil {
			break // a damaged capture ends early
		}
		if r.TCP != nil {
			packets[r.TCP.Analysis.Stream]++
			last[r.TCP.Analysis.Stream] = r.Frame
		}
		for _, c := range r.Closed() {
			check(c, fmt.Sprintf("closed at frame %d", r.Frame))
		}
	}
	for _, c := range d.Remaining() {
		check(c, "open at the end")
	}
}
