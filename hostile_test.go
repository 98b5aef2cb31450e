package wsdissect_test

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
	capturefile "github.com/wsdissect/wsdissect/capture" // the test builder is named capture
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

// outcome is what a test keeps of one run over a capture: counts, and few
// enough details that its own memory does not blur the pipeline's.
type outcome struct {
	records  int
	frames   []uint64 // frame numbers in the order the records came
	wsFrames int
	// messages are the first keptMessages messages, tail the last ones
	// after those; nmessages counts them all.
	messages  []message
	tail      []message
	nmessages int
	// anomalies counts the record anomalies by text ("layer severity:
	// message"), msgAnomalies the message anomalies; examples keeps the
	// first few as "frame N: ...".
	anomalies    map[string]int
	nanomalies   int
	msgAnomalies map[string]int
	examples     []string
	err          error
	peak         uint64 // sampled peak of heap bytes above the start
}

const keptMessages = 1000

func (o *outcome) addMessage(m message) {
	o.nmessages++
	for _, a := range m.anomalies {
		o.msgAnomalies[a]++
	}
	if len(o.messages) < keptMessages {
		o.messages = append(o.messages, m)
		return
	}
	if len(o.tail) == 16 {
		o.tail = o.tail[1:]
	}
	o.tail = append(o.tail, m)
}

// anomalyCount counts the record anomalies containing s.
func (o *outcome) anomalyCount(s string) int {
	n := 0
	for a, k := range o.anomalies {
		if strings.Contains(a, s) {
			n += k
		}
	}
	return n
}

// messageAnomalyCount counts the message anomalies containing s.
func (o *outcome) messageAnomalyCount(s string) int {
	n := 0
	for a, k := range o.msgAnomalies {
		if strings.Contains(a, s) {
			n += k
		}
	}
	return n
}

// allAnomalies lists the texts of every anomaly found.
func (o *outcome) allAnomalies() []string {
	var all []string
	for a := range o.anomalies {
		all = append(all, a)
	}
	for a := range o.msgAnomalies {
		all = append(all, a)
	}
	return all
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

// dumpCapture writes a generated capture to $WSDISSECT_HOSTILE_DIR, when
// set, so that wsdump (or tshark) can be run on every hostile case:
//
//	WSDISSECT_HOSTILE_DIR=/tmp/hostile go test -run Hostile .
func dumpCapture(t *testing.T, b []byte) {
	dir := os.Getenv("WSDISSECT_HOSTILE_DIR")
	if dir == "" {
		return
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".pcap"
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
}

// dissect runs Records over a capture and keeps what the tests look at.
// $WSDISSECT_HOSTILE_WORKERS, when set, runs every case with that many
// Options.Workers (.ci/run does it with 2):
//
//	WSDISSECT_HOSTILE_WORKERS=2 go test -run Hostile .
func dissect(t *testing.T, b []byte, opt wsdissect.Options) (o outcome) {
	t.Helper()
	dumpCapture(t, b)
	if w := os.Getenv("WSDISSECT_HOSTILE_WORKERS"); w != "" {
		n, err := strconv.Atoi(w)
		require.NoError(t, err)
		opt.Workers = n
	}
	o.anomalies, o.msgAnomalies = map[string]int{}, map[string]int{}
	w := watchHeap()
	defer func() { o.peak = w.end() }()
	d, err := wsdissect.New(bytes.NewReader(b), opt)
	if err != nil {
		o.err = err
		return o
	}
	defer d.Close()
	for rec, err := range d.Records() {
		if err != nil {
			o.err = err
			break
		}
		o.records++
		o.frames = append(o.frames, rec.Frame)
		o.wsFrames += len(rec.WebSocket)
		for _, a := range rec.Anomalies {
			o.anomalies[a.String()]++
			o.nanomalies++
			if len(o.examples) < 5 {
				o.examples = append(o.examples, fmt.Sprintf("frame %d: %s", rec.Frame, a))
			}
		}
		for _, m := range rec.Messages {
			mm := message{frame: m.Frame, fromClient: m.FromClient, op: m.Opcode, size: len(m.Data), compressed: m.Compressed}
			for _, a := range m.Anomalies {
				mm.anomalies = append(mm.anomalies, a.String())
			}
			o.addMessage(mm)
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
		o.records, o.wsFrames, o.nmessages, o.nanomalies, o.err, float64(o.peak)/(1<<20), time.Since(start).Round(time.Millisecond))
	for _, a := range o.examples {
		t.Logf("  %s", a)
	}
	if n := o.nanomalies - len(o.examples); n > 0 {
		t.Logf("  ... %d more", n)
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
		{name: "wrong magic", file: append([]byte("GIF89a"), good[6:]...), openErr: capturefile.ErrBadMagic},
		{name: "empty file", file: nil, openErr: capturefile.ErrTruncatedRecord},
		{name: "header cut short", file: good[:10], openErr: capturefile.ErrTruncatedRecord},
		{name: "pcapng header cut short", file: ng[:20], openErr: capturefile.ErrTruncatedRecord},
		{name: "last record cut short", file: good[:len(good)-20], records: goodFrames - 1, err: capturefile.ErrTruncatedRecord, atOffset: -2},
		{name: "record header cut short", file: append(bytes.Clone(good), 1, 2, 3), records: goodFrames, err: capturefile.ErrTruncatedRecord, atOffset: int64(len(good))},
		{name: "record of 2 GiB", file: append(bytes.Clone(good), huge...), records: goodFrames, err: capturefile.ErrRecordTooLarge, atOffset: int64(len(good))},
		{name: "pcapng block of 4 GiB", file: append(bytes.Clone(ng), absurd...), records: goodFrames, err: capturefile.ErrBadRecord, atOffset: int64(len(ng))},
		{name: "pcapng block of 8 bytes", file: append(bytes.Clone(ng), tiny...), records: goodFrames, err: capturefile.ErrBadRecord, atOffset: int64(len(ng))},
		{name: "pcapng last block cut short", file: ng[:len(ng)-7], records: goodFrames - 1, err: capturefile.ErrTruncatedRecord, atOffset: -2},
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
			var fe *capturefile.FormatError
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
	assert.Equal(t, n/4, o.nmessages, "every message of the valid connection")
	assert.Positive(t, o.anomalyCount("tcp Warning: tcp: malformed packet"), "malformed headers are reported")
}

// netipPort returns a random IPv4 endpoint.
func netipPort(rng *rand.Rand) netip.AddrPort {
	var a [4]byte
	binary.BigEndian.PutUint32(a[:], rng.Uint32())
	return netip.AddrPortFrom(netip.AddrFrom4(a), uint16(rng.Uint32()))
}

// ---- Case 2: hostile but well-formed captures -----------------------------

// wsCapture is a WebSocket connection where one side sends the given bytes
// after the handshake; then each side sends the text "after" and the
// connection closes. mss splits the bytes into segments (0: one segment).
func wsCapture(ext string, fromClient bool, payload []byte, mss int) []byte {
	c := newPcap()
	tc := c.conn("10.0.0.1:40000", "10.0.0.2:80")
	tc.upgrade(ext)
	tc.send(fromClient, payload, mss)
	tc.send(true, frames(clientFrame(0x1, []byte("after"))), 0)
	tc.send(false, frames(serverFrame(0x1, []byte("after"))), 0)
	tc.close()
	return c.bytes()
}

// afterMessages counts the "after" text messages of wsCapture that came out.
func (o *outcome) afterMessages() (client, server int) {
	for _, m := range append(o.messages, o.tail...) {
		if m.op == wsframe.OpText && m.size == len("after") {
			if m.fromClient {
				client++
			} else {
				server++
			}
		}
	}
	return client, server
}

// TestHostileProtocolViolations sends every RFC 6455 violation the
// Assembler checks for: each must appear as an anomaly on the record or
// the message, and the frames after it must still be dissected.
func TestHostileProtocolViolations(t *testing.T) {
	const deflate = "permessage-deflate"
	cf := func(f wsFrame) wsFrame { f.masked, f.key = true, [4]byte{9, 8, 7, 6}; return f }
	closeBody := func(code uint16, reason string) []byte {
		return append(binary.BigEndian.AppendUint16(nil, code), reason...)
	}
	for _, tc := range []struct {
		name       string
		ext        string
		fromClient bool
		bytes      []byte
		anomaly    string
	}{
		{"reserved data opcode", "", true, frames(clientFrame(0x3, []byte("x"))), "reserved opcode"},
		{"reserved control opcode", "", false, frames(serverFrame(0xb, nil)), "reserved opcode"},
		{"control frame of 126 bytes", "", true, frames(clientFrame(0x9, make([]byte, 126))), "control frame too long"},
		{"fragmented ping", "", true, frames(cf(wsFrame{op: 0x9, payload: []byte("p")})), "fragmented control frame"},
		{"RSV1 without extension", "", true, frames(cf(wsFrame{fin: true, rsv: 4, op: 0x1, payload: []byte("x")})), "reserved bits set"},
		{"RSV3 without extension", "", false, frames(wsFrame{fin: true, rsv: 1, op: 0x2, payload: []byte("x")}), "reserved bits set"},
		{"RSV2 with permessage-deflate", deflate, false, frames(wsFrame{fin: true, rsv: 2, op: 0x2, payload: []byte("x")}), "reserved bits set"},
		{"RSV1 on a ping with permessage-deflate", deflate, false, frames(wsFrame{fin: true, rsv: 4, op: 0x9}), "reserved bits set"},
		{"RSV1 on a continuation", deflate, false, frames(
			wsFrame{rsv: 4, op: 0x1, payload: deflateRaw(t, []byte("ab"))[:2]},
			wsFrame{fin: true, rsv: 4, op: 0x0, payload: deflateRaw(t, []byte("ab"))[2:]}), "reserved bits set"},
		{"unmasked client frame", "", true, frames(serverFrame(0x1, []byte("x"))), "client frame not masked"},
		{"masked server frame", "", false, frames(clientFrame(0x1, []byte("x"))), "server frame masked"},
		{"invalid UTF-8 text", "", true, frames(clientFrame(0x1, []byte{'a', 0xff, 0xfe})), "invalid UTF-8"},
		{"invalid UTF-8 text over fragments", "", false, frames(
			wsFrame{op: 0x1, payload: []byte{'a', 0xe2}}, wsFrame{fin: true, payload: []byte{0x28, 0xa1}}), "invalid UTF-8"},
		{"invalid UTF-8 close reason", "", true, frames(clientFrame(0x8, closeBody(1000, "\xc3\x28"))), "invalid UTF-8"},
		{"close code 1005", "", true, frames(clientFrame(0x8, closeBody(1005, ""))), "invalid close code"},
		{"close code 1006", "", false, frames(serverFrame(0x8, closeBody(1006, "x"))), "invalid close code"},
		{"close code 999", "", true, frames(clientFrame(0x8, closeBody(999, ""))), "invalid close code"},
		{"close code 2999", "", false, frames(serverFrame(0x8, closeBody(2999, ""))), "invalid close code"},
		{"close code 5000", "", true, frames(clientFrame(0x8, closeBody(5000, ""))), "invalid close code"},
		{"close payload of 1 byte", "", true, frames(clientFrame(0x8, []byte{3})), "close payload too short"},
		{"16-bit length for 7 bytes", "", true, frames(cf(wsFrame{fin: true, op: 0x1, lenBits: 16, payload: []byte("abcdefg")})), "non-minimal payload length"},
		{"64-bit length for 7 bytes", "", false, frames(wsFrame{fin: true, op: 0x2, lenBits: 64, payload: []byte("abcdefg")}), "non-minimal payload length"},
		{"64-bit length for 1000 bytes", "", false, frames(wsFrame{fin: true, op: 0x2, lenBits: 64, payload: make([]byte, 1000)}), "non-minimal payload length"},
		{"continuation without start", "", true, frames(clientFrame(0x0, []byte("x"))), "continuation without a message"},
		{"data frame during a fragmented message", "", false, frames(
			wsFrame{op: 0x1, payload: []byte("first")}, serverFrame(0x2, []byte("second"))), "fragmented message interrupted"},
		{"compressed message that does not inflate", deflate, true, frames(cf(wsFrame{fin: true, rsv: 4, op: 0x1, payload: []byte{0xff, 0xff, 0xff, 0xff}})), "decompression failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := dissect(t, wsCapture(tc.ext, tc.fromClient, tc.bytes, 0), wsdissect.Options{})
			require.NoError(t, o.err)
			found := o.anomalyCount(tc.anomaly) + o.messageAnomalyCount(tc.anomaly)
			assert.Positive(t, found, "anomaly %q not reported; record anomalies %q, messages %+v", tc.anomaly, o.anomalies, o.messages)
			for _, a := range o.allAnomalies() {
				assert.Contains(t, a, "websocket", "only the WebSocket layer complains")
			}
			client, server := o.afterMessages()
			assert.Equal(t, 1, client, "the client's next message is dissected")
			assert.Equal(t, 1, server, "the server's next message is dissected")
		})
	}
}

// deflateRaw compresses b as permessage-deflate does: raw DEFLATE without
// the final empty block's 00 00 ff ff.
func deflateRaw(t testing.TB, b []byte) []byte {
	var out bytes.Buffer
	w, err := flate.NewWriter(&out, flate.BestSpeed)
	require.NoError(t, err)
	_, err = w.Write(b)
	require.NoError(t, err)
	require.NoError(t, w.Flush())
	return bytes.TrimSuffix(out.Bytes(), []byte{0, 0, 0xff, 0xff})
}

// TestHostileHugeLength sends frame headers claiming 2^63 and 2^63-1 payload
// bytes, and one claiming more than the buffer cap: each is reported, the
// direction stops being dissected (nothing can be framed after it), and
// the other direction goes on.
func TestHostileHugeLength(t *testing.T) {
	for _, tc := range []struct {
		name   string
		length uint64
		want   []string
	}{
		{"2^63", 1 << 63, []string{"exceeds the 16777216-byte buffer cap"}},
		{"2^63-1", 1<<63 - 1, []string{"exceeds the 16777216-byte buffer cap"}},
		{"2^64-1", 1<<64 - 1, []string{"exceeds the 16777216-byte buffer cap"}},
		{"buffer cap + 1", 16<<20 + 1, []string{"exceeds the 16777216-byte buffer cap"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := clientFrame(0x2, []byte("some payload"))
			f.length = tc.length
			start := time.Now()
			o := dissect(t, wsCapture("", true, frames(f), 0), wsdissect.Options{})
			logOutcome(t, o, start)
			require.NoError(t, o.err)
			for _, w := range tc.want {
				assert.Positive(t, o.anomalyCount(w), "anomaly %q not in %q", w, o.anomalies)
			}
			client, server := o.afterMessages()
			assert.Zero(t, client, "nothing is framed after a frame that cannot be buffered")
			assert.Equal(t, 1, server, "the other direction is dissected")
			assert.Less(t, o.peak, uint64(64<<20))
		})
	}
}

// TestHostileHugeLengthTopBit: a 64-bit length with its top bit set breaks
// RFC 6455 §5.2; the frame is refused by the buffer cap before the header
// checks run, so the violation itself is not reported.
func TestHostileHugeLengthTopBit(t *testing.T) {

	f := clientFrame(0x2, nil)
	f.length = 1 << 63
	o := dissect(t, wsCapture("", true, frames(f), 0), wsdissect.Options{})
	require.NoError(t, o.err)
	assert.Positive(t, o.anomalyCount("64-bit length with top bit set"), "%q", o.anomalies)
}

// bombOnce holds 512 MiB of zeros compressed (about 650 KB), made once.
var bombOnce = sync.OnceValue(func() []byte {
	var out bytes.Buffer
	w, _ := flate.NewWriter(&out, flate.BestSpeed)
	zeros := make([]byte, 1<<20)
	for range 512 {
		w.Write(zeros)
	}
	w.Flush()
	return bytes.TrimSuffix(out.Bytes(), []byte{0, 0, 0xff, 0xff})
})

// TestHostileDeflateBomb sends a 512 MiB permessage-deflate bomb in 650 KB:
// a compressed message of zeros in 64 KiB frames, split into 1448-byte
// segments. The decompressed-size cap makes it an anomaly and a truncated
// message; the next compressed message inflates.
func TestHostileDeflateBomb(t *testing.T) {
	const ext = "permessage-deflate; client_no_context_takeover; server_no_context_takeover"
	bomb := bombOnce()
	var b []byte
	for off := 0; off < len(bomb); off += 64 << 10 {
		f := wsFrame{op: 0x2, masked: true, key: [4]byte{0xa, 0xb, 0xc, 0xd}, payload: bomb[off:min(off+64<<10, len(bomb))]}
		if off == 0 {
			f.rsv = 4
		} else {
			f.op = 0
		}
		f.fin = off+64<<10 >= len(bomb)
		b = f.encode(b)
	}
	after := deflateRaw(t, []byte("after the bomb"))
	b = wsFrame{fin: true, rsv: 4, op: 0x1, masked: true, payload: after}.encode(b)

	start := time.Now()
	o := dissect(t, wsCapture(ext, true, b, 1448), wsdissect.Options{})
	logOutcome(t, o, start)
	require.NoError(t, o.err)
	require.GreaterOrEqual(t, o.nmessages, 2)
	m := o.messages[0]
	t.Logf("bomb: %d compressed bytes in %d frames; message %+v", len(bomb), (len(bomb)+64<<10-1)/(64<<10), m)
	assert.True(t, m.fromClient)
	assert.True(t, m.compressed)
	assert.Equal(t, 16<<20, m.size, "inflated up to MaxDecompressedSize's default, 16 MiB")
	assert.Equal(t, 1, o.messageAnomalyCount("decompressed message too big"))
	assert.Equal(t, len("after the bomb"), o.messages[1].size)
	assert.Equal(t, wsframe.OpText, o.messages[1].op)
	assert.Empty(t, o.messages[1].anomalies)
	client, server := o.afterMessages()
	assert.Equal(t, 1, client)
	assert.Equal(t, 1, server)
	assert.Less(t, o.peak, uint64(128<<20), "peak heap")
}

// synFlood is a capture of n SYNs, each from its own source.
func synFlood(n int) []byte {
	c := newPcap()
	for i := range n {
		src := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), uint16(1024+i%60000))
		c.packet(tcpPacket(src, netip.MustParseAddrPort("10.255.0.1:80"), uint32(i)*7919, 0, flagSYN, nil), 0)
	}
	return c.bytes()
}

// retained runs Records to the end and returns the heap the Dissector
// still holds after a collection, and the sampled peak.
func retained(t *testing.T, b []byte, opt wsdissect.Options) (held, peak uint64, records int) {
	t.Helper()
	dumpCapture(t, b)
	w := watchHeap()
	d, err := wsdissect.New(bytes.NewReader(b), opt)
	require.NoError(t, err)
	for _, err := range d.Records() {
		require.NoError(t, err)
		records++
	}
	peak = w.end()
	runtime.GC()
	if v := heapObjects(); v > w.base {
		held = v - w.base
	}
	runtime.KeepAlive(d)
	return held, peak, records
}

// TestHostileSYNFlood sends 200,000 SYNs from distinct sources: the
// conversation table is capped (Options.MaxConnections) and the memory the
// Dissector holds must follow the cap, not the flood.
func TestHostileSYNFlood(t *testing.T) {

	const n = 200_000
	b := synFlood(n)
	for _, max := range []int{0, 1000} {
		t.Run(fmt.Sprint("MaxConnections=", max), func(t *testing.T) {
			start := time.Now()
			held, peak, records := retained(t, b, wsdissect.Options{MaxConnections: max})
			t.Logf("%d SYNs: %.1f MiB held after the capture, peak %.1f MiB, %v",
				records, float64(held)/(1<<20), float64(peak)/(1<<20), time.Since(start).Round(time.Millisecond))
			assert.Equal(t, n, records)
			assert.Less(t, held, uint64(128<<20), "memory held after the flood")
			assert.Less(t, peak, uint64(256<<20), "peak heap")
		})
	}
}

// holes is a capture where the client of one WebSocket connection sends n
// segments of size bytes, each after a one-byte hole that never fills,
// while a second connection carries msgs messages each way, all after the
// first hole.
func holes(n, size, msgs int) []byte {
	c := newPcap()
	a := c.conn("10.0.0.1:40000", "10.0.0.2:80")
	b := c.conn("10.0.0.3:40000", "10.0.0.2:80")
	a.upgrade("")
	b.upgrade("")
	seg := make([]byte, size)
	for i := range max(n, msgs) {
		if i < n {
			a.skip(true, 1)
			a.send(true, seg, 0)
		}
		if i < msgs {
			b.send(true, frames(clientFrame(0x1, []byte("ping"))), 0)
			b.send(false, frames(serverFrame(0x1, []byte("pong"))), 0)
		}
	}
	a.close()
	b.close()
	return c.bytes()
}

// TestHostileHolesNeverFilled sends 20,000 out-of-order segments whose
// holes never fill, next to a busy connection: the bytes held are capped
// (Options.MaxBufferedBytes), the gaps are reported, and the other
// connection's messages all come out.
func TestHostileHolesNeverFilled(t *testing.T) {
	for _, tc := range []struct {
		name         string
		n, size      int
		capHit       bool
		gapsReported int
	}{
		{"10,000 segments of 100 bytes: under the caps", 10_000, 100, false, 10_000},
		// 16 MiB / reassembly.SegmentCost = 16384 segments per direction
		{"20,000 segments of 100 bytes: segment cap", 20_000, 100, true, 16_384},
		{"20,000 segments of 1000 bytes: byte cap", 20_000, 1000, true, 16_384},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const msgs = 1000
			b := holes(tc.n, tc.size, msgs)
			start := time.Now()
			o := dissect(t, b, wsdissect.Options{})
			logOutcome(t, o, start)
			require.NoError(t, o.err)
			assert.Equal(t, 5+5+tc.n+2*msgs+6, o.records)
			assert.Equal(t, 2*msgs, o.nmessages, "the other connection's messages")
			assert.Equal(t, tc.gapsReported, o.anomalyCount("never arrived"), "each gap is reported")
			assert.Equal(t, tc.capHit, o.anomalyCount("buffer cap") > 0)
			assert.Less(t, o.peak, uint64(128<<20))
		})
	}
}

// TestHostileHoleHoldsBackEveryRecord: one hole that never fills, early in
// a capture, holds back the record of every later packet of every
// connection until MaxPendingRecords (32768 by default) more frames have
// come: 200,000 packets of a busy neighbour connection after it take a
// bounded amount of memory, not one that grows with the capture.
func TestHostileHoleHoldsBackEveryRecord(t *testing.T) {

	b := holes(1, 100, 100_000)
	start := time.Now()
	o := dissect(t, b, wsdissect.Options{})
	logOutcome(t, o, start)
	require.NoError(t, o.err)
	assert.Equal(t, 200_000, o.nmessages)
	// MaxPendingRecords (32768) records held, about 3.5 KiB each with their
	// message: 113 MiB measured, 121 MiB under the race detector
	assert.Less(t, o.peak, uint64(144<<20))
}

// TestHostileTinyFrames sends 300,000 WebSocket frames of one byte each
// way, back to back in full 1448-byte segments (about 480 frames a
// segment): every frame and message comes out, in bounded memory.
func TestHostileTinyFrames(t *testing.T) {
	const n = 300_000
	var cb, sb []byte
	for i := range n {
		cb = clientFrame(0x2, []byte{byte(i)}).encode(cb)
		sb = serverFrame(0x2, []byte{byte(i)}).encode(sb)
	}
	c := newPcap()
	tc := c.conn("10.0.0.1:40000", "10.0.0.2:80")
	tc.upgrade("")
	tc.send(true, cb, 1448)
	tc.send(false, sb, 1448)
	tc.close()
	start := time.Now()
	o := dissect(t, c.bytes(), wsdissect.Options{})
	logOutcome(t, o, start)
	require.NoError(t, o.err)
	assert.Equal(t, 2*n, o.wsFrames)
	assert.Equal(t, 2*n, o.nmessages)
	assert.Empty(t, o.anomalies)
	assert.Less(t, o.peak, uint64(128<<20))
}

// TestHostileBigFrameInTinySegments sends a 1 MiB frame in one-byte TCP
// segments: the direction keeps track of at most 16384 segments, so the
// frame is cut by the cap, which is reported; what follows is still
// dissected or reported, and memory stays bounded.
func TestHostileBigFrameInTinySegments(t *testing.T) {

	const size = 1 << 20
	start := time.Now()
	o := dissect(t, wsCapture("", false, frames(serverFrame(0x2, make([]byte, size))), 1), wsdissect.Options{})
	logOutcome(t, o, start)
	require.NoError(t, o.err)
	assert.Positive(t, o.anomalyCount("cap"), "the cap is reported")
	client, _ := o.afterMessages()
	assert.Equal(t, 1, client, "the other direction is dissected")
	assert.LessOrEqual(t, o.wsFrames, 2, "no frames are made out of the middle of a payload")
	// bounded by the 32,768 records that may wait (MaxPendingRecords), not
	// by the million packets: about 60 MiB live, and the collector's
	// headroom on top (the peak is sampled with garbage included)
	assert.Less(t, o.peak, uint64(160<<20))
}

// TestHostileGarbageAfter101 sends random bytes after the 101 answer, from
// each side: they are parsed as frames, or reported; nothing panics and the
// other direction is dissected.
func TestHostileGarbageAfter101(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			junk := make([]byte, 64<<10)
			for j := range junk {
				junk[j] = byte(rng.Uint32())
			}
			fromClient := i%2 == 0
			o := dissect(t, wsCapture("permessage-deflate", fromClient, junk, 1448), wsdissect.Options{})
			require.NoError(t, o.err)
			assert.NotEmpty(t, o.allAnomalies(), "garbage is reported")
			client, server := o.afterMessages()
			if fromClient {
				assert.Equal(t, 1, server, "the server's message is dissected")
			} else {
				assert.Equal(t, 1, client, "the client's message is dissected")
			}
		})
	}
}

// TestHostileSnappedJumboSegments sends, on 2000 connections, one 64 KiB
// segment (as GSO captures have) cut by a 128-byte snap length: the bytes
// not captured must not cost memory per connection.
func TestHostileSnappedJumboSegments(t *testing.T) {

	const conns = 2000
	c := newPcap()
	payload := make([]byte, 65000)
	copy(payload, "GET / HTTP/1.1\r\nHost: x\r\n")
	for i := range conns {
		tc := c.conn(fmt.Sprintf("10.1.%d.%d:40000", i>>8, i&0xff), "10.0.0.2:80")
		tc.handshake()
		tc.snap = 128
		tc.send(true, payload, 0)
	}
	start := time.Now()
	held, peak, records := retained(t, c.bytes(), wsdissect.Options{})
	t.Logf("%d records: %.1f MiB held after the capture, peak %.1f MiB, %v",
		records, float64(held)/(1<<20), float64(peak)/(1<<20), time.Since(start).Round(time.Millisecond))
	assert.Equal(t, 4*conns, records)
	assert.Less(t, held, uint64(32<<20), "memory held after the capture")
}

// TestHostileLatePacketAfterClose sends a retransmitted FIN and a reset
// after a connection closed, as peers often do: Connections must still
// yield the connection once, with its handshake and messages.
func TestHostileLatePacketAfterClose(t *testing.T) {

	c := goodCapture(newPcap())
	tc := c.conn("10.0.0.1:40000", "10.0.0.2:80") // the same endpoints as goodCapture's
	tc.next = [2]uint32{1000 + 1 + uint32(len(upgradeRequest(""))) + 11 + 1, 5000 + 1 + uint32(len(upgradeResponse(""))) + 7 + 1}
	tc.raw(false, tc.next[1]-1, flagFIN|flagACK, nil)
	tc.raw(false, tc.next[1], flagRST, nil)
	d, err := wsdissect.New(bytes.NewReader(c.bytes()), wsdissect.Options{})
	require.NoError(t, err)
	var conns []*wsdissect.Connection
	for conn, err := range d.Connections() {
		require.NoError(t, err)
		cp := *conn
		conns = append(conns, &cp)
	}
	require.Len(t, conns, 1)
	assert.True(t, conns[0].WebSocket)
	assert.Equal(t, [2]int{1, 1}, conns[0].Messages)
}

// TestHostileHTTP sends HTTP heads that never end, have too many header
// lines, or announce a body of 10^18 bytes: each is reported and the bytes
// after it are not parsed as HTTP.
func TestHostileHTTP(t *testing.T) {
	endless := []byte("GET / HTTP/1.1\r\n")
	for len(endless) < 1<<20 {
		endless = append(endless, "X-Filler: 0123456789abcdef0123456789abcdef\r\n"...)
	}
	many := []byte("GET / HTTP/1.1\r\n")
	for range 1000 {
		many = append(many, "A: b\r\n"...)
	}
	many = append(many, "\r\n"...)
	for _, tc := range []struct {
		name       string
		fromClient bool
		bytes      []byte
		anomaly    string
	}{
		{"head of 1 MiB without its end", true, endless, "too many header lines"},
		{"1000 header lines", true, many, "too many header lines"},
		{"header line of 1 MiB", true, append([]byte("GET / HTTP/1.1\r\nX: "), bytes.Repeat([]byte("y"), 1<<20)...), "head too large"},
		{"body of 10^17 bytes", false, []byte("HTTP/1.1 200 OK\r\nContent-Length: 100000000000000000\r\n\r\nbody"), "body too large"},
		{"body of 10^18 bytes", false, []byte("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000000\r\n\r\nbody"), "bad Content-Length"},
		{"chunk of 2^64-1 bytes", false, []byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nbody"), "bad chunk size"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newPcap()
			conn := c.conn("10.0.0.1:40000", "10.0.0.2:80")
			conn.handshake()
			if !tc.fromClient {
				conn.send(true, []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 0)
			}
			conn.send(tc.fromClient, tc.bytes, 1448)
			conn.send(tc.fromClient, []byte("GET /next HTTP/1.1\r\n\r\n"), 0)
			conn.close()
			start := time.Now()
			o := dissect(t, c.bytes(), wsdissect.Options{})
			logOutcome(t, o, start)
			require.NoError(t, o.err)
			assert.Equal(t, 1, o.anomalyCount(tc.anomaly), "%q", o.anomalies)
			assert.Less(t, o.peak, uint64(64<<20))
		})
	}
}

// TestHostileDataFlood sends one segment with the start of an HTTP head
// from each of 200,000 sources: every connection has bytes held, and the
// memory the Dissector keeps must follow Options.MaxConnections.
func TestHostileDataFlood(t *testing.T) {
	const n = 200_000
	c := newPcap()
	for i := range n {
		src := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), uint16(1024+i%60000))
		c.packet(tcpPacket(src, netip.MustParseAddrPort("10.255.0.1:80"), uint32(i)*7919, 1, flagPSH|flagACK, []byte("GET /index.html HTTP/1.1\r\nHost: ")), 0)
	}
	start := time.Now()
	held, peak, records := retained(t, c.bytes(), wsdissect.Options{MaxConnections: 1000})
	t.Logf("%d segments: %.1f MiB held after the capture, peak %.1f MiB, %v",
		records, float64(held)/(1<<20), float64(peak)/(1<<20), time.Since(start).Round(time.Millisecond))
	assert.Equal(t, n, records)
	assert.Less(t, held, uint64(16<<20), "memory held after the flood")
	assert.Less(t, peak, uint64(128<<20), "peak heap")
}
