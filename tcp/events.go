package tcp

// Event is a set of connection events caused by one packet.
type Event uint16

// Connection events.
const (
	EventNew          Event = 1 << iota // the packet starts a new conversation (a new tcp.stream)
	EventMidStream                      // ... and it is not a SYN: the start was not captured
	EventSYN                            // the client's first SYN
	EventSYNACK                         // the server's first SYN-ACK
	EventHandshakeACK                   // the client's ACK of the SYN-ACK: handshake complete
	EventEstablished                    // the connection is now established
	EventFIN                            // first FIN of this packet's sender
	EventClosed                         // both FINs acknowledged: close complete
	EventRST                            // a reset
	// EventDropped: to make room for this packet's conversation the table
	// forgot another one, whose tcp.stream is in Analysis.Dropped: the least
	// recently active one, evicted because the table was full
	// (TableConfig.MaxConversations), or the earlier connection on the same
	// ports that this SYN replaces. A pipeline that keeps state per
	// tcp.stream releases that stream's state.
	EventDropped
)

// Has reports whether all events of e2 are in e.
func (e Event) Has(e2 Event) bool { return e&e2 == e2 }

// String lists the events, e.g. "new|syn", or "none".
func (e Event) String() string {
	if e == 0 {
		return "none"
	}
	const names = "new,midstream,syn,syn-ack,handshake-ack,established,fin,closed,rst,dropped"
	var b []byte
	start := 0
	for i, bit := 0, Event(1); start < len(names); i, bit = i+1, bit<<1 {
		end := start
		for end < len(names) && names[end] != ',' {
			end++
		}
		if e&bit != 0 {
			if len(b) > 0 {
				b = append(b, '|')
			}
			b = append(b, names[start:end]...)
		}
		start = end + 1
	}
	return string(b)
}

// advance moves the connection's life on for a segment from side dir and
// returns the events it caused.
func (c *Conversation) advance(dir int, seg *Segment) Event {
	var ev Event
	f, r := &c.flows[dir], &c.flows[1-dir]
	side := Side(dir + 1)
	flags := seg.Flags
	c.Packets++
	c.Bytes[dir] += uint64(seg.PayloadLen)
	c.LastFrame, c.LastSeen = seg.Frame, seg.Timestamp

	switch {
	case flags&(SYN|ACK) == SYN && dir == 0 && c.SYNFrame == 0:
		c.SYNFrame = seg.Frame
		ev |= EventSYN
	case flags&(SYN|ACK) == SYN|ACK && dir == 1 && c.SYNACKFrame == 0:
		c.SYNACKFrame = seg.Frame
		ev |= EventSYNACK
		if c.State < StateSynReceived {
			c.State = StateSynReceived
		}
	case flags&(SYN|ACK|RST) == ACK && dir == 0 && c.State == StateSynReceived &&
		c.HandshakeACKFrame == 0 && seg.Ack == r.baseSeq+1:
		c.HandshakeACKFrame = seg.Frame
		c.State = StateEstablished
		ev |= EventHandshakeACK | EventEstablished
	case flags&(SYN|RST) == 0 && seg.PayloadLen > 0 && (c.State == StateSynSent || c.State == StateSynReceived):
		c.State = StateEstablished
		ev |= EventEstablished
	}

	if flags&RST != 0 {
		if c.RSTFrame == 0 {
			c.RSTFrame, c.RSTBy = seg.Frame, side
		}
		if c.State != StateReset {
			ev |= EventRST
		}
		c.State = StateReset
		return ev
	}
	if flags&FIN != 0 && !f.finSent {
		f.finSent = true
		f.finSeq = seg.Seq + uint32(seg.PayloadLen)
		c.FINFrame[dir] = seg.Frame
		if c.FirstFIN == SideNone {
			c.FirstFIN = side
		}
		ev |= EventFIN
		if c.State != StateReset && c.State != StateClosed {
			if r.finSent {
				c.State = StateClosing
			} else {
				c.State = StateFinWait
			}
		}
	}
	if flags&ACK != 0 && r.finSent && !r.finAckd && !seqLT(seg.Ack, r.finSeq+1) {
		r.finAckd = true
		if f.finAckd && c.State != StateReset {
			c.State = StateClosed
			c.CloseFrame = seg.Frame
			ev |= EventClosed
		}
	}
	return ev
}
