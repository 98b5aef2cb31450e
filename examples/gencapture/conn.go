package main

import (
	"bytes"
	"cmp"
	"compress/flate"
	"encoding/base64"
	"math/rand/v2"
	"slices"
)

// endpoint is one side of a TCP connection.
type endpoint struct {
	client bool
	mac    [6]byte
	ip     [4]byte
	port   uint16
	nxt    uint32 // sequence number of the next byte it sends
	ack    uint32 // the next byte it expects from its peer: the ACK number it sends
	ipID   uint16 // IPv4 identification of its next packet
	tsBase uint32 // its TCP timestamp clock (ms) at the Unix epoch
	lastTS uint32 // TSval of its last packet, which the peer echoes
	// ackLatency is the time (µs) from a segment's capture to the capture of
	// this side's ACK for it. The capture point sits next to the server, so a
	// client's ACK comes a round trip later.
	ackLatency int64
	// z compresses this side's messages when permessage-deflate is on; zbuf
	// receives its output.
	z    *flate.Writer
	zbuf bytes.Buffer
}

// packet is one TCP segment to be written; payload is not copied.
type packet struct {
	t       int64 // capture time, µs since the Unix epoch
	client  bool  // sent by the client
	flags   uint8
	seq     uint32
	ack     uint32
	payload []byte
}

// connState is where a connection is in its life.
type connState uint8

const (
	stateNew    connState = iota // nothing sent yet
	stateOpen                    // handshake done: exchanging messages
	stateClosed                  // close handshake and teardown queued
)

// conn simulates one WebSocket connection. Each call to advance queues the
// packets of its next step (handshake, one exchange of messages, teardown),
// in capture order, all later than what was queued before.
type conn struct {
	g              *generator
	id             int
	rng            *rand.Rand
	client, server endpoint
	host           string // the Host header
	rtt            int64  // round-trip time between the capture point and the client, µs
	gap            int64  // µs between back-to-back full segments: the link speed
	deflate        bool   // permessage-deflate negotiated
	noContext      bool   // ... without context takeover in both directions
	exchanges      int    // exchanges left before the close handshake
	state          connState
	seq            int64 // the last id used in the JSON messages

	t     int64    // capture time of the latest packet queued
	queue []packet // packets not yet written, from head on
	head  int

	burst []packet // scratch for send
	holes [][2]int // scratch for send: out-of-order byte ranges received
}

// Machines on the wire: the server farm and the gateway in front of the clients.
var (
	gatewayMAC = [6]byte{0x02, 0x00, 0x5e, 0x00, 0x00, 0x01}
	servers    = [...]struct {
		mac  [6]byte
		ip   [4]byte
		port uint16
		host string
	}{
		{[6]byte{0x02, 0x42, 0xc0, 0x00, 0x02, 0x0a}, [4]byte{192, 0, 2, 10}, 80, "ws.example.test"},
		{[6]byte{0x02, 0x42, 0xc0, 0x00, 0x02, 0x14}, [4]byte{192, 0, 2, 20}, 8080, "feed.example.test:8080"},
	}
)

// newConn returns connection number id from the client ip:port, starting at
// time start. Everything about it comes from its own random source, seeded
// by the generator's seed and id.
func newConn(g *generator, id int, start int64, ip [4]byte, port uint16) *conn {
	rng := rand.New(rand.NewPCG(g.cfg.seed, uint64(id)))
	c := &conn{g: g, id: id, rng: rng, t: start}
	c.rtt = 1000 + rng.Int64N(79000)
	c.gap = 120 // 100 Mbit/s
	if rng.IntN(3) == 0 {
		c.gap = 12 // 1 Gbit/s
	}
	c.deflate = rng.Float64() < g.cfg.deflate
	c.noContext = c.deflate && rng.IntN(3) == 0
	c.exchanges = 1 + rng.IntN(60)
	srv := servers[rng.IntN(len(servers))]
	c.host = srv.host
	c.client = endpoint{client: true, mac: gatewayMAC, ip: ip, port: port,
		nxt: rng.Uint32(), ipID: uint16(rng.Uint32()), tsBase: rng.Uint32(), ackLatency: c.rtt}
	c.server = endpoint{mac: srv.mac, ip: srv.ip, port: srv.port,
		nxt: rng.Uint32(), ipID: uint16(rng.Uint32()), tsBase: rng.Uint32(), ackLatency: 40}
	return c
}

// advance queues the packets of the connection's next step and reports
// whether there was one.
func (c *conn) advance() bool {
	switch c.state {
	case stateNew:
		c.handshake()
		c.state = stateOpen
	case stateOpen:
		if c.exchanges == 0 || c.g.stopping {
			c.teardown()
			c.state = stateClosed
		} else {
			c.exchange()
			c.exchanges--
		}
	default:
		return false
	}
	// A step's packets come from both sides with their own delays: put them
	// in capture order. All are later than the previous step's.
	slices.SortStableFunc(c.queue[c.head:], func(a, b packet) int { return cmp.Compare(a.t, b.t) })
	return true
}

// push queues p.
func (c *conn) push(p packet) {
	c.queue = append(c.queue, p)
	c.t = max(c.t, p.t)
}

// peer returns the other side of e.
func (c *conn) peer(e *endpoint) *endpoint {
	if e.client {
		return &c.server
	}
	return &c.client
}

// think returns a pause between two exchanges, µs: mostly short, sometimes
// a second or two.
func (c *conn) think() int64 {
	return 100 + min(int64(c.rng.ExpFloat64()*30000), 2_000_000)
}

// handshake queues the TCP three-way handshake and the HTTP Upgrade.
func (c *conn) handshake() {
	t := c.t
	c.push(packet{t: t, client: true, flags: flagSYN, seq: c.client.nxt})
	c.client.nxt++
	c.server.ack = c.client.nxt
	t += 40
	c.push(packet{t: t, flags: flagSYN | flagACK, seq: c.server.nxt, ack: c.server.ack})
	c.server.nxt++
	c.client.ack = c.server.nxt
	t += c.rtt
	c.push(packet{t: t, client: true, flags: flagACK, seq: c.client.nxt, ack: c.client.ack})

	var raw [16]byte
	for i := range raw {
		raw[i] = byte(c.rng.Uint32())
	}
	key := base64.StdEncoding.EncodeToString(raw[:])
	// Some clients offer permessage-deflate to a server that declines it.
	offer := c.deflate || c.rng.IntN(2) == 0
	last := c.send(&c.client, c.upgradeRequest(key, offer), t+30+c.rng.Int64N(200), false)
	resp := c.upgradeResponse(key)
	if c.rng.IntN(5) == 0 {
		// A greeting in the same segment as the 101 answer.
		resp = c.appendMessage(resp, &c.server, opText, c.appendTick(nil), 1)
	}
	c.send(&c.server, resp, last+200+c.rng.Int64N(2000), true)
}

// exchange queues one exchange of messages, picked at random.
func (c *conn) exchange() {
	t := c.t + c.think()
	switch r := c.rng.IntN(100); {
	case r < 35 || (r >= 93 && c.deflate):
		// A request and its answer, with a few updates in the same write.
		chat := c.appendChat(nil)
		last := c.send(&c.client, c.appendMessage(nil, &c.client, opText, chat, 1), t, false)
		reply := c.appendMessage(nil, &c.server, opText, appendAck(nil, c.seq, len(chat)), 1)
		for k := c.rng.IntN(3); k > 0; k-- {
			reply = c.appendMessage(reply, &c.server, opText, c.appendTick(nil), 1)
		}
		c.send(&c.server, reply, last+100+c.rng.Int64N(3000), true)
	case r < 60:
		// Updates pushed by the server: in one write or in several.
		k := 1 + c.rng.IntN(4)
		if c.rng.IntN(2) == 0 {
			var b []byte
			for range k {
				b = c.appendMessage(b, &c.server, opText, c.appendTick(nil), 1)
			}
			c.send(&c.server, b, t, true)
			return
		}
		for i := range k {
			last := c.send(&c.server, c.appendMessage(nil, &c.server, opText, c.appendTick(nil), 1), t, i == k-1)
			t = last + 500 + c.rng.Int64N(5000)
		}
	case r < 68:
		// A snapshot: a text message of a few segments.
		n := 1000 + c.rng.IntN(9000)
		c.send(&c.server, c.appendMessage(nil, &c.server, opText, c.appendSnapshot(nil, n), 1), t, true)
	case r < 78:
		// A download: a large binary message, sometimes in fragments.
		frags := 1
		if c.rng.IntN(10) < 3 {
			frags = 2 + c.rng.IntN(3)
		}
		n := 20_000 + c.rng.IntN(180_000)
		c.send(&c.server, c.appendMessage(nil, &c.server, opBinary, c.appendBlob(nil, n), frags), t, true)
	case r < 83:
		// An upload, acknowledged by the server.
		n := 20_000 + c.rng.IntN(80_000)
		last := c.send(&c.client, c.appendMessage(nil, &c.client, opBinary, c.appendBlob(nil, n), 1), t, false)
		c.seq++
		reply := c.appendMessage(nil, &c.server, opText, appendAck(nil, c.seq, n), 1)
		c.send(&c.server, reply, last+200+c.rng.Int64N(5000), true)
	case r < 93:
		// A ping and its pong, mostly from the server.
		payload := make([]byte, 4+c.rng.IntN(5))
		for i := range payload {
			payload[i] = byte(c.rng.Uint32())
		}
		if c.rng.IntN(10) < 7 {
			last := c.send(&c.server, c.appendControl(nil, &c.server, opPing, payload), t, false)
			c.send(&c.client, c.appendControl(nil, &c.client, opPong, payload), last+c.rtt+50, true)
		} else {
			last := c.send(&c.client, c.appendControl(nil, &c.client, opPing, payload), t, false)
			c.send(&c.server, c.appendControl(nil, &c.server, opPong, payload), last+60, true)
		}
	default:
		// A fragmented text message (not on a compressing connection:
		// tshark 4.0 does not inflate fragmented messages).
		from := &c.server
		if c.rng.IntN(2) == 0 {
			from = &c.client
		}
		msg := c.appendSnapshot(nil, 200+c.rng.IntN(3000))
		c.send(from, c.appendMessage(nil, from, opText, msg, 2+c.rng.IntN(2)), t, true)
	}
}

// closeReasons are the reasons given with close code 1000.
var closeReasons = [...]string{"bye", "done", "session ended", "normal closure", "user logged out"}

// teardown queues the close handshake (code 1000 with a reason) and the
// TCP teardown; mostly the client closes, sometimes the server.
func (c *conn) teardown() {
	t := c.t + c.think()
	body := closePayload(1000, closeReasons[c.rng.IntN(len(closeReasons))])
	first, second := &c.client, &c.server
	if c.rng.IntN(10) < 3 {
		first, second = second, first
	}
	last := c.send(first, c.appendControl(nil, first, opClose, body), t, false)
	reply := last + 100 + c.rng.Int64N(1000)
	if second.client {
		reply = last + c.rtt + 50
	}
	last = c.send(second, c.appendControl(nil, second, opClose, body), reply, false)
	// The server closes the TCP connection first (RFC 6455 §7.1.1); the
	// client acknowledges its FIN with its own.
	c.fin(&c.server, last+30)
	c.fin(&c.client, last+30+c.rtt)
	c.push(packet{t: last + 70 + c.rtt, flags: flagACK, seq: c.server.nxt, ack: c.server.ack})
}

// fin queues a FIN from e at time t.
func (c *conn) fin(e *endpoint, t int64) {
	c.push(packet{t: t, client: e.client, flags: flagFIN | flagACK, seq: e.nxt, ack: e.ack})
	e.nxt++
	c.peer(e).ack = e.nxt
}

// appendMessage appends the frames of one data message from e to dst:
// compressed into one frame when the connection uses permessage-deflate,
// otherwise in frags fragments; masked when the client sends it.
func (c *conn) appendMessage(dst []byte, e *endpoint, op byte, payload []byte, frags int) []byte {
	c.g.sum.message(op, payload)
	if c.deflate {
		c.g.sum.Frames++
		return appendFrame(dst, true, true, op, c.compress(e, payload), e.client, c.rng.Uint32())
	}
	for i := range frags {
		part := payload[len(payload)*i/frags : len(payload)*(i+1)/frags]
		o := op
		if i > 0 {
			o = opContinuation
		}
		dst = appendFrame(dst, i == frags-1, false, o, part, e.client, c.rng.Uint32())
		c.g.sum.Frames++
	}
	return dst
}

// appendControl appends a control frame (close, ping, pong) from e to dst.
func (c *conn) appendControl(dst []byte, e *endpoint, op byte, payload []byte) []byte {
	c.g.sum.message(op, payload)
	c.g.sum.Frames++
	return appendFrame(dst, true, false, op, payload, e.client, c.rng.Uint32())
}

// compress deflates one message from e as RFC 7692 §7.2.1 says: a sync
// flush, without its final 00 00 ff ff. With context takeover the writer
// keeps its window from message to message.
func (c *conn) compress(e *endpoint, payload []byte) []byte {
	e.zbuf.Reset()
	switch {
	case e.z == nil:
		e.z, _ = flate.NewWriter(&e.zbuf, flate.BestSpeed) // the level is valid: no error
	case c.noContext:
		e.z.Reset(&e.zbuf)
	}
	e.z.Write(payload) // writes to a bytes.Buffer do not fail
	e.z.Flush()
	out := e.zbuf.Bytes()
	return out[:len(out)-4]
}

// send queues data written by e at time t0, cut into full-sized segments
// sent back to back, with the peer's ACKs: one for every second segment
// (RFC 5681), an immediate duplicate ACK for a segment after a hole and an
// ACK when the hole fills. With finalAck, a last odd segment gets a delayed
// ACK; without, the peer's reply acknowledges it. Segments are lost (seen
// only when retransmitted) or swapped with the next as the configuration's
// rates say. send returns when the last data segment is captured.
func (c *conn) send(e *endpoint, data []byte, t0 int64, finalAck bool) int64 {
	to := c.peer(e)
	base := e.nxt
	c.burst = c.burst[:0]
	for off := 0; off < len(data); off += mss {
		end := min(off+mss, len(data))
		flags := uint8(flagACK)
		if end == len(data) {
			flags |= flagPSH
		}
		c.burst = append(c.burst, packet{t: t0 + int64(off/mss)*c.gap, client: e.client, flags: flags,
			seq: base + uint32(off), ack: e.ack, payload: data[off:end]})
	}
	n := len(c.burst)
	if n > 1 {
		c.impair(t0)
	}
	slices.SortStableFunc(c.burst, func(a, b packet) int { return cmp.Compare(a.t, b.t) })

	got, pending := 0, 0 // bytes received in order; segments not yet acknowledged
	c.holes = c.holes[:0]
	var last int64
	for i := range n {
		s := c.burst[i]
		last = s.t
		off := int(s.seq - base)
		ackNow := true
		if off == got {
			got += len(s.payload)
			filled := false
			for j := 0; j < len(c.holes); {
				if c.holes[j][0] == got {
					got = c.holes[j][1]
					c.holes = slices.Delete(c.holes, j, j+1)
					filled, j = true, 0
					continue
				}
				j++
			}
			pending++
			ackNow = filled || pending == 2
		} else {
			c.holes = append(c.holes, [2]int{off, off + len(s.payload)})
		}
		if ackNow {
			c.burst = append(c.burst, packet{t: s.t + to.ackLatency, client: to.client, flags: flagACK,
				seq: to.nxt, ack: base + uint32(got)})
			pending = 0
		}
	}
	if pending > 0 && finalAck {
		c.burst = append(c.burst, packet{t: last + to.ackLatency + 40_000, client: to.client, flags: flagACK,
			seq: to.nxt, ack: base + uint32(got)})
	}
	for _, p := range c.burst {
		c.push(p)
	}
	e.nxt = base + uint32(len(data))
	to.ack = e.nxt
	return last
}

// impair applies loss and reordering to the segments in c.burst, sent from
// t0 on. A lost segment is captured only when retransmitted: after the
// duplicate ACKs of the segments behind it (fast retransmit), or after a
// timeout at the end of a burst.
func (c *conn) impair(t0 int64) {
	n := len(c.burst)
	if rate := c.g.cfg.loss; rate > 0 {
		for i := range c.burst {
			if c.rng.Float64() >= rate {
				continue
			}
			delay := c.rtt + 4*c.gap
			if i+3 >= n {
				delay = max(200_000, 2*c.rtt)
			}
			c.burst[i].t += delay
			c.g.sum.Lost++
		}
	}
	if rate := c.g.cfg.reorder; rate > 0 {
		onTime := func(i int) bool { return c.burst[i].t == t0+int64(i)*c.gap }
		for i := 0; i+1 < n; i++ {
			if onTime(i) && onTime(i+1) && c.rng.Float64() < rate {
				c.burst[i].t, c.burst[i+1].t = c.burst[i+1].t, c.burst[i].t
				c.g.sum.Reordered++
				i++
			}
		}
	}
}
