package wsdissect

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// carried computes, from the TCP facts of the records, the bytes each
// direction carried at least once and the holes between them.
func carried(t *testing.T, capture string) map[string][2]int64 {
	d, err := Open(capture, Options{})
	require.NoError(t, err)
	defer d.Close()
	spans := map[string][][2]uint32{}
	for rec, err := range d.Records() {
		require.NoError(t, err)
		if rec.TCP == nil || rec.TCP.Analysis.Len == 0 {
			continue
		}
		a := rec.TCP.Analysis
		k := fmt.Sprintf("%d/%v", a.Stream, a.FromInitiator)
		spans[k] = append(spans[k], [2]uint32{a.RelSeq, a.RelSeq + uint32(a.Len)})
	}
	out := map[string][2]int64{}
	for k, s := range spans {
		slices.SortFunc(s, func(a, b [2]uint32) int { return int(int64(a[0]) - int64(b[0])) })
		var once, holes int64
		end := s[0][0]
		for _, sp := range s {
			if sp[0] > end {
				holes += int64(sp[0] - end)
				end = sp[0]
			}
			if sp[1] > end {
				once += int64(sp[1] - end)
				end = sp[1]
			}
		}
		out[k] = [2]int64{once, holes}
	}
	return out
}

// TestAccountingLosesNothing checks Connection.Bytes on captures with loss,
// duplicates, a capture started mid-stream and one cut by the snap length:
// every byte carried once is dissected, passed over or dropped, and every
// hole is a reported gap.
func TestAccountingLosesNothing(t *testing.T) {
	for _, name := range []string{
		"node-loss-retrans.pcap", "node-duplicate-segments.pcap", "node-midstream-no-upgrade.pcap",
		"node-snaplen128-truncated.pcap", "node-rejected-403.pcap", "chromium-abrupt-kill.pcap",
		"go-gorilla-keepalive-then-upgrade-node.pcap",
	} {
		t.Run(name, func(t *testing.T) {
			capture := "testdata/" + name
			truth := carried(t, capture)
			d, err := Open(capture, Options{})
			require.NoError(t, err)
			defer d.Close()
			n := 0
			for c, err := range d.Connections() {
				require.NoError(t, err)
				for i, fromInitiator := range []bool{true, false} {
					want := truth[fmt.Sprintf("%d/%v", c.Stream, fromInitiator)]
					b := c.Bytes[i]
					assert.Equal(t, want[0], b.Dissected+b.Undissected+b.Dropped, "stream %d side %d: %+v", c.Stream, i, b)
					assert.Equal(t, want[1], b.Gap, "stream %d side %d: %+v", c.Stream, i, b)
					n++
				}
			}
			assert.Positive(t, n)
		})
	}
}

// TestAccountingKinds checks which bucket bytes land in.
func TestAccountingKinds(t *testing.T) {
	conns := func(name string) []*Connection {
		d, err := Open("testdata/"+name, Options{})
		require.NoError(t, err)
		defer d.Close()
		var out []*Connection
		for c, err := range d.Connections() {
			require.NoError(t, err)
			out = append(out, c)
		}
		return out
	}
	mid := conns("node-midstream-no-upgrade.pcap")
	require.Len(t, mid, 1)
	assert.Zero(t, mid[0].Bytes[0].Dissected, "no handshake: nothing is dissected")
	assert.Positive(t, mid[0].Bytes[0].Undissected)

	dup := conns("node-duplicate-segments.pcap")
	require.Len(t, dup, 1)
	assert.Positive(t, dup[0].Bytes[0].Duplicate+dup[0].Bytes[1].Duplicate, "retransmitted copies are counted")
	assert.Zero(t, dup[0].Bytes[0].Undissected+dup[0].Bytes[1].Undissected)

	snap := conns("node-snaplen128-truncated.pcap")
	require.Len(t, snap, 1)
	assert.Positive(t, snap[0].Bytes[1].Truncated, "bytes cut by the snap length are counted")
}

// TestTotalBufferCap: the bytes held by all connections together are capped
// (Options.MaxTotalBufferedBytes): a capture whose large messages are in
// flight on several connections at once hits it, says so, and goes on.
func TestTotalBufferCap(t *testing.T) {
	d, err := Open("testdata/node-loss-retrans.pcap", Options{MaxTotalBufferedBytes: 64 << 10})
	require.NoError(t, err)
	defer d.Close()
	capped, records := 0, 0
	for rec, err := range d.Records() {
		require.NoError(t, err)
		records++
		for _, a := range rec.Anomalies {
			if a.Layer == "reassembly" && strings.Contains(a.Message, "cap") {
				capped++
			}
		}
	}
	assert.Equal(t, 501, records)
	assert.Positive(t, capped)
	assert.Zero(t, d.shards[0].budget.Used(), "a forgotten connection gives its bytes back")
}
