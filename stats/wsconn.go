package stats

import (
	"net/netip"
	"slices"
	"time"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/httpupgrade"
	"github.com/wsdissect/wsdissect/tcp"
	"github.com/wsdissect/wsdissect/wsframe"
)

// Side is the side of a WebSocket connection: the client sent the Upgrade
// request (or, without one, the SYN).
type Side uint8

// Sides.
const (
	NoSide Side = iota
	Client
	Server
)

// String returns "client", "server" or "".
func (s Side) String() string { return [...]string{"", "client", "server"}[s] }

// other returns the other side.
func (s Side) other() Side { return 3 - s }

func sideOf(fromClient bool) Side {
	if fromClient {
		return Client
	}
	return Server
}

// WSConn is the summary of one WebSocket connection (wsdump -z ws,conn),
// what Wireshark has no view for: the handshake, the messages of each
// side, the close handshake and TCP teardown, and heartbeats.
type WSConn struct {
	Stream         uint64         // tcp.stream
	Client, Server netip.AddrPort // the client sent the Upgrade request
	// First and Last are the relative times (frame.time_relative) of the
	// connection's first and last packets.
	First, Last time.Duration

	Handshake Handshake
	// Messages counts the messages each side sent, by opcode: [0] the
	// client's, [1] the server's.
	Messages [2]MessageCounts
	Close    CloseHandshake
	Teardown Teardown
	// Pings are the RFC 6455 pings, each with its pong when one came (the
	// first 65536).
	Pings []Ping
	// Heartbeats are the regular exchanges found in the data: a short
	// message one side repeats at a regular interval, and the other side's
	// answer to it when there is one (RFC pings that recur are one too).
	Heartbeats []Heartbeat

	messages     []msgSeen // every message, for the heartbeat search
	handshakeKey string    // Sec-WebSocket-Key of the request
	upgraded     bool
}

// Handshake is the HTTP Upgrade of a connection.
type Handshake struct {
	Path, Host, Origin string
	Status             int    // the answer's status code (101 when it switched)
	Subprotocol        string // Sec-WebSocket-Protocol of the answer
	// Extensions are those the answer negotiated, with their parameters.
	Extensions []httpupgrade.Extension
	// AcceptValid reports whether Sec-WebSocket-Accept is the one the
	// request's key calls for (RFC 6455 §4.2.2).
	AcceptValid bool
	Request     time.Duration // relative time of the request
	Response    time.Duration // and of its answer
}

// MessageCounts counts one side's messages and their payload bytes (as
// sent, compressed when compressed) by opcode.
type MessageCounts struct {
	Count [16]int
	Bytes [16]int64
}

// Total returns the number of messages and their bytes, all opcodes.
func (m *MessageCounts) Total() (n int, bytes int64) {
	for i := range m.Count {
		n += m.Count[i]
		bytes += m.Bytes[i]
	}
	return n, bytes
}

// CloseHandshake is how the WebSocket connection was closed (RFC 6455
// §7): each side's Close frame, who sent the first, whether the other
// answered.
type CloseHandshake struct {
	First Side // the side whose Close came first; NoSide when none was sent
	// Sent, Code, HasCode, Reason and At describe the Close each side sent:
	// [0] the client's, [1] the server's.
	Sent    [2]bool
	Code    [2]wsframe.CloseCode
	HasCode [2]bool
	Reason  [2]string
	At      [2]time.Duration
}

// Completed reports whether both sides sent a Close.
func (c *CloseHandshake) Completed() bool { return c.Sent[0] && c.Sent[1] }

// Between is the time from the first Close to the answering one (0 when
// not completed).
func (c *CloseHandshake) Between() time.Duration {
	if !c.Completed() {
		return 0
	}
	return max(c.At[0], c.At[1]) - min(c.At[0], c.At[1])
}

// Teardown is how the TCP connection ended: the FINs and resets of each
// side, [0] the client's, [1] the server's.
type Teardown struct {
	FirstFIN Side
	FIN      [2]bool
	FINAt    [2]time.Duration
	FirstRST Side
	RST      [2]bool
	RSTAt    [2]time.Duration
}

// FourWay reports whether both sides sent a FIN and neither a reset: the
// TCP connection closed cleanly (the four-way close).
func (t *Teardown) FourWay() bool { return t.FIN[0] && t.FIN[1] && !t.RST[0] && !t.RST[1] }

// Ping is one RFC 6455 ping and its pong.
type Ping struct {
	From     Side
	At       time.Duration
	Payload  []byte
	Answered bool
	RTT      time.Duration // from the ping to the pong with its payload
}

// msgSeen is one message, as the heartbeat search needs it.
type msgSeen struct {
	side   Side
	opcode wsframe.Opcode
	at     time.Duration
	data   string // short payloads only
	short  bool
}

// maxHeartbeatLen is the longest payload a heartbeat may have.
const maxHeartbeatLen = 64

// maxTracked bounds the messages and pings a connection keeps for the
// heartbeat search and the round trips (memory on a long capture): those
// past it are counted, not kept.
const maxTracked = 1 << 16

func newWSConn(rec *wsdissect.Record) *WSConn {
	s := &rec.TCP.Segment
	c := &WSConn{Stream: rec.TCP.Analysis.Stream, First: rec.Rel}
	src, dst := netip.AddrPortFrom(s.SrcIP, s.SrcPort), netip.AddrPortFrom(s.DstIP, s.DstPort)
	c.Client, c.Server = src, dst
	if !rec.TCP.Analysis.FromInitiator {
		c.Client, c.Server = dst, src
	}
	return c
}

// add takes one record of the connection.
func (c *WSConn) add(rec *wsdissect.Record) {
	s := &rec.TCP.Segment
	c.Last = rec.Rel
	from := Server
	if netip.AddrPortFrom(s.SrcIP, s.SrcPort) == c.Client {
		from = Client
	}
	for _, m := range rec.HTTP {
		c.handshake(m, rec.Rel)
	}
	for _, m := range rec.Messages {
		c.message(m, rec.Rel)
	}
	i := from - 1
	if s.Flags&tcp.FIN != 0 && !c.Teardown.FIN[i] {
		c.Teardown.FIN[i], c.Teardown.FINAt[i] = true, rec.Rel
		if c.Teardown.FirstFIN == NoSide {
			c.Teardown.FirstFIN = from
		}
	}
	if s.Flags&tcp.RST != 0 && !c.Teardown.RST[i] {
		c.Teardown.RST[i], c.Teardown.RSTAt[i] = true, rec.Rel
		if c.Teardown.FirstRST == NoSide {
			c.Teardown.FirstRST = from
		}
	}
}

func (c *WSConn) handshake(m *httpupgrade.Message, at time.Duration) {
	h := &c.Handshake
	if m.IsRequest {
		*h = Handshake{Path: m.Target, Host: m.Host, Origin: m.Origin, Request: at}
		h.AcceptValid = false
		c.handshakeKey = m.Key
		return
	}
	h.Status, h.Response = m.StatusCode, at
	h.Subprotocol = m.ProtocolRaw
	h.Extensions = slices.Clone(m.Extensions)
	h.AcceptValid = c.handshakeKey != "" && m.Accept == httpupgrade.AcceptKey(c.handshakeKey)
	if m.StatusCode == 101 {
		c.upgraded = true
	}
}

func (c *WSConn) message(m *wsdissect.Message, at time.Duration) {
	side := sideOf(m.FromClient)
	i := side - 1
	op := m.Opcode & 0xf
	c.Messages[i].Count[op]++
	c.Messages[i].Bytes[op] += m.Length
	seen := msgSeen{side: side, opcode: m.Opcode, at: at}
	if len(m.Data) <= maxHeartbeatLen && int64(len(m.Data)) == m.Length || m.Compressed && len(m.Data) <= maxHeartbeatLen {
		seen.data, seen.short = string(m.Data), true
	}
	if len(c.messages) < maxTracked {
		c.messages = append(c.messages, seen)
	}
	switch m.Opcode {
	case wsframe.OpClose:
		cl := &c.Close
		if cl.Sent[i] {
			return
		}
		cl.Sent[i], cl.At[i] = true, at
		cl.Code[i], cl.HasCode[i], cl.Reason[i] = m.CloseCode, m.HasCloseCode, m.CloseReason
		if cl.First == NoSide {
			cl.First = side
		}
	case wsframe.OpPing:
		if len(c.Pings) < maxTracked {
			c.Pings = append(c.Pings, Ping{From: side, At: at, Payload: slices.Clone(m.Data[:min(len(m.Data), 125)])})
		}
	case wsframe.OpPong:
		// the oldest unanswered ping of the other side with this payload
		for j := range c.Pings {
			p := &c.Pings[j]
			if p.From == side.other() && !p.Answered && string(p.Payload) == string(m.Data) {
				p.Answered, p.RTT = true, at-p.At
				break
			}
		}
	}
}
