package tcp

import (
	"net/netip"
	"time"
)

// State is where a connection is in its life, as seen in the capture.
type State uint8

// Connection states.
const (
	StateMidStream   State = iota // first packet seen was not a SYN: the start was not captured
	StateSynSent                  // SYN seen
	StateSynReceived              // SYN-ACK seen
	StateEstablished              // handshake completed (or data flowing)
	StateFinWait                  // one side sent FIN
	StateClosing                  // both sides sent FIN, not both acknowledged yet
	StateClosed                   // both FINs acknowledged
	StateReset                    // a RST was seen
)

// String returns the state's name, e.g. "Established".
func (s State) String() string {
	switch s {
	case StateMidStream:
		return "MidStream"
	case StateSynSent:
		return "SynSent"
	case StateSynReceived:
		return "SynReceived"
	case StateEstablished:
		return "Established"
	case StateFinWait:
		return "FinWait"
	case StateClosing:
		return "Closing"
	case StateClosed:
		return "Closed"
	case StateReset:
		return "Reset"
	}
	return "State(?)"
}

// Finished reports whether the connection is over (closed or reset).
func (s State) Finished() bool { return s == StateClosed || s == StateReset }

// Side names one end of a conversation.
type Side uint8

// Sides of a conversation.
const (
	SideNone   Side = iota
	SideClient      // the initiator: sender of the SYN, or of the first packet seen
	SideServer      // the responder
)

// String returns "client", "server" or "none".
func (s Side) String() string {
	switch s {
	case SideClient:
		return "client"
	case SideServer:
		return "server"
	}
	return "none"
}

// Conversation is one TCP connection of the table (one tcp.stream): who
// talks to whom and the landmarks of its life. Frame numbers are 0 when the
// event was not seen. The Table owns it and updates it on every Track; it is
// reused after the connection is released or evicted, so do not keep it past
// the connection's life (copy what you need).
type Conversation struct {
	Stream uint64         // tcp.stream
	Client netip.AddrPort // initiator: SYN sender, or sender of the first packet seen
	Server netip.AddrPort // responder
	State  State

	SYNFrame          uint64    // first SYN from the client
	SYNACKFrame       uint64    // first SYN-ACK from the server
	HandshakeACKFrame uint64    // the client's ACK completing the three-way handshake
	FINFrame          [2]uint64 // first FIN of the client ([0]) and of the server ([1])
	FirstFIN          Side      // who closed first
	CloseFrame        uint64    // packet acknowledging the second FIN: close complete
	RSTFrame          uint64    // first RST
	RSTBy             Side

	FirstFrame, LastFrame uint64
	FirstSeen, LastSeen   time.Time
	Packets               uint64        // segments tracked
	Completeness          Completeness  // tcp.completeness so far
	InitialRTT            time.Duration // tcp.analysis.initial_rtt, 0 until the handshake's ACK
	Bytes                 [2]uint64     // payload bytes (tcp.len) sent by client ([0]) and server ([1])

	key connKey
	// flows are [0] client→server and [1] server→client; behind a pointer
	// so that a copy of the public part (once per packet) stays small
	flows  *[2]flow
	mruSYN time.Time
	// firstNano and lastNano are FirstSeen and the previous packet's time
	// in Unix nanoseconds, for tcp.time_relative and tcp.time_delta
	firstNano, lastNano int64
	prev, next          *Conversation // in the table's recency list
}

// flow is the state of one direction, as Wireshark's tcp_flow_t and
// tcp_analyze_seq_flow_t keep it.
type flow struct {
	baseSeq    uint32
	baseSet    bool
	winScale   int8 // -1 unknown, -2 not used, else the shift
	window     uint32
	lastFlags  analysisFlags // of the last segment in this direction
	nextSeq    uint32        // highest sequence number seen + 1; 0 means none yet
	nextFrame  uint64
	nextTime   time.Time
	maxToAck   uint32 // highest contiguous sequence number to be acknowledged
	lastAck    uint32
	lastAckT   time.Time
	lastAckLen uint32
	dupAcks    uint32
	lastNonDup uint64

	finSeq  uint32 // sequence number of our FIN
	finSent bool
	finAckd bool

	unacked     []unacked // oldest first, from head on
	head        int
	disordered  bool         // a segment in unacked starts before the end of an earlier one
	invalidBIF  bool         // a segment was lost: bytes in flight are not measured until an ACK comes back
	pushBytes   uint32       // bytes sent since the last PSH
	pushSetLast bool         // the last segment with data had PSH
	sack        [4]SACKBlock // the SACK blocks of the last segment
	numSACK     int
}

func (c *Conversation) reset() {
	flows := c.flows
	if flows == nil {
		flows = new([2]flow)
	}
	// the unacknowledged segments' storage is kept for the next connection
	keep := [2][]unacked{flows[0].unacked[:0], flows[1].unacked[:0]}
	*flows = [2]flow{}
	*c = Conversation{flows: flows}
	for i := range c.flows {
		c.flows[i].winScale = ScaleUnknown
		c.flows[i].unacked = keep[i]
	}
}
