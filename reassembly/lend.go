package reassembly

// Lend is Add for a payload the caller keeps valid and unchanged until it
// calls Settle: when the segment comes in order to a stream that holds no
// readable bytes nor out-of-order ones, Bytes returns the payload itself
// rather than a copy of it, and Settle copies only what was not consumed.
// A consumer that parses the PDUs of most segments as they come (the
// WebSocket frames of a segment, or their headers when their payloads are
// elided) then copies almost nothing. Otherwise, or for a SYN, Lend is Add.
// The results, and every count, are those of Add.
//
// Between Lend and Settle the stream does not write to the payload: a
// call that would (Add, Flush, Reserve, Reset, an Elide of bytes inside
// it) settles first.
func (s *Stream) Lend(seq uint32, payload []byte, frame uint64, flags Flags) AddResult {
	s.Settle()
	n := len(payload)
	if !s.started || flags&SYN != 0 || n == 0 || n > 1<<30 || seq != s.next || s.eliding ||
		s.off != len(s.buf) || len(s.held) > 0 || s.segments() >= s.maxSegs || n > s.room() {
		return s.Add(seq, payload, frame, flags)
	}
	// what Add does for such a segment, but for the copy
	s.arrivals++
	s.closed |= flags & (FIN | RST)
	s.owned, s.lent = s.buf[:0], true
	s.buf, s.off = payload[:n:n], 0
	end := seq + uint32(n)
	s.pieces = append(s.pieces, piece{seq: seq, end: end, from: seq,
		frame: frame, ready: frame, arrival: s.arrivals})
	s.notePending(frame)
	s.next = end
	s.account()
	return AddResult{Delivered: n}
}

// Settle copies the readable bytes of a payload lent to the stream (Lend)
// that are not consumed yet into the stream's own storage: the caller may
// then reuse the payload. It does nothing when no payload is lent.
func (s *Stream) Settle() {
	if s.lent { // inlined: most calls have nothing to do
		s.settle()
	}
}

func (s *Stream) settle() {
	rest := s.buf[s.off:]
	s.unlend()
	s.store(rest)
}

// unlend goes back to the stream's own buffer, empty, dropping the lent
// payload's bytes.
func (s *Stream) unlend() {
	s.buf, s.off, s.owned, s.lent = s.owned, 0, nil, false
}
