package tcp

import "strconv"

// AppendInfo appends tshark's Info column for seg as plain TCP (no
// upper-layer dissection), with the analysis prefixes, e.g.
//
//	[TCP Retransmission] 8080 → 38218 [PSH, ACK] Seq=130 Ack=172 Win=65536 Len=12 TSval=1566224867 TSecr=3232848194
//
// The " [TCP segment of a reassembled PDU]" suffix is not added.
func (a *Analysis) AppendInfo(dst []byte, seg *Segment) []byte {
	dst = a.AppendPrefixes(dst)
	dst = strconv.AppendUint(dst, uint64(seg.SrcPort), 10)
	dst = append(dst, " \u2192 "...)
	dst = strconv.AppendUint(dst, uint64(seg.DstPort), 10)
	dst = append(dst, " ["...)
	dst = seg.Flags.appendNames(dst)
	dst = append(dst, "] Seq="...)
	dst = strconv.AppendUint(dst, uint64(a.RelSeq), 10)
	if seg.Flags&ACK != 0 {
		dst = append(dst, " Ack="...)
		dst = strconv.AppendUint(dst, uint64(a.RelAck), 10)
	}
	dst = append(dst, " Win="...)
	dst = strconv.AppendInt(dst, int64(a.WindowSize), 10)
	if seg.Flags&URG != 0 {
		dst = append(dst, " Urg="...)
		dst = strconv.AppendUint(dst, uint64(seg.Urgent), 10)
	}
	dst = append(dst, " Len="...)
	dst = strconv.AppendInt(dst, int64(a.Len), 10)
	dst = a.appendOptions(dst, &seg.Options)
	if a.headerCut {
		// tshark's exception text, appended without a space.
		dst = append(dst, "[Packet size limited during capture]"...)
	}
	return dst
}

// appendOptions appends the options in header order as Wireshark's option
// dissectors add them to the Info column.
func (a *Analysis) appendOptions(dst []byte, o *Options) []byte {
	sack := 0
	for _, kind := range o.order[:o.norder] {
		switch kind {
		case optMSS:
			dst = append(dst, " MSS="...)
			dst = strconv.AppendUint(dst, uint64(o.MSS), 10)
		case optWS:
			dst = append(dst, " WS="...)
			dst = strconv.AppendUint(dst, 1<<min(o.WindowScale, 14), 10)
		case optSACKPerm:
			dst = append(dst, " SACK_PERM"...)
		case optTimestamp:
			dst = append(dst, " TSval="...)
			dst = strconv.AppendUint(dst, uint64(o.TSval), 10)
			dst = append(dst, " TSecr="...)
			dst = strconv.AppendUint(dst, uint64(o.TSecr), 10)
		case optSACK:
			for ; sack < o.NumSACK; sack++ {
				dst = append(dst, " SLE="...)
				dst = strconv.AppendUint(dst, uint64(o.SACK[sack].Left-a.ackBase), 10)
				dst = append(dst, " SRE="...)
				dst = strconv.AppendUint(dst, uint64(o.SACK[sack].Right-a.ackBase), 10)
			}
		}
	}
	return dst
}

// AppendPrefixes appends the analysis prefixes tshark puts in front of the
// Info column, "[TCP Window Full] " and the like. They stand in front of
// whatever the upper layers write too ("[TCP Window Full] WebSocket Binary
// [FIN] [MASKED]"): TCP prepends them, fenced.
func (a *Analysis) AppendPrefixes(dst []byte) []byte {
	// Wireshark prepends each prefix in turn, so the last one printed comes first.
	if a.ZeroWindowProbeAck {
		dst = append(dst, "[TCP ZeroWindowProbeAck] "...)
	}
	if a.ZeroWindow {
		dst = append(dst, "[TCP ZeroWindow] "...)
	}
	if a.ZeroWindowProbe {
		dst = append(dst, "[TCP ZeroWindowProbe] "...)
	}
	if a.DupAck {
		dst = append(dst, "[TCP Dup ACK "...)
		dst = strconv.AppendUint(dst, a.DupAckFrame, 10)
		dst = append(dst, '#')
		dst = strconv.AppendUint(dst, uint64(a.DupAckNum), 10)
		dst = append(dst, "] "...)
	}
	if a.KeepAliveAck {
		dst = append(dst, "[TCP Keep-Alive ACK] "...)
	}
	if a.KeepAlive {
		dst = append(dst, "[TCP Keep-Alive] "...)
	}
	if a.WindowFull {
		dst = append(dst, "[TCP Window Full] "...)
	}
	if a.WindowUpdate {
		dst = append(dst, "[TCP Window Update] "...)
	}
	if a.AckedUnseen {
		dst = append(dst, "[TCP ACKed unseen segment] "...)
	}
	if a.LostSegment {
		dst = append(dst, "[TCP Previous segment not captured] "...)
	}
	if a.PortsReused {
		dst = append(dst, "[TCP Port numbers reused] "...)
	}
	if a.OutOfOrder {
		dst = append(dst, "[TCP Out-Of-Order] "...)
	}
	switch {
	case a.SpuriousRetransmission:
		dst = append(dst, "[TCP Spurious Retransmission] "...)
	case a.FastRetransmission:
		dst = append(dst, "[TCP Fast Retransmission] "...)
	case a.Retransmission:
		dst = append(dst, "[TCP Retransmission] "...)
	}
	return dst
}
