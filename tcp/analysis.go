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

// maxUnacked caps the segments a flow remembers until they are
// acknowledged (Wireshark's TCP_MAX_UNACKED_SEGMENTS): beyond it, as when
// the ACKs are not captured, new segments are not remembered.
const maxUnacked = 10000

// unacked is a segment sent and not yet acknowledged (Wireshark's
// tcp_unacked_t): what bytes in flight, the RTT to ACK and the RTO are
// measured on.
type unacked struct {
	frame        uint64
	seq, nextSeq uint32
	ts           int64 // Unix nanoseconds: cheaper to subtract than a time.Time
}

// analyze is Wireshark 4.0's tcp_analyze_sequence_number() for one segment
// sent on flow f (r is the reverse flow). It updates both flows and returns
// the analysis flags; the values it measures (duplicate ACK number, the
// segment acknowledged, bytes in flight, RTO) go into a.
func (c *Conversation) analyze(f, r *flow, seg *Segment, nowNano int64, fl analysisFlags, a *Analysis, values bool) analysisFlags {
	seq, ack, flags := seg.Seq, seg.Ack, seg.Flags
	window := uint32(seg.Window)
	seglen := uint32(seg.PayloadLen)
	now := seg.Timestamp
	const synFinRst = SYN | FIN | RST

	if flags&ACK != 0 {
		r.invalidBIF = false
	}

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
		// no bytes in flight until the other side acknowledges something
		f.invalidBIF = true
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
		a.DupAckNum, a.DupAckFrame = f.dupAcks, f.lastNonDup
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
		if fl&(aRetransmission|aFastRetransmission|aSpuriousRetransmission|aOutOfOrder) == aRetransmission {
			// measured from the oldest segment not yet acknowledged, or
			// else from the one that advanced the sequence number last
			a.RTO, a.RTOFrame = now.Sub(f.nextTime), f.nextFrame
			if len(f.unacked) > f.head {
				u := &f.unacked[f.head]
				a.RTO, a.RTOFrame = time.Duration(nowNano-u.ts), u.frame
			}
		}
	}

	{
		nextSeq := seq + seglen
		if flags&(SYN|FIN) != 0 {
			nextSeq++
		}
		if values && (seglen > 0 || flags&(SYN|FIN) != 0) {
			f.remember(unacked{seg.Frame, seq, nextSeq, nowNano})
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

	if values {
		r.acknowledge(ack, nowNano, a)
	}
	// the SACK blocks of this segment count for the data sent the other way
	f.sack, f.numSACK = seg.Options.SACK, seg.Options.NumSACK
	if values && seglen > 0 && len(f.unacked) > f.head && !f.invalidBIF {
		f.inFlight(r, flags, seglen, a)
	}
	return fl
}

// remember adds a segment to the flow's unacknowledged ones, unless there
// are too many. The storage is reused: acknowledged segments leave from the
// front (head), and the live ones are moved down when the array is full.
func (f *flow) remember(u unacked) {
	if len(f.unacked)-f.head >= maxUnacked {
		return
	}
	if f.head > 0 && len(f.unacked) == cap(f.unacked) {
		n := copy(f.unacked, f.unacked[f.head:])
		f.unacked, f.head = f.unacked[:n], 0
	}
	if f.unacked == nil {
		// one allocation per connection instead of a dozen as it grows
		f.unacked = make([]unacked, 0, 64)
	}
	if n := len(f.unacked); n > f.head && seqLT(u.seq, f.unacked[n-1].nextSeq) {
		f.disordered = true
	}
	f.unacked = append(f.unacked, u)
}

// acknowledge drops the segments of flow f (the reverse one) that ack
// acknowledges, notes the one it acknowledges exactly, and trims one it
// acknowledges in part, as Wireshark does. While the segments are in
// sequence order, those acknowledged are the first ones and the walk stops
// at the first that is not.
func (f *flow) acknowledge(ack uint32, now int64, a *Analysis) {
	if !f.disordered {
		i := f.head
		for ; i < len(f.unacked); i++ {
			u := &f.unacked[i]
			if ack == u.nextSeq {
				if a.AckedFrame == 0 {
					a.AckedFrame, a.AckRTT = u.frame, time.Duration(now-u.ts)
				}
				continue
			}
			if seqGT(ack, u.seq) && seqLE(ack, u.nextSeq) {
				u.seq = ack
				break
			}
			if seqGT(u.nextSeq, ack) {
				break
			}
		}
		f.head = i
		f.compact()
		return
	}
	kept := f.unacked[:f.head]
	for _, u := range f.unacked[f.head:] {
		switch {
		case ack == u.nextSeq:
			// Wireshark's list is newest first and the last match wins:
			// the oldest
			if a.AckedFrame == 0 {
				a.AckedFrame, a.AckRTT = u.frame, time.Duration(now-u.ts)
			}
			continue
		case seqGT(ack, u.seq) && seqLE(ack, u.nextSeq):
			u.seq = ack
		case !seqGT(u.nextSeq, ack):
			continue // acknowledged before
		}
		kept = append(kept, u)
	}
	f.unacked = kept
	f.compact()
}

// compact empties the storage once no segment is left unacknowledged.
func (f *flow) compact() {
	if f.head == len(f.unacked) {
		f.unacked, f.head, f.disordered = f.unacked[:0], 0, false
	}
}

// inFlight measures the bytes in flight after a segment with data sent on
// f, and the bytes sent since the last PSH.
func (f *flow) inFlight(r *flow, flags Flags, seglen uint32, a *Analysis) {
	live := f.unacked[f.head:]
	first := live[0].seq - f.baseSeq
	last := live[len(live)-1].nextSeq - f.baseSeq
	if f.disordered {
		last = live[0].nextSeq - f.baseSeq
		for _, u := range live[1:] {
			last = max(last, u.nextSeq-f.baseSeq)
			first = min(first, u.seq-f.baseSeq)
		}
	}
	n := last - first
	// minus what the receiver's last SACK reported as delivered
	for _, blk := range r.sack[:r.numSACK] {
		n -= blk.Right - blk.Left
	}
	if n > 0 && n < 2000000000 {
		a.BytesInFlight = n
		if flags&(SYN|FIN) != 0 {
			a.BytesInFlight-- // the SYN or FIN is not a byte
		}
	}
	switch {
	case flags&PSH != 0 && !f.pushSetLast:
		f.pushBytes += seglen
	case flags&PSH != 0 || f.pushSetLast:
		f.pushBytes = seglen
	default:
		f.pushBytes += seglen
	}
	f.pushSetLast = flags&PSH != 0
	a.PushBytesSent = f.pushBytes
	a.SeqAnalysis = true
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
	if c.InitialRTT != 0 {
		thres = uint64(c.InitialRTT)
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
