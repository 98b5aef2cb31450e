package main

import (
	"bufio"
	"container/heap"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// config is what to generate; main fills it from the flags.
type config struct {
	size    int64   // stop opening connections once the file is this large
	seed    uint64  // the same seed gives the same file, byte for byte
	conns   int     // connections open at the same time
	loss    float64 // probability that a data segment of a multi-segment write is lost
	reorder float64 // probability that a data segment is swapped with the next
	deflate float64 // share of connections that negotiate permessage-deflate
}

// epoch is the capture time of the first connection's SYN, µs since the Unix epoch.
const epoch = 1_700_000_000_000_000

// summary counts what a capture holds: what a dissector must find in it.
type summary struct {
	Bytes       int64 // file size
	Packets     int64
	Connections int
	Frames      int // WebSocket frames
	// Messages, PayloadBytes and Digests are indexed by opcode. A digest is
	// the sum of the FNV-1a hashes of the messages' payloads (unmasked,
	// reassembled, uncompressed): it does not depend on their order.
	Messages     [16]int
	PayloadBytes [16]int64
	Digests      [16]uint64
	Lost         int // segments captured only when retransmitted
	Reordered    int // pairs of segments captured in swapped order
}

// message counts a message with opcode op and payload p.
func (s *summary) message(op byte, p []byte) {
	h := fnv.New64a()
	h.Write(p)
	s.Messages[op]++
	s.PayloadBytes[op] += int64(len(p))
	s.Digests[op] += h.Sum64()
}

// String reports the summary in one line.
func (s *summary) String() string {
	msgs := 0
	for _, n := range s.Messages {
		msgs += n
	}
	return fmt.Sprintf("%.1f MB, %d packets, %d connections, %d WebSocket frames, %d messages "+
		"(text %d, binary %d, close %d, ping %d, pong %d), %d lost and %d reordered segments",
		float64(s.Bytes)/1e6, s.Packets, s.Connections, s.Frames, msgs,
		s.Messages[opText], s.Messages[opBinary], s.Messages[opClose], s.Messages[opPing], s.Messages[opPong],
		s.Lost, s.Reordered)
}

// generator interleaves the packets of its open connections in capture order.
type generator struct {
	cfg      config
	rng      *rand.Rand // picks clients and start times
	sum      summary
	stopping bool // the size is reached: connections close, none open
	open     connHeap
	ports    map[[4]byte]uint16 // the last port each client address used
}

// generate writes a capture to w as cfg says and returns its summary.
func generate(w io.Writer, cfg config) (summary, error) {
	g := &generator{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.seed, ^uint64(0))), ports: map[[4]byte]uint16{}}
	bw := bufio.NewWriterSize(w, 1<<20)
	pw := pcapgo.NewWriter(bw)
	if err := pw.WriteFileHeader(snapLen, layers.LinkTypeEthernet); err != nil {
		return g.sum, err
	}
	g.sum.Bytes = 24
	for range max(cfg.conns, 1) {
		g.start(epoch + g.rng.Int64N(2_000_000))
	}
	var buf []byte
	for len(g.open) > 0 {
		c := g.open[0]
		p := &c.queue[c.head]
		now := p.t
		buf = c.appendEthernet(buf[:0], p)
		ci := gopacket.CaptureInfo{Timestamp: time.UnixMicro(now), CaptureLength: len(buf), Length: len(buf)}
		if err := pw.WritePacket(ci, buf); err != nil {
			return g.sum, err
		}
		g.sum.Packets++
		g.sum.Bytes += 16 + int64(len(buf))
		g.stopping = g.stopping || g.sum.Bytes >= cfg.size

		c.head++
		if c.head == len(c.queue) {
			c.queue, c.head = c.queue[:0], 0
			if !c.advance() {
				heap.Pop(&g.open)
				if !g.stopping {
					g.start(now + 1000 + int64(g.rng.ExpFloat64()*50_000))
				}
				continue
			}
		}
		heap.Fix(&g.open, 0)
	}
	return g.sum, bw.Flush()
}

// start opens a new connection from a client, at time t.
func (g *generator) start(t int64) {
	h := 1 + g.rng.IntN(2000)
	ip := [4]byte{10, 20, byte(h >> 8), byte(h)}
	port, ok := g.ports[ip]
	if !ok {
		port = 32768 + uint16(g.rng.IntN(20000))
	}
	port += 1 + uint16(g.rng.IntN(3))
	if port < 32768 {
		port = 32768 // wrapped: a port is reused, as real clients do
	}
	g.ports[ip] = port
	c := newConn(g, g.sum.Connections, t, ip, port)
	g.sum.Connections++
	c.advance()
	heap.Push(&g.open, c)
}

// connHeap orders open connections by the capture time of their next
// packet, then by age.
type connHeap []*conn

func (h connHeap) Len() int { return len(h) }
func (h connHeap) Less(i, j int) bool {
	a, b := h[i].queue[h[i].head].t, h[j].queue[h[j].head].t
	return a < b || a == b && h[i].id < h[j].id
}
func (h connHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *connHeap) Push(x any)   { *h = append(*h, x.(*conn)) }
func (h *connHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
