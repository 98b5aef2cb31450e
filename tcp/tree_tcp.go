package tcp

import (
	"encoding/binary"
	"strconv"

	"github.com/wsdissect/wsdissect/field"
)

// FillTCPTyped adds what FillTCP adds first, from the typed values alone,
// without the header's bytes: the protocol item (hlen bytes at off) with
// its ports, [Stream index], [Conversation completeness] and [TCP Segment
// Len]. It is the TCP layer of a record whose frame was not kept, enough
// for a display filter on tcp.stream or the ports.
func FillTCPTyped(t *field.Tree, parent field.Node, off, hlen int, seg *Segment, an *Analysis) field.Node {
	if !t.Wants(&fTCP) {
		return field.NoNode
	}
	b := t.Scratch()
	var label []byte // a primed tree is never printed
	if !t.Primed() {
		b = append(b, "Transmission Control Protocol, Src Port: "...)
		b = field.AppendUint(b, uint64(seg.SrcPort))
		b = append(b, ", Dst Port: "...)
		b = field.AppendUint(b, uint64(seg.DstPort))
		b = append(b, ", Seq: "...)
		b = field.AppendUint(b, uint64(an.RelSeq))
		if seg.Flags&ACK != 0 {
			b = append(b, ", Ack: "...)
			b = field.AppendUint(b, uint64(an.RelAck))
		}
		b = append(b, ", Len: "...)
		label = field.AppendInt(b, int64(an.Len))
	}
	p := t.AddProtocol(parent, &fTCP, off, hlen, label)

	t.AddUint(p, &fSrcport, off, 2, uint64(seg.SrcPort))
	t.AddUint(p, &fDstport, off+2, 2, uint64(seg.DstPort))
	if t.BuildsHidden() {
		t.SetHidden(t.AddUint(p, &fPort, off, 2, uint64(seg.SrcPort)))
		t.SetHidden(t.AddUint(p, &fPort, off+2, 2, uint64(seg.DstPort)))
	}
	t.SetGenerated(t.AddUint(p, &fStream, 0, 0, an.Stream))
	t.SetGenerated(t.AddUint(p, &fCompleteness, 0, 0, uint64(an.Completeness)))
	t.SetGenerated(t.AddUint(p, &fLen, 0, 0, uint64(an.Len)))
	t.KeepScratch(b)
	return p
}

// FillTCP adds the TCP layer of a segment to t under parent (field.NoNode
// for a top-level item) as tshark -V and -T json show it: the "Transmission
// Control Protocol, Src Port: ..." item and every line under it, from the
// ports to "TCP payload (N bytes)". hdr is the TCP header as captured (it
// may be shorter than seg.HeaderLen when the snap length cut it) and off
// its offset in the frame, for byte ranges. an is Track's analysis of seg,
// with Completeness and InitialRTT set to the stream's final values as
// tshark -2 prints them. The reassembly lines tshark prints after the
// payload ("[Reassembled PDU in frame: N]", "TCP segment data (N bytes)")
// are the caller's: it adds them to the returned node.
func FillTCP(t *field.Tree, parent field.Node, hdr []byte, off int, seg *Segment, an *Analysis) field.Node {
	if !t.Wants(&fTCP) {
		return field.NoNode
	}
	hlen := min(seg.HeaderLen, len(hdr))
	p := FillTCPTyped(t, parent, off, hlen, seg, an)
	b := t.Scratch()

	t.AddUint(p, &fSeq, off+4, 4, uint64(an.RelSeq))
	t.AddUint(p, &fSeqRaw, off+4, 4, uint64(seg.Seq))
	t.SetGenerated(t.AddUint(p, &fNxtseq, 0, 0, uint64(an.NextSeq)))
	if seg.Flags&ACK != 0 {
		t.AddUint(p, &fAck, off+8, 4, uint64(an.RelAck))
	} else {
		// no ACK: the raw number, not a relative one
		ack := t.AddUint(p, &fAck, off+8, 4, uint64(seg.Ack))
		t.SetValueText(ack, field.AppendUint(b[:0], uint64(seg.Ack)))
		if seg.Ack != 0 {
			t.AddExpert(ack, &eAckNonzero, off+8, 4, nil)
		}
	}
	t.AddUint(p, &fAckRaw, off+8, 4, uint64(seg.Ack))

	// the data offset's four bits, as a bit field Wireshark registers without a mask
	t.SetBits(t.AddUint(p, &fHdrLen, off+12, 1, uint64(seg.HeaderLen)), uint64(seg.HeaderLen/4)<<4, 0xf0)

	b = fillFlags(t, p, off, seg, an, b)

	t.AddUint(p, &fWindowSizeValue, off+14, 2, uint64(seg.Window))
	t.SetGenerated(t.AddUint(p, &fWindowSize, off+14, 2, uint64(an.WindowSize)))
	if seg.Flags&SYN == 0 {
		factor := int64(an.WindowScale)
		if factor >= 0 {
			factor = 1 << uint(factor)
		}
		n := t.AddInt(p, &fWindowSizeScalefactor, off+14, 2, factor)
		switch an.WindowScale {
		case ScaleUnknown:
			t.SetValueText(n, []byte("-1 (unknown)"))
		case ScaleNone:
			t.SetValueText(n, []byte("-2 (no window scaling used)"))
		}
		t.SetGenerated(n)
	}
	var sum uint16
	if len(hdr) >= 18 {
		sum = binary.BigEndian.Uint16(hdr[16:18])
	}
	t.AddUint(p, &fChecksum, off+16, 2, uint64(sum))
	t.SetGenerated(t.AddUint(p, &fChecksumStatus, 0, 0, 2))
	t.AddUint(p, &fUrgentPointer, off+18, 2, uint64(seg.Urgent))

	cut := len(hdr) < seg.HeaderLen
	switch {
	case cut && seg.HeaderLen > 20:
		// the snap length cut the header: tshark shows the options'
		// length and the timestamps, then stops at the cut (the caller
		// adds the short frame)
		o := t.AddBytes(p, &fOptions, off+20, max(len(hdr)-20, 0), hdr[min(20, len(hdr)):])
		b = strconv.AppendInt(append(b[:0], "Options: ("...), int64(seg.HeaderLen-20), 10)
		t.SetText(o, append(b, " bytes)"...))
	case hlen > 20:
		b = fillOptions(t, p, hdr[20:hlen], off+20, seg, an, b)
	}

	ts := t.AddText(p, 0, 0, []byte("Timestamps"))
	t.SetGenerated(ts)
	t.SetGenerated(t.AddDuration(ts, &fTimeRelative, 0, 0, an.TimeRelative))
	t.SetGenerated(t.AddDuration(ts, &fTimeDelta, 0, 0, an.TimeDelta))
	if cut {
		t.KeepScratch(b)
		return p
	}

	if an.SeqAnalysis {
		b = fillAnalysis(t, p, an, b)
	}

	switch {
	case an.Len > 0 && seg.Flags&RST != 0:
		// the payload of a reset is its reason, as text (RFC 1122 4.2.2.12)
		t.AddStringBytes(p, &fResetCause, off+seg.HeaderLen, len(seg.Payload), seg.Payload)
	case an.Len > 0:
		// the length on the wire, the bytes as captured
		n := t.AddBytes(p, &fPayload, off+seg.HeaderLen, len(seg.Payload), seg.Payload)
		b = append(b[:0], "TCP payload ("...)
		b = field.AppendByteCount(b, an.Len)
		t.SetText(n, append(b, ')'))
	}
	t.KeepScratch(b)
	return p
}

// flagFields are the flag bits' fields, most significant first, as the
// flags tree lists them.
var flagFields = [...]*field.Field{&fFlagsRes, &fFlagsAe, &fFlagsCwr, &fFlagsEce, &fFlagsUrg, &fFlagsAck, &fFlagsPush, &fFlagsReset, &fFlagsSyn, &fFlagsFin}

// formatRelativeSeq is the value of tcp.seq and tcp.nxtseq in their
// labels: "1115    (relative sequence number)".
func formatRelativeSeq(dst []byte, v uint64) []byte {
	return append(field.AppendUint(dst, v), "    (relative sequence number)"...)
}

// formatRelativeAck is tcp.ack's: "640    (relative ack number)".
func formatRelativeAck(dst []byte, v uint64) []byte {
	return append(field.AppendUint(dst, v), "    (relative ack number)"...)
}

// formatChecksum is tcp.checksum's, which is not verified: "0x15f4
// [unverified]".
func formatChecksum(dst []byte, v uint64) []byte {
	return append(appendHex0x4(dst, uint16(v)), " [unverified]"...)
}

// formatFlags is tcp.flags's label: "Flags: 0x018 (PSH, ACK)".
func formatFlags(dst []byte, v uint64) []byte {
	flags := Flags(v)
	dst = append(dst, "Flags: 0x"...)
	dst = append(dst, hexDigit(uint(flags)>>8), hexDigit(uint(flags)>>4), hexDigit(uint(flags)))
	dst = append(dst, " ("...)
	return append(flags.appendNames(dst), ')')
}

// fillFlags adds "Flags: 0x018 (PSH, ACK)", its bits, the SYN, FIN and RST
// expert infos and [TCP Flags: ...].
func fillFlags(t *field.Tree, p field.Node, off int, seg *Segment, an *Analysis, b []byte) []byte {
	flags := seg.Flags
	fl := t.AddUint(p, &fFlags, off+12, 2, uint64(flags))
	// SYN, FIN and RST have expert infos that say more; the lines of the
	// others' bits may stand in for them (SetChildrenFromValue)
	if flags&(SYN|FIN|RST) == 0 && !t.SetChildrenFromValue(fl) {
		return b
	}
	for _, f := range flagFields {
		n := t.AddBool(fl, f, off+12, 2, uint64(flags)&f.Mask != 0)
		switch {
		case f == &fFlagsSyn && flags&SYN != 0:
			e, port := &eSYN, seg.DstPort
			if flags&ACK != 0 {
				e, port = &eSYNACK, seg.SrcPort
			}
			b = append(append(b[:0], e.Summary...), ": server port "...)
			t.AddExpert(n, e, off+12, 2, field.AppendUint(b, uint64(port)))
		case f == &fFlagsFin && flags&FIN != 0:
			t.AddExpert(n, &eFIN, off+12, 2, nil)
		case f == &fFlagsReset && flags&RST != 0:
			t.AddExpert(n, &eRST, off+12, 2, nil)
		}
	}
	str := t.AddStringBytes(fl, &fFlagsStr, off+12, 2, flags.appendString(b[:0]))
	t.SetGenerated(str)
	if flags&FIN != 0 {
		e := &eFINPassive
		if an.FINActive {
			e = &eFINActive
		}
		t.AddExpert(str, e, 0, 0, nil)
	}
	return b
}

// optionName is the name an option's protocol has after "TCP Option - ",
// as the Options line lists them.
func optionName(f *field.Field) string {
	const prefix = "TCP Option - "
	if len(f.Name) > len(prefix) {
		return f.Name[len(prefix):]
	}
	return f.Name
}

// fillOptions adds "Options: (N bytes), ..." and an item per option with
// its subtree. opts is the captured option area at offset off.
func fillOptions(t *field.Tree, p field.Node, opts []byte, off int, seg *Segment, an *Analysis, b []byte) []byte {
	area := t.AddBytes(p, &fOptions, off, len(opts), opts)
	b = append(b[:0], "Options: ("...)
	b = field.AppendInt(b, int64(len(opts)))
	b = append(b, " bytes)"...)
	head := len(b)
	for i := 0; i < len(opts); {
		kind := opts[i]
		f, l := optionField(kind), 1
		if kind != optEOL && kind != optNOP {
			if i+1 >= len(opts) || opts[i+1] < 2 || i+int(opts[i+1]) > len(opts) {
				break // an impossible length: tshark stops there too
			}
			l = int(opts[i+1])
		}
		b = append(b, ", "...)
		b = append(b, optionName(f)...)
		b = fillOption(t, area, f, opts[i:i+l], off+i, seg, an, b)
		i += l
		if kind == optEOL {
			break
		}
	}
	t.SetText(area, b[:head+len(b)-head])
	return b
}

// optionField returns the protocol of an option kind.
func optionField(kind byte) *field.Field {
	switch kind {
	case optEOL:
		return &fOptEol
	case optNOP:
		return &fOptNop
	case optMSS:
		return &fOptMss
	case optWS:
		return &fOptWscale
	case optSACKPerm:
		return &fOptSackPerm
	case optSACK:
		return &fOptSack
	case optTimestamp:
		return &fOptTimestamp
	}
	return &fOptUnknown
}

// fillOption adds one option: its item, labelled as tshark does, and its
// kind, length and values. b holds the Options line so far and is returned
// as it was.
func fillOption(t *field.Tree, area field.Node, f *field.Field, o []byte, off int, seg *Segment, an *Analysis, b []byte) []byte {
	n := t.AddBytes(area, f, off, len(o), o)
	// SACK's edges are relative to the stream; the others' items come from
	// their bytes, and their lines may stand in for them
	build := f == &fOptSack || t.SetChildrenFromValue(n)
	mark := len(b)
	b = append(b, f.Name...)
	if build {
		t.AddUint(n, &fOptionKind, off, 1, uint64(o[0]))
		if len(o) > 1 {
			t.AddUint(n, &fOptionLen, off+1, 1, uint64(o[1]))
		}
	}
	v := o[min(2, len(o)):]
	switch {
	case f == &fOptMss && len(v) == 2:
		mss := binary.BigEndian.Uint16(v)
		b = append(b, ": "...)
		b = append(field.AppendUint(b, uint64(mss)), " bytes"...)
		if build {
			t.AddUint(n, &fOptionsMssVal, off+2, 2, uint64(mss))
		}
	case f == &fOptWscale && len(v) == 1:
		shift := v[0]
		mult := uint64(1) << min(shift, 14)
		b = append(b, ": "...)
		b = field.AppendUint(b, uint64(shift))
		b = append(b, " (multiply by "...)
		b = append(field.AppendUint(b, mult), ')')
		if build {
			t.AddUint(n, &fOptionsWscaleShift, off+2, 1, uint64(shift))
			t.SetGenerated(t.AddUint(n, &fOptionsWscaleMultiplier, off+2, 1, mult))
		}
	case f == &fOptTimestamp && len(v) == 8:
		tsval, tsecr := binary.BigEndian.Uint32(v), binary.BigEndian.Uint32(v[4:])
		b = append(b, ": TSval "...)
		b = field.AppendUint(b, uint64(tsval))
		b = append(b, ", TSecr "...)
		b = field.AppendUint(b, uint64(tsecr))
		if build {
			t.AddUint(n, &fOptionsTimestampTsval, off+2, 4, uint64(tsval))
			t.AddUint(n, &fOptionsTimestampTsecr, off+6, 4, uint64(tsecr))
		}
	case f == &fOptSack:
		b = fillSACK(t, n, v, off+2, seg, an, b)
	case f == &fOptUnknown && len(v) > 0 && build:
		t.AddBytes(n, &fOptionsUnknownPayload, off+2, len(v), v)
	}
	if len(b)-mark > len(f.Name) { // the name alone is the item's default label
		t.SetText(n, b[mark:])
	}
	return b[:mark]
}

// fillSACK adds the blocks of a SACK option, relative to the acknowledged
// direction's initial sequence number, and the D-SACK block if the first
// one reports data already acknowledged (RFC 2883).
func fillSACK(t *field.Tree, n field.Node, v []byte, off int, seg *Segment, an *Analysis, b []byte) []byte {
	count := 0
	var dle, dre uint32
	dsack := false
	for i := 0; i+8 <= len(v); i += 8 {
		le, re := binary.BigEndian.Uint32(v[i:]), binary.BigEndian.Uint32(v[i+4:])
		rle, rre := le-an.ackBase, re-an.ackBase
		b = append(b, ' ')
		b = field.AppendUint(b, uint64(rle))
		b = append(b, '-')
		b = field.AppendUint(b, uint64(rre))
		mark := len(b)
		b = append(b, "left edge = "...)
		b = append(field.AppendUint(b, uint64(rle)), " (relative)"...)
		t.SetText(t.AddUint(n, &fOptionsSackLe, off+i, 4, uint64(rle)), b[mark:])
		b = append(b[:mark], "right edge = "...)
		b = append(field.AppendUint(b, uint64(rre)), " (relative)"...)
		t.SetText(t.AddUint(n, &fOptionsSackRe, off+i+4, 4, uint64(rre)), b[mark:])
		b = b[:mark]
		if i == 0 && seg.Flags&ACK != 0 && seqLE(re, seg.Ack) {
			dsack, dle, dre = true, rle, rre
		}
		count++
	}
	t.SetGenerated(t.AddUint(n, &fOptionsSackCount, 0, 0, uint64(count)))
	if dsack {
		mark := len(b)
		b = append(b, "D-SACK Left Edge = "...)
		b = append(field.AppendUint(b, uint64(dle)), " (relative)"...)
		d := t.AddUint(n, &fOptionsSackDsackLe, off, 4, uint64(dle))
		t.SetText(d, b[mark:])
		t.SetGenerated(d)
		b = append(b[:mark], "D-SACK Right Edge = "...)
		b = append(field.AppendUint(b, uint64(dre)), " (relative)"...)
		d = t.AddUint(n, &fOptionsSackDsackRe, off+4, 4, uint64(dre))
		t.SetText(d, b[mark:])
		t.SetGenerated(d)
		b = b[:mark]
		seq := t.AddText(n, off, 8, []byte(eDSACK.Summary))
		t.AddExpert(seq, &eDSACK, off, 8, nil)
	}
	return b
}

// fillAnalysis adds [SEQ/ACK analysis]: the segment acknowledged, the
// RTTs, bytes in flight and the analysis flags with their expert infos.
func fillAnalysis(t *field.Tree, p field.Node, an *Analysis, b []byte) []byte {
	sa := t.AddNone(p, &fAnalysis, 0, 0)
	t.SetGenerated(sa)
	gen := func(n field.Node) field.Node { t.SetGenerated(n); return n }
	if an.AckedFrame != 0 {
		gen(t.AddUint(sa, &fAnalysisAcksFrame, 0, 0, an.AckedFrame))
		if an.AckRTT != 0 {
			gen(t.AddDuration(sa, &fAnalysisAckRtt, 0, 0, an.AckRTT))
		}
	}
	if an.InitialRTT != 0 {
		gen(t.AddDuration(sa, &fAnalysisInitialRtt, 0, 0, an.InitialRTT))
	}
	if an.BytesInFlight != 0 {
		gen(t.AddUint(sa, &fAnalysisBytesInFlight, 0, 0, uint64(an.BytesInFlight)))
		gen(t.AddUint(sa, &fAnalysisPushBytesSent, 0, 0, uint64(an.PushBytesSent)))
	}
	if !an.Flagged() {
		return b
	}
	fl := gen(t.AddNone(sa, &fAnalysisFlags, 0, 0))
	expert := func(e *field.Expert) { t.AddExpert(fl, e, 0, 0, nil) }
	if an.PortsReused {
		expert(&eReusedPorts)
	}
	switch {
	case an.FastRetransmission:
		expert(&eFastRetransmission)
		expert(&eRetransmission)
	case an.SpuriousRetransmission:
		expert(&eSpuriousRetransmission)
		expert(&eRetransmission)
	case an.Retransmission:
		expert(&eRetransmission)
		if an.RTO != 0 {
			gen(t.AddDuration(fl, &fAnalysisRto, 0, 0, an.RTO))
			gen(t.AddUint(fl, &fAnalysisRtoFrame, 0, 0, an.RTOFrame))
		}
	}
	if an.OutOfOrder {
		expert(&eOutOfOrder)
	}
	if an.LostSegment {
		expert(&eLostSegment)
	}
	if an.AckedUnseen {
		expert(&eAckLostSegment)
	}
	if an.WindowUpdate {
		expert(&eWindowUpdate)
	}
	if an.WindowFull {
		expert(&eWindowFull)
	}
	if an.KeepAlive {
		expert(&eKeepAlive)
	}
	if an.KeepAliveAck {
		expert(&eKeepAliveAck)
	}
	if an.DupAck {
		d := gen(t.AddNone(fl, &fAnalysisDuplicateAck, 0, 0))
		t.SetText(d, []byte("This is a TCP duplicate ack"))
		gen(t.AddUint(sa, &fAnalysisDuplicateAckNum, 0, 0, uint64(an.DupAckNum)))
		f := gen(t.AddUint(sa, &fAnalysisDuplicateAckFrame, 0, 0, an.DupAckFrame))
		b = append(b[:0], "Duplicate ACK (#"...)
		b = append(field.AppendUint(b, uint64(an.DupAckNum)), ')')
		t.AddExpert(f, &eDuplicateAck, 0, 0, b)
	}
	if an.ZeroWindowProbe {
		expert(&eZeroWindowProbe)
	}
	if an.ZeroWindow {
		expert(&eZeroWindow)
	}
	if an.ZeroWindowProbeAck {
		expert(&eZeroWindowProbeAck)
	}
	return b
}

// appendHex0x4 appends v as 0x and four hex digits.
func appendHex0x4(dst []byte, v uint16) []byte {
	return appendHex4(append(dst, "0x"...), v)
}

// HeaderIn returns the TCP header of seg within the record data it was
// decoded from, and its offset there; ok is false when the header cannot
// be located (the snap length cut it).
func HeaderIn(data []byte, seg *Segment) (hdr []byte, off int, ok bool) {
	if seg.HeaderCut || cap(seg.Payload) > cap(data) {
		return nil, 0, false
	}
	start := cap(data) - cap(seg.Payload) - seg.HeaderLen
	if start < 0 || start+seg.HeaderLen > len(data) {
		return nil, 0, false
	}
	return data[start : start+seg.HeaderLen], start, true
}
