package wsdissect_test

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
)

// This file checks that nothing is lost silently: every payload byte of a
// direction is part of a dissected HTTP message or WebSocket frame, or is
// reported (a gap, bytes dropped or passed over), or was a retransmitted
// duplicate. The test computes the truth itself from the TCP facts of the
// records (the union of each direction's sequence ranges) and compares it
// with what the API tells.

// dirKey names one direction of one connection.
type dirKey struct {
	stream        uint64
	fromInitiator bool
}

func (k dirKey) String() string {
	side := "server"
	if k.fromInitiator {
		side = "client"
	}
	return fmt.Sprintf("stream %d %s", k.stream, side)
}

// ledger is what one direction carried and what the API says of it.
type ledger struct {
	spans     [][2]uint32 // [RelSeq, RelSeq+tcp.len) of every segment with payload
	payload   int64       // Σ tcp.len
	dissected int64       // Σ HTTP head+body and WebSocket header+payload
	gap       int64       // bytes reported as never arrived
	passed    int64       // bytes reported as dropped or passed over
}

// seen returns the bytes carried at least once and the bytes of holes
// between them (the truth).
func (l *ledger) seen() (once, holes int64) {
	spans := slices.Clone(l.spans)
	slices.SortFunc(spans, func(a, b [2]uint32) int { return int(int64(a[0]) - int64(b[0])) })
	var end uint32
	for i, s := range spans {
		if i > 0 && s[0] > end {
			holes += int64(s[0] - end)
		}
		if i == 0 || s[1] > end {
			once += int64(s[1] - max(s[0], end))
			if i == 0 {
				once = int64(s[1] - s[0])
			}
			end = s[1]
		}
	}
	return once, holes
}

// flushReport is the anomaly the pipeline writes when a hole never fills.
var flushReport = regexp.MustCompile(`(\d+) bytes never arrived \(gap in the stream\); (\d+) bytes before it dropped, (\d+) after it passed over`)

// account runs Records over a capture and fills one ledger per direction.
func account(t *testing.T, b []byte) map[dirKey]*ledger {
	t.Helper()
	d, err := wsdissect.New(bytes.NewReader(b), wsdissect.Options{})
	require.NoError(t, err)
	ledgers := map[dirKey]*ledger{}
	get := func(k dirKey) *ledger {
		if ledgers[k] == nil {
			ledgers[k] = &ledger{}
		}
		return ledgers[k]
	}
	for rec, err := range d.Records() {
		require.NoError(t, err)
		if rec.TCP == nil {
			continue
		}
		an := rec.TCP.Analysis
		k := dirKey{an.Stream, an.FromInitiator}
		l := get(k)
		if an.Len > 0 {
			l.spans = append(l.spans, [2]uint32{an.RelSeq, an.RelSeq + uint32(an.Len)})
			l.payload += int64(an.Len)
		}
		for _, m := range rec.HTTP {
			get(dirKey{an.Stream, m.IsRequest}).dissected += int64(m.HeadLen + m.BodyLen)
		}
		for _, f := range rec.WebSocket {
			// the captures here have the client as initiator
			get(dirKey{f.Stream, f.FromClient}).dissected += int64(f.Header.HeaderLen) + int64(f.Header.Length)
		}
		for _, a := range rec.Anomalies {
			if m := flushReport.FindStringSubmatch(a.Message); m != nil {
				// the flush of the end of the capture is written on the
				// record of the direction's last segment
				gap, _ := strconv.ParseInt(m[1], 10, 64)
				dropped, _ := strconv.ParseInt(m[2], 10, 64)
				passed, _ := strconv.ParseInt(m[3], 10, 64)
				l.gap += gap
				l.passed += dropped + passed
			}
		}
	}
	return ledgers
}

func TestNothingLost(t *testing.T) {
	holey := func() []byte {
		c := newPcap()
		tc := c.conn("10.0.0.1:40000", "10.0.0.2:80")
		tc.upgrade("")
		tc.send(true, frames(clientFrame(0x1, []byte("before the hole"))), 0)
		big := frames(clientFrame(0x2, make([]byte, 3000)))
		tc.send(true, big[:1000], 0)
		tc.skip(true, 1000) // lost, never retransmitted
		tc.send(true, big[2000:], 0)
		tc.send(true, frames(clientFrame(0x1, []byte("after the hole"))), 0)
		tc.send(false, frames(serverFrame(0x1, []byte("server"))), 0)
		tc.close()
		return c.bytes()
	}()
	file := func(name string) []byte {
		b, err := os.ReadFile("testdata/" + name)
		require.NoError(t, err)
		return b
	}
	huge := clientFrame(0x2, []byte("payload"))
	huge.length = 1 << 63
	for _, tc := range []struct {
		name    string
		capture []byte
		skip    string
	}{
		{"node-loss-retrans", file("node-loss-retrans.pcap"), ""},
		{"node-duplicate-segments", file("node-duplicate-segments.pcap"), ""},
		{"node-mtu576-many-segments", file("node-mtu576-many-segments.pcap"), ""},
		{"generated hole that never fills", holey, ""},
		{"node-midstream-no-upgrade", file("node-midstream-no-upgrade.pcap"),
			"root pipeline: bytes of a direction in modeRaw (no handshake seen, not HTTP) are consumed in conn.drain without being counted or reported"},
		{"frame length 2^63", wsCapture("", true, frames(huge), 0),
			"root pipeline: after drainWS gives up on a direction (frame over the buffer cap, header cut by the snap length) its bytes are consumed in modeRaw without being counted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.skip != "" {
				t.Skip(tc.skip)
			}
			for k, l := range account(t, tc.capture) {
				once, holes := l.seen()
				t.Logf("%v: tcp.len %d, once %d (duplicates %d), holes %d; dissected %d, gap %d, passed over %d",
					k, l.payload, once, l.payload-once, holes, l.dissected, l.gap, l.passed)
				assert.Equal(t, once, l.dissected+l.passed, "%v: every byte carried is dissected or reported", k)
				assert.Equal(t, holes, l.gap, "%v: every hole is reported", k)
			}
		})
	}
}
