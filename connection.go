package wsdissect

import (
	"iter"
	"sort"

	"github.com/wsdissect/wsdissect/httpupgrade"
	"github.com/wsdissect/wsdissect/tcp"
	"github.com/wsdissect/wsdissect/wsframe"
)

// Connection is one TCP connection seen whole: its TCP life, the HTTP
// Upgrade handshake and, once it became WebSocket, the close handshake.
//
// A Connection handed out by Connections or Record.Closed is the
// pipeline's; it does not change once handed out, but Clone what you keep,
// so that your copy never depends on that.
type Connection struct {
	Stream uint64 // tcp.stream
	// TCP holds the landmarks of the TCP connection: endpoints (Client is the
	// side that sent the SYN), handshake, FINs, reset, counts.
	TCP tcp.Conversation
	// Request and Response are the Upgrade request and its answer (the last
	// request and answer seen when the connection did not switch).
	Request, Response *httpupgrade.Message
	// WebSocket is set when the answer switched the connection to WebSocket.
	WebSocket bool
	// Subprotocol and Extensions are what the 101 answer negotiated
	// (Sec-WebSocket-Protocol and Sec-WebSocket-Extensions).
	Subprotocol, Extensions string
	// ClientClose and ServerClose are the Close messages each side sent.
	ClientClose, ServerClose *Message
	// ClosedBy is the side whose Close message came first, SideNone when
	// neither sent one (an abrupt end).
	ClosedBy tcp.Side
	// Messages counts the complete messages each side sent, control frames
	// included: [0] the client's, [1] the server's.
	Messages [2]int
	// Anomalies found in the handshake.
	Anomalies []Anomaly
	// TLS holds the TLS facts of a wss:// connection; nil for one that is
	// not TLS.
	TLS *TLSConnection
	// Bytes tells where every payload byte of each direction went: [0] the
	// client's (the side that sent the SYN), [1] the server's.
	Bytes [2]Accounting
}

// Accounting sums up one direction's payload bytes, so that nothing is lost
// silently: Dissected + Undissected + Dropped is every byte the capture
// carried once, Gap the bytes it never carried, Duplicate the bytes carried
// again.
type Accounting struct {
	Dissected   int64 // in HTTP messages and WebSocket frames that were dissected
	Undissected int64 // passed over: not HTTP or WebSocket, or after the direction lost its place
	Dropped     int64 // part of a PDU that could not complete (cut by a hole, a cap or the capture's end)
	Gap         int64 // never carried: holes that did not fill
	Duplicate   int64 // carried again: retransmissions and overlaps
	// Truncated counts the bytes, among the above, that the snap length cut
	// from the capture; they are dissected as zeros.
	Truncated int64
}

// Connections yields every TCP connection of the capture, in the order
// they end, so that memory follows the open connections and a user gets each
// one as soon as it is whole: a connection ends at the frame that closes it
// (the last FIN acknowledged, or a reset) or that makes the conversation
// table drop it (evicted when full, or its 4-tuple reused); those ending at
// the same frame come in the order they ended. The connections still open
// when the capture ends come last, in tcp.stream order (see Remaining).
// Connection.Stream tells the tcp.stream of each.
//
// It reads the capture as Records does (ErrIterated when another iterator
// has started): Records gives the same connections, in Record.Closed and
// Remaining. A connection is valid until the iterator moves on: Clone what
// you keep.
func (d *Dissector) Connections() iter.Seq2[*Connection, error] {
	return func(yield func(*Connection, error) bool) {
		if !begin(d, yield) {
			return
		}
		for rec, err := range d.records {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, c := range rec.Closed() {
				if !yield(c, nil) {
					return
				}
			}
		}
		for _, c := range d.Remaining() {
			if !yield(c, nil) {
				return
			}
		}
	}
}

// Closed returns the connections that ended at this record's frame, in the
// order they ended (see Dissector.Connections). The slice is the record's:
// valid until the iterator moves on.
func (r *Record) Closed() []*Connection { return r.closedConns }

// Remaining returns the connections still open when the capture ended, in
// tcp.stream order, once Records has yielded its last record (nil before):
// with Record.Closed, every connection of the capture. It stops the
// goroutines of Options.Workers.
func (d *Dissector) Remaining() []*Connection {
	if !d.done || d.out.len() > 0 {
		return nil
	}
	if d.par != nil {
		d.par.stop() // the shards are done: let them go before reading them
	}
	var rest []*Connection
	for _, s := range d.shards {
		for _, c := range s.conns {
			// the table, still now, holds what TCP saw of the connection up to
			// its last packet: it dropped none that a shard still holds
			if c.table != nil {
				c.info.TCP = *c.table
			}
			rest = append(rest, &c.info)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Stream < rest[j].Stream })
	return rest
}

// noteMessage records a complete message on the connection.
func (c *conn) noteMessage(m *Message) {
	side := 1
	if m.FromClient {
		side = 0
	}
	c.info.Messages[side]++
	if m.Opcode != wsframe.OpClose {
		return
	}
	// the connection outlives the record that owns m: keep a copy
	if m.FromClient && c.info.ClientClose == nil {
		c.info.ClientClose = m.Clone()
	} else if !m.FromClient && c.info.ServerClose == nil {
		c.info.ServerClose = m.Clone()
	}
	if c.info.ClosedBy == tcp.SideNone {
		c.info.ClosedBy = tcp.SideServer
		if m.FromClient {
			c.info.ClosedBy = tcp.SideClient
		}
	}
}
