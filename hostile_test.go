package wsdissect_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/tcp"
	"github.com/wsdissect/wsdissect/wsframe"
)

// The tests in this file feed the pipeline broken and hostile captures,
// built in memory, and check that it never panics, keeps its memory bounded
// and reports what it capped or found. They assert counts and caps, never
// wall time.

// message is what a test keeps of a wsdissect.Message.
type message struct {
	frame      uint64
	fromClient bool
	op         wsframe.Opcode
	size       int
	compressed bool
	anomalies  []string
}

// outcome is what a test keeps of one run over a capture.
type outcome struct {
	records   int
	frames    []uint64 // frame numbers in the order the records came
	wsFrames  int
	messages  []message
	anomalies []string // record anomalies as "frame N: layer severity: message"
	err       error
	peak      uint64 // sampled peak of heap bytes above the start
}

// anomalyCount counts the record anomalies containing s.
func (o *outcome) anomalyCount(s string) int {
	n := 0
	for _, a := range o.anomalies {
		if strings.Contains(a, s) {
			n++
		}
	}
	return n
}

// messageAnomalyCount counts the message anomalies containing s.
func (o *outcome) messageAnomalyCount(s string) int {
	n := 0
	for _, m := range o.messages {
		for _, a := range m.anomalies {
			if strings.Contains(a, s) {
				n++
			}
		}
	}
	return n
}

// heapWatch samples the heap (live and not yet swept objects) every
// millisecond until stopped, and reports the highest value above the one
// it started from.
type heapWatch struct {
	stop chan struct{}
	done sync.WaitGroup
	base uint64
	peak uint64
}

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func watchHeap() *heapWatch {
	runtime.GC()
	w := &heapWatch{stop: make(chan struct{}), base: heapObjects()}
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if v := heapObjects(); v > w.base && v-w.base > w.peak {
				w.peak = v - w.base
			}
			select {
			case <-w.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

// end stops the watch and returns the peak.
func (w *heapWatch) end() uint64 {
	close(w.stop)
	w.done.Wait()
	return w.peak
}

// dissect runs Records over a capture and keeps what the tests look at.
func dissect(t *testing.T, b []byte, opt wsdissect.Options) outcome {
	t.Helper()
	var o outcome
	w := watchHeap()
	defer func() { o.peak = w.end() }()
	d, err := wsdissect.New(bytes.NewReader(b), opt)
	if err != nil {
		o.err = err
		return o
	}
	for rec, err := range d.Records() {
		if err != nil {
			o.err = err
			break
		}
		o.records++
		o.frames = append(o.frames, rec.Frame)
		o.wsFrames += len(rec.WebSocket)
		for _, a := range rec.Anomalies {
			o.anomalies = append(o.anomalies, fmt.Sprintf("frame %d: %s", rec.Frame, a))
		}
		for _, m := range rec.Messages {
			mm := message{frame: m.Frame, fromClient: m.FromClient, op: m.Opcode, size: len(m.Data), compressed: m.Compressed}
			for _, a := range m.Anomalies {
				mm.anomalies = append(mm.anomalies, a.String())
			}
			o.messages = append(o.messages, mm)
		}
		// the tshark views must hold up too
		for _, f := range wsdissect.Fields {
			rec.AppendField(nil, f, ",", wsdissect.AllOccurrences)
		}
		rec.AppendSummary(nil)
	}
	return o
}

// logOutcome writes what a hostile case did, for the report.
func logOutcome(t *testing.T, o outcome, start time.Time) {
	t.Helper()
	t.Logf("%d records, %d WebSocket frames, %d messages, %d record anomalies, err=%v, peak heap %.1f MiB, %v",
		o.records, o.wsFrames, len(o.messages), len(o.anomalies), o.err, float64(o.peak)/(1<<20), time.Since(start).Round(time.Millisecond))
	for i, a := range o.anomalies {
		if i == 5 {
			t.Logf("  ... %d more", len(o.anomalies)-i)
			break
		}
		t.Logf("  %s", a)
	}
}

// ---- Case 1: broken capture files -----------------------------------------

// goodCapture is a small valid capture: a WebSocket connection with a
// text message each way and a close.
func goodCapture(c *capture) *capture {
	tc := c.conn("10.0.0.1:40000", "10.0.0.2:80")
	tc.upgrade("")
	tc.send(true, frames(clientFrame(0x1, []byte("hello"))), 0)
	tc.send(false, frames(serverFrame(0x1, []byte("world"))), 0)
	tc.close()
	return c
}

func TestHostileBrokenFiles(t *testing.T) {
	good := goodCapture(newPcap()).bytes()
	const goodFrames = 10 // 3 handshake, request, 101, 2 messages, 3 close
	ng := goodCapture(newPcapng()).bytes()

	// a pcap record header claiming 2 GiB of captured bytes
	huge := binary.LittleEndian.AppendUint32(nil, 1700000100)
	huge = binary.LittleEndian.AppendUint32(huge, 0)
	huge = binary.LittleEndian.AppendUint32(huge, 1<<31)
	huge = binary.LittleEndian.AppendUint32(huge, 1<<31)
	// a pcapng block claiming nearly 4 GiB, and one claiming 8 bytes
	absurd := binary.LittleEndian.AppendUint32(nil, 6)
	absurd = binary.LittleEndian.AppendUint32(absurd, 0xfffffff0)
	absurd = append(absurd, make([]byte, 64)...)
	tiny := binary.LittleEndian.AppendUint32(nil, 6)
	tiny = binary.LittleEndian.AppendUint32(tiny, 8)
	tiny = append(tiny, make([]byte, 64)...)

	for _, tc := range []struct {
		name     string
		file     []byte
		openErr  error // New fails with it
		records  int   // records yielded before the error
		err      error // the error that ends Records (nil: none)
		atOffset int64 // FormatError offset, when err is set
	}{
		{name: "wrong magic", file: append([]byte("GIF89a"), good[6:]...), openErr: tcp.ErrBadMagic},
		{name: "empty file", file: nil, openErr: tcp.ErrTruncatedRecord},
		{name: "header cut short", file: good[:10], openErr: tcp.ErrTruncatedRecord},
		{name: "pcapng header cut short", file: ng[:20], openErr: tcp.ErrTruncatedRecord},
		{name: "last record cut short", file: good[:len(good)-20], records: goodFrames - 1, err: tcp.ErrTruncatedRecord, atOffset: -2},
		{name: "record header cut short", file: append(bytes.Clone(good), 1, 2, 3), records: goodFrames, err: tcp.ErrTruncatedRecord, atOffset: int64(len(good))},
		{name: "record of 2 GiB", file: append(bytes.Clone(good), huge...), records: goodFrames, err: tcp.ErrRecordTooLarge, atOffset: int64(len(good))},
		{name: "pcapng block of 4 GiB", file: append(bytes.Clone(ng), absurd...), records: goodFrames, err: tcp.ErrBadRecord, atOffset: int64(len(ng))},
		{name: "pcapng block of 8 bytes", file: append(bytes.Clone(ng), tiny...), records: goodFrames, err: tcp.ErrBadRecord, atOffset: int64(len(ng))},
		{name: "pcapng last block cut short", file: ng[:len(ng)-7], records: goodFrames - 1, err: tcp.ErrTruncatedRecord, atOffset: -2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			o := dissect(t, tc.file, wsdissect.Options{})
			logOutcome(t, o, start)
			if tc.openErr != nil {
				require.ErrorIs(t, o.err, tc.openErr)
				assert.Zero(t, o.records)
				return
			}
			assert.Equal(t, tc.records, o.records, "every record before the damage is yielded")
			for i, f := range o.frames {
				assert.Equal(t, uint64(i+1), f)
			}
			if tc.err == nil {
				assert.NoError(t, o.err)
				return
			}
			require.ErrorIs(t, o.err, tc.err)
			var fe *tcp.FormatError
			require.ErrorAs(t, o.err, &fe)
			assert.Equal(t, uint64(tc.records), fe.Frame)
			switch tc.atOffset {
			case -2: // the offset of the last record: somewhere inside the file
				assert.Positive(t, fe.Offset)
				assert.Less(t, fe.Offset, int64(len(tc.file)))
			default:
				assert.Equal(t, tc.atOffset, fe.Offset)
			}
			assert.Contains(t, o.err.Error(), fmt.Sprintf("offset %d", fe.Offset))
		})
	}
}

// TestHostileRandomRecords writes records of random bytes (and random
// bytes after valid Ethernet/IPv4/TCP headers) between the packets of a
// valid connection: each is dissected or reported, and the connection's
// messages still come out.
func TestHostileRandomRecords(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	c := newPcap()
	tc := c.conn("10.0.0.1:40000", "10.0.0.2:80")
	tc.upgrade("")
	const n = 2000
	for i := range n {
		junk := make([]byte, rng.IntN(200))
		for j := range junk {
			junk[j] = byte(rng.Uint32())
		}
		switch i % 4 {
		case 0: // raw junk
			c.packet(junk, 0)
		case 1: // junk after an Ethernet/IPv4 header of a random TCP connection
			p := tcpPacket(netipPort(rng), netipPort(rng), rng.Uint32(), rng.Uint32(), byte(rng.Uint32()), junk)
			c.packet(p, 0)
		case 2: // a TCP header with a random data offset and length field
			p := tcpPacket(netipPort(rng), netipPort(rng), rng.Uint32(), rng.Uint32(), byte(rng.Uint32()), junk)
			p[14+20+12] = byte(rng.Uint32())
			binary.BigEndian.PutUint16(p[16:], uint16(rng.Uint32()))
			c.packet(p, 0)
		case 3:
			tc.send(i%8 == 3, frames(wsFrame{fin: true, op: 0x2, masked: i%8 == 3, payload: junk[:len(junk)/2]}), 0)
		}
	}
	start := time.Now()
	o := dissect(t, c.bytes(), wsdissect.Options{})
	logOutcome(t, o, start)
	require.NoError(t, o.err)
	assert.Equal(t, c.frames, o.records)
	assert.Equal(t, n/4, len(o.messages), "every message of the valid connection")
	assert.Positive(t, o.anomalyCount("tcp warn: tcp: malformed packet"), "malformed headers are reported")
}

// netipPort returns a random IPv4 endpoint.
func netipPort(rng *rand.Rand) netip.AddrPort {
	var a [4]byte
	binary.BigEndian.PutUint32(a[:], rng.Uint32())
	return netip.AddrPortFrom(netip.AddrFrom4(a), uint16(rng.Uint32()))
}
