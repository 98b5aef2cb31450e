package wsdissect_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
)

// chat builds one long WebSocket conversation: n masked client messages,
// each answered by the server, every message in a segment of its own, with
// permessage-deflate negotiated or not (uncompressed messages either way).
func chat(n int, ext string) []byte { return chatSized(n, ext, 0) }

// chatSized is chat with messages padded to size bytes.
func chatSized(n int, ext string, size int) []byte {
	c := newPcap()
	tc := c.conn("10.0.0.1:40000", "10.0.0.2:80")
	tc.upgrade(ext)
	for i := range n {
		msg := []byte(fmt.Sprintf(`{"seq":%d,"text":"hello"}`, i))
		if len(msg) < size {
			msg = append(msg, bytes.Repeat([]byte{' '}, size-len(msg))...)
		}
		tc.send(true, frames(clientFrame(0x1, msg)), 0)
		tc.send(false, frames(serverFrame(0x1, msg)), 0)
	}
	tc.close()
	return c.bytes()
}

// allocsFor counts the allocations of dissecting a capture and printing
// the speed target's fields for every WebSocket record.
func allocsFor(t *testing.T, capture []byte, opt wsdissect.Options) float64 {
	return allocsRuns(t, capture, opt, 3)
}

// allocsRuns is allocsFor averaged over runs runs.
func allocsRuns(t *testing.T, capture []byte, opt wsdissect.Options, runs int) float64 {
	fields := []string{"frame.number", "tcp.stream", "websocket.opcode", "websocket.payload_length", "websocket.masking_key"}
	line := make([]byte, 0, 256)
	return testing.AllocsPerRun(runs, func() {
		d, err := wsdissect.New(bytes.NewReader(capture), opt)
		require.NoError(t, err)
		for r, err := range d.Records() {
			require.NoError(t, err)
			if !r.Has("websocket") {
				continue
			}
			line = line[:0]
			for _, f := range fields {
				line = r.AppendField(line, f, ",", wsdissect.AllOccurrences)
			}
		}
		d.Close()
	})
}

// TestSteadyStateAllocatesNothing: ten times more packets on the same
// connection cost no more allocations: after the set-up of the reader and
// the connection, the pipeline and the field view allocate nothing per
// packet or per frame. On one goroutine the count does not depend on
// scheduling: a few slices grow once to their steady size. With Workers: 1
// the goroutines hand packets over in 6 batches made at the start, each
// grown on first use (about ten allocations), as many as scheduling uses:
// at most 60 more, where one allocation per message would be 18,000.
func TestSteadyStateAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector: .ci/run runs this test without it")
	}
	for _, ext := range []string{"", "permessage-deflate"} {
		small, large := chat(1000, ext), chat(10000, ext)
		for _, opt := range []wsdissect.Options{{}, {SkipPayloads: true}, {Workers: 1, SkipPayloads: true}} {
			a, b := allocsFor(t, small, opt), allocsFor(t, large, opt)
			t.Logf("%q workers=%d skip=%v: %.0f allocations for 1000 messages each way, %.0f for 10000", ext, opt.Workers, opt.SkipPayloads, a, b)
			limit := 20.0
			if opt.Workers == 1 {
				limit = 80
			}
			assert.Less(t, b-a, limit, "extension %q, %+v", ext, opt)
		}
	}
}

// TestSteadyStateShardedAllocatesNothingPerPacket: with Workers: 2 the
// records in flight between the goroutines are made as scheduling asks for
// them, so their number varies from run to run, but it is bounded by
// construction: the first stage blocks once the caller's queue (8 batches of
// 256 records) and the shards' queues (3 batches each) are full, and the
// caller keeps at most 16 batches for reuse (the rest go to the collector).
// That is at most (8 + 16 + 3·2 + 4) · 256 = 8,704 records, each of about ten
// allocations with its storage: under 90,000 whatever the scheduling. A
// hundred times more messages (200,000 packets, a message in each) show one
// allocation per packet or per message as 198,000 more.
func TestSteadyStateShardedAllocatesNothingPerPacket(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector: .ci/run runs this test without it")
	}
	if testing.Short() {
		t.Skip("dissects 200,000 packets")
	}
	opt := wsdissect.Options{Workers: 2}
	small, large := chat(1000, ""), chat(100000, "")
	a, b := allocsRuns(t, small, opt, 1), allocsRuns(t, large, opt, 1)
	t.Logf("workers=2: %.0f allocations for 1000 messages each way, %.0f for 100000", a, b)
	assert.Less(t, b-a, 100000.0)
}

// Large messages, whose payloads a record keeps in buffers of their own,
// reuse those buffers: ten times more of them cost no more allocations.
func TestSteadyStateLargeMessages(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector: .ci/run runs this test without it")
	}
	small, large := chatSized(100, "", 20<<10), chatSized(1000, "", 20<<10)
	for _, opt := range []wsdissect.Options{{}, {Workers: 1}} {
		a, b := allocsFor(t, small, opt), allocsFor(t, large, opt)
		t.Logf("workers=%d: %.0f allocations for 100 messages of 20 KiB each way, %.0f for 1000", opt.Workers, a, b)
		assert.Less(t, b-a, 40.0, "%+v", opt)
	}
}
