package tcp

import "time"

// Analysis is what Wireshark's TCP dissector shows for one segment: stream
// index, relative numbers, scaled window and the tcp.analysis.* flags.
type Analysis struct {
	Stream        uint64        // tcp.stream: conversations numbered from 0 in order of appearance
	Conv          *Conversation // the conversation; owned by the Table
	FromInitiator bool          // sent by the client (the side that sent the SYN or the first packet seen)

	RelSeq     uint32 // tcp.seq: relative sequence number
	RelAck     uint32 // tcp.ack: relative acknowledgement number (raw when the ACK flag is clear)
	NextSeq    uint32 // tcp.nxtseq: relative sequence number after this segment (SYN and FIN count one)
	Len        int    // tcp.len
	WindowSize int    // tcp.window_size: the window scaled by the sender's window scale, once known
	// WindowScale is the sender's window scale shift count, or
	// ScaleUnknown, or ScaleNone (tcp.window_size_scalefactor prints the
	// factor, 1<<shift, or -1 and -2).
	WindowScale int8

	TimeRelative time.Duration // tcp.time_relative: since the first packet of the stream
	TimeDelta    time.Duration // tcp.time_delta: since the previous packet of the stream

	// Completeness is tcp.completeness as far as the stream has gone.
	// tshark -2 prints the stream's final value on every packet: a view
	// that shows it sets this from a first pass (see Completeness).
	Completeness Completeness
	// InitialRTT is tcp.analysis.initial_rtt, the handshake's SYN to ACK
	// time, 0 until known. Like Completeness, tshark -2 prints the final
	// value, also on the packets before the handshake's ACK.
	InitialRTT time.Duration

	// SeqAnalysis reports whether tshark shows [SEQ/ACK analysis] for this
	// segment: it acknowledges one, has bytes in flight or an analysis flag.
	// The values after it stay zero in a Table with TableConfig.SkipValues.
	SeqAnalysis   bool
	AckedFrame    uint64        // tcp.analysis.acks_frame: the segment this one acknowledges, 0 for none
	AckRTT        time.Duration // tcp.analysis.ack_rtt: time since that segment
	BytesInFlight uint32        // tcp.analysis.bytes_in_flight, 0 when not shown
	PushBytesSent uint32        // tcp.analysis.push_bytes_sent, shown with BytesInFlight
	RTO           time.Duration // tcp.analysis.rto: for a retransmission, time since the segment it repeats; 0 when not shown
	RTOFrame      uint64        // tcp.analysis.rto_frame
	// FINActive is set on a FIN from the side that closed first
	// (tcp.connection.fin_active), clear on a FIN from the other side
	// (tcp.connection.fin_passive).
	FINActive bool

	Retransmission         bool   // tcp.analysis.retransmission (also set for fast and spurious ones, as tshark does)
	FastRetransmission     bool   // tcp.analysis.fast_retransmission
	SpuriousRetransmission bool   // tcp.analysis.spurious_retransmission
	OutOfOrder             bool   // tcp.analysis.out_of_order
	LostSegment            bool   // tcp.analysis.lost_segment: previous segment not captured
	AckedUnseen            bool   // tcp.analysis.ack_lost_segment: ACKed segment that wasn't captured
	DupAck                 bool   // tcp.analysis.duplicate_ack
	DupAckNum              uint32 // tcp.analysis.duplicate_ack_num
	DupAckFrame            uint64 // tcp.analysis.duplicate_ack_frame: the ACK this one repeats
	ZeroWindow             bool   // tcp.analysis.zero_window
	ZeroWindowProbe        bool   // tcp.analysis.zero_window_probe
	ZeroWindowProbeAck     bool   // tcp.analysis.zero_window_probe_ack
	WindowUpdate           bool   // tcp.analysis.window_update
	WindowFull             bool   // tcp.analysis.window_full
	KeepAlive              bool   // tcp.analysis.keep_alive
	KeepAliveAck           bool   // tcp.analysis.keep_alive_ack
	PortsReused            bool   // tcp.analysis.reused_ports

	Events Event // connection events this packet causes
	// Dropped is the tcp.stream of the conversation the table forgot while
	// tracking this packet, when Events has EventDropped.
	Dropped uint64

	ackBase   uint32 // base of the acknowledged direction, for SACK edges
	headerCut bool   // the TCP header was cut by the snap length
}

func (a *Analysis) setFlags(fl analysisFlags) {
	a.FastRetransmission = fl&aFastRetransmission != 0
	a.SpuriousRetransmission = fl&aSpuriousRetransmission != 0
	a.Retransmission = fl&(aRetransmission|aFastRetransmission|aSpuriousRetransmission) != 0
	a.OutOfOrder = fl&aOutOfOrder != 0
	a.LostSegment = fl&aLostPacket != 0
	a.AckedUnseen = fl&aAckLostPacket != 0
	a.DupAck = fl&aDupAck != 0
	a.ZeroWindow = fl&aZeroWindow != 0
	a.ZeroWindowProbe = fl&aZeroWindowProbe != 0
	a.ZeroWindowProbeAck = fl&aZeroWindowProbeAck != 0
	a.WindowUpdate = fl&aWindowUpdate != 0
	a.WindowFull = fl&aWindowFull != 0
	a.KeepAlive = fl&aKeepAlive != 0
	a.KeepAliveAck = fl&aKeepAliveAck != 0
	a.PortsReused = fl&aReusedPorts != 0
}

// Flagged reports whether any tcp.analysis.flags condition is set.
func (a *Analysis) Flagged() bool {
	return a.Retransmission || a.OutOfOrder || a.LostSegment || a.AckedUnseen || a.DupAck ||
		a.ZeroWindow || a.ZeroWindowProbe || a.ZeroWindowProbeAck || a.WindowUpdate || a.WindowFull ||
		a.KeepAlive || a.KeepAliveAck || a.PortsReused
}
