package tcp

import "time"

// analysisFlags mirror Wireshark's TCP_A_* per-packet analysis flags.
type analysisFlags uint32

const (
	aRetransmission analysisFlags = 1 << iota
	aLostPacket
	aAckLostPacket
	aKeepAlive
	aDupAck
	aZeroWindow
	aZeroWindowProbe
	aZeroWindowProbeAck
	aKeepAliveAck
	aOutOfOrder
	aFastRetransmission
	aWindowUpdate
	aWindowFull
	aReusedPorts
	aSpuriousRetransmission
)

// Sequence-number comparisons modulo 2^32, as Wireshark's GT_SEQ and friends.
func seqGT(a, b uint32) bool { return int32(a-b) > 0 }
func seqLT(a, b uint32) bool { return int32(a-b) < 0 }
func seqLE(a, b uint32) bool { return int32(a-b) <= 0 }

// Thresholds of tcp_analyze_sequence_number().
const (
	fastRetransmissionWindow = 20 * time.Millisecond // after the last duplicate ACK
	defaultOutOfOrderWindow  = 3 * time.Millisecond  // when the first RTT is unknown
)

// since returns now-then in nanoseconds as an unsigned number, as
// Wireshark computes it: a "negative" delta is huge.
func since(now, then time.Time) uint64 {
	return uint64(now.Sub(then))
}

// analyze is Wireshark 4.0's tcp_analyze_sequence_number() for one segment
// sent on flow f (r is the reverse flow). It updates both flows and returns
// the analysis flags and, for a duplicate ACK, its number and the frame it
// duplicates.
func (c *Conversation) analyze(f, r *flow, seg *Segment, fl analysisFlags) (analysisFlags, uint32, uint64) {
	seq, ack, flags := seg.Seq, seg.Ack, seg.Flags
	window := uint32(seg.Window)
	seglen := uint32(seg.PayloadLen)
	now := seg.Timestamp
	const synFinRst = SYN | FIN | RST
	var dupNum uint32
	var dupFrame uint64

	switch {
	// ZERO WINDOW PROBE: one byte at the next expected sequence number into a zero window.
	case seglen == 1 && seq == f.nextSeq && r.window == 0:
		fl |= aZeroWindowProbe
		goto finishedFwd
	}

	// ZERO WINDOW
	if window == 0 && flags&synFinRst == 0 {
		fl |= aZeroWindow
	}
	// LOST PACKET: beyond the highest sequence number seen so far.
	if f.nextSeq != 0 && seqGT(seq, f.nextSeq) && flags&RST == 0 {
		fl |= aLostPacket
	}
	// KEEP ALIVE: 0 or 1 byte starting one byte before the next expected one.
	if (seglen == 0 || seglen == 1) && seq == f.nextSeq-1 && flags&synFinRst == 0 {
		fl |= aKeepAlive
	}
	// WINDOW UPDATE: same seq and ack as before, new window.
	if seglen == 0 && window != 0 && window != f.window && seq == f.nextSeq && ack == f.lastAck && flags&synFinRst == 0 {
		fl |= aWindowUpdate
	}
	// WINDOW FULL: data up to the edge of the receiver's advertised window.
	if seglen > 0 && r.winScale != -1 && seq+seglen == r.lastAck+(r.window<<r.shift()) && flags&synFinRst == 0 {
		fl |= aWindowFull
	}
	// KEEP ALIVE ACK
	if seglen == 0 && window != 0 && window == f.window && seq == f.nextSeq && ack == f.lastAck &&
		r.lastFlags&aKeepAlive != 0 && flags&synFinRst == 0 {
		fl |= aKeepAliveAck
		goto finishedFwd
	}
	// ZERO WINDOW PROBE ACK
	if seglen == 0 && window == 0 && window == f.window && seq == f.nextSeq && ack == f.lastAck &&
		r.lastFlags&aZeroWindowProbe != 0 && flags&synFinRst == 0 {
		fl |= aZeroWindowProbeAck
		goto finishedFwd
	}
	// DUPLICATE ACK: nothing new at all.
	if seglen == 0 && window != 0 && window == f.window && seq == f.nextSeq && ack == f.lastAck && flags&synFinRst == 0 {
		f.dupAcks++
		fl |= aDupAck
		dupNum, dupFrame = f.dupAcks, f.lastNonDup
	}

finishedFwd:
	if ack != f.lastAck {
		f.lastNonDup = seg.Frame
		f.dupAcks = 0
	}

	// ACKED LOST PACKET: acknowledges data we never saw.
	if r.maxToAck != 0 && seqGT(ack, r.maxToAck) && flags&ACK != 0 {
		fl |= aAckLostPacket
		r.maxToAck = r.nextSeq
	}

	// RETRANSMISSION / FAST RETRANSMISSION / OUT-OF-ORDER / SPURIOUS
	if (seglen > 0 || flags&(SYN|FIN) != 0) && f.nextSeq != 0 && seqLT(seq, f.nextSeq) {
		fl = c.classifyOld(f, r, seg, seglen, fl)
	}

	{
		nextSeq := seq + seglen
		if flags&(SYN|FIN) != 0 {
			nextSeq++
		}
		if f.nextSeq == 0 || seqGT(nextSeq, f.nextSeq+uint32(b2i(flags&(SYN|FIN) != 0))) {
			f.lastAckLen = seglen
		}
		if (seqGT(nextSeq, f.nextSeq) || f.nextSeq == 0) && fl&aZeroWindowProbe == 0 {
			f.nextSeq, f.nextFrame, f.nextTime = nextSeq, seg.Frame, now
		}
		if (seq == f.maxToAck || f.maxToAck == 0) && fl&aZeroWindowProbe == 0 {
			f.maxToAck = f.nextSeq
		}
	}

	f.window = window
	f.lastAck = ack
	f.lastAckT = now
	f.lastFlags = fl

	return fl, dupNum, dupFrame
}

// classifyOld decides between retransmission, fast retransmission,
// out-of-order and spurious retransmission for a segment that does not
// advance the sequence number.
func (c *Conversation) classifyOld(f, r *flow, seg *Segment, seglen uint32, fl analysisFlags) analysisFlags {
	seq := seg.Seq
	if fl&aKeepAlive != 0 {
		return fl
	}
	// Not a retransmission: new data starting one byte early (after a zero window probe).
	if seglen > 1 && f.nextSeq-1 == seq {
		return fl
	}
	now := seg.Timestamp
	if r.dupAcks >= 2 && r.lastAck == seq && since(now, r.lastAckT) < uint64(fastRetransmissionWindow) {
		return fl | aFastRetransmission
	}
	thres := uint64(defaultOutOfOrderWindow)
	if c.firstRTT != 0 {
		thres = uint64(c.firstRTT)
	}
	synfin := uint32(b2i(seg.Flags&(SYN|FIN) != 0))
	if since(now, f.nextTime) < thres && f.nextSeq != seq+seglen+synfin {
		return fl | aOutOfOrder
	}
	if seglen > 0 && r.lastAck != 0 && seqLE(seq+seglen, r.lastAck) {
		return fl | aSpuriousRetransmission
	}
	return fl | aRetransmission
}

// shift is the window scale shift to apply, 0 when scaling is not used.
func (f *flow) shift() uint32 {
	if f.winScale < 0 {
		return 0
	}
	return uint32(f.winScale)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
