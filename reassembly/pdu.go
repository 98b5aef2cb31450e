package reassembly

// PDU is the attribution of one upper-layer PDU to the capture frames that
// carried its bytes: Wireshark's "[TCP segment of a reassembled PDU]".
type PDU struct {
	// Frames are the frames that carried the PDU's bytes (tcp.segment), in
	// Wireshark's order: by sequence number, then by arrival. A
	// retransmission that arrived while the PDU was open is listed after
	// the segment it repeats. The slice is valid until the next Consume or
	// Skip.
	Frames []uint64
	// Length is the PDU's length in bytes (tcp.reassembled.length).
	Length int
	// Frame is the frame the PDU completes in: the frame of the Add call
	// that made its last byte readable. Every other frame in Frames shows
	// it as tcp.reassembled_in.
	Frame uint64
	// Multi is set when more than one frame carried the PDU's bytes;
	// Wireshark shows tcp.segment, tcp.reassembled.length and
	// tcp.reassembled_in only then.
	Multi bool
	// Pieces are the parts of the PDU each frame of Frames carried, in the
	// same order: the "[Frame: 10, payload: 0-523 (524 bytes)]" lines of
	// Wireshark's reassembly tree. Valid as long as Frames; nil with
	// Config.FramesOnly.
	Pieces []Piece
}

// Piece is the part of a PDU one frame carried.
type Piece struct {
	Frame  uint64
	Offset int // of its first byte in the PDU
	Length int // bytes of the PDU it carried
	At     int // where they start in the frame's payload
	// Overlap is set when the piece starts before the end of the pieces
	// listed before it: a retransmission, or a segment that repeats the
	// first bytes of a zero-window probe ("[Segment overlap: True]").
	Overlap bool
}

// sortedPiece is a piece's place in a PDU's frame list.
type sortedPiece struct {
	off     uint32 // offset of its first byte inside the PDU
	n       uint32 // bytes of the PDU it carried
	at      uint32 // where they start in its segment
	dup     bool
	arrival uint64
	frame   uint64
}

// cut returns the part of p that lies in the PDU [start, end), which p
// overlaps, and whether p made the PDU's last byte readable.
func (p *piece) cut(start, end uint32) (sp sortedPiece, last bool) {
	first := seqMax(p.seq, start)
	sp = sortedPiece{off: first - start, at: first - p.seq, dup: p.dup, arrival: p.arrival, frame: p.frame}
	sp.n = uint32(max(seqDiff(seqMin(p.end, end), first), 0))
	return sp, p.completes(end)
}

// completes reports whether p made the last byte of a PDU that ends
// before end readable.
func (p *piece) completes(end uint32) bool {
	return !p.dup && seqDiff(p.from, end) < 0 && seqDiff(p.end, end) >= 0
}

// Consume marks the first n readable bytes as one PDU and returns its
// attribution. n counts elided bytes too (see Elide) and is clamped to
// Readable(); Consume(0) returns the zero PDU.
func (s *Stream) Consume(n int) PDU {
	n = min(n, s.Readable())
	if n <= 0 {
		return PDU{}
	}
	if cap(s.sorted) > maxKeptSegments {
		// the lists of a PDU of thousands of segments are not kept for the
		// small ones that follow it
		s.sorted, s.frames, s.parts = nil, nil, nil
	}
	start := s.base
	end := start + uint32(n)
	if len(s.pieces) == 1 && seqDiff(s.pieces[0].end, start) > 0 && seqDiff(s.pieces[0].seq, end) < 0 {
		// one segment carried every byte not consumed yet (most PDUs): no
		// order to find
		return s.consumeOne(n, start, end)
	}
	sorted := s.sorted[:0]
	var ready uint64
	for i := range s.pieces {
		p := &s.pieces[i]
		if seqDiff(p.end, start) <= 0 || seqDiff(p.seq, end) >= 0 {
			continue
		}
		sp, last := p.cut(start, end)
		if last {
			ready = p.ready
		}
		i := len(sorted)
		sorted = append(sorted, sp)
		for i > 0 && (sorted[i-1].off > sp.off || sorted[i-1].off == sp.off && sorted[i-1].arrival > sp.arrival) {
			sorted[i] = sorted[i-1]
			i--
		}
		sorted[i] = sp
	}
	s.sorted = sorted
	frames := s.frames[:0]
	for _, sp := range sorted {
		frames = append(frames, sp.frame)
	}
	s.frames = frames
	var pieces []Piece
	if !s.cfg.FramesOnly {
		pieces = s.parts[:0]
		var reached uint32 // the end of the pieces listed so far
		for _, sp := range sorted {
			// as Wireshark's fragment_defragment_and_free: a piece overlaps
			// when it starts before the bytes the pieces before it reached
			overlap := sp.dup || sp.off < reached
			reached = max(reached, sp.off+sp.n)
			pieces = append(pieces, Piece{Frame: sp.frame, Offset: int(sp.off), Length: int(sp.n), At: int(sp.at), Overlap: overlap})
		}
		s.parts = pieces
	}
	s.advance(n)
	return PDU{Frames: frames, Length: n, Frame: ready, Multi: len(frames) > 1, Pieces: pieces}
}

// consumeOne is Consume when a single piece holds the readable bytes and
// overlaps the PDU's, [start, end).
func (s *Stream) consumeOne(n int, start, end uint32) PDU {
	p := &s.pieces[0]
	var ready uint64
	if p.completes(end) {
		ready = p.ready
	}
	s.frames = append(s.frames[:0], p.frame)
	var pieces []Piece
	if !s.cfg.FramesOnly {
		sp, _ := p.cut(start, end)
		s.parts = append(s.parts[:0], Piece{Frame: p.frame, Offset: int(sp.off), Length: int(sp.n), At: int(sp.at), Overlap: sp.dup})
		pieces = s.parts
	}
	frames := s.frames
	s.advance(n)
	return PDU{Frames: frames, Length: n, Frame: ready, Pieces: pieces}
}

// idleBufferCap is the largest buffer a Stream keeps once every byte in it
// has been consumed: memory per idle connection stays small.
const idleBufferCap = 16 << 10

// advance drops the first n readable bytes and the pieces they finish.
func (s *Stream) advance(n int) {
	end := s.base + uint32(n)
	s.off += n
	if s.eliding {
		s.off -= s.elidedBefore(end) // they were not stored
		s.base = end
		s.trimElision()
	} else {
		s.base = end
	}
	if s.lent && s.off == len(s.buf) {
		// every byte of the lent payload is consumed: the stream's own
		// buffer, empty and handled as such when it was emptied, is back
		s.unlend()
	} else if s.off == len(s.buf) {
		s.buf = s.buf[:0]
		s.off = 0
		switch b := s.cfg.Budget; {
		case s.taking:
		case cap(s.buf) > idleBufferCap:
			// an idle direction must not pin the buffer of its largest PDU;
			// a shared Budget keeps it for the next stream that needs one
			// (Bytes' result stays intact until the next Add of a stream
			// that shares it)
			if b != nil {
				b.putSpare(s.buf)
			}
			s.buf, s.small = s.small, nil
			if b != nil && cap(s.buf) > 0 {
				b.putSmall(s.buf)
				s.buf = nil
			}
		case b != nil && cap(s.buf) > 0:
			// nor any buffer: the streams of a Budget share the small ones
			b.putSmall(s.buf)
			s.buf = nil
		}
	}
	if len(s.pieces) == 0 && cap(s.pieces) > maxKeptSegments {
		s.pieces = nil
	}
	kept := s.pieces[:0]
	for _, p := range s.pieces {
		if seqDiff(p.end, s.base) > 0 {
			kept = append(kept, p)
		}
	}
	s.pieces = kept
	s.pendStale = true
	s.account()
}

// Take is Consume for a PDU whose bytes the caller keeps: rather than
// copy the n bytes out of the stream, the caller may take the buffer they
// are stored in. When the PDU is larger than 16 KiB, fills the most of a
// buffer of the stream's own, and few bytes follow it, the stream hands
// that buffer over as own (copying the bytes after the PDU into a smaller
// one) and the bytes of the PDU, those Bytes returned, stay valid for as
// long as the caller keeps own: give it back to Budget.Buffers' Put when
// done. Otherwise own is nil and Take is Consume.
func (s *Stream) Take(n int) (pdu PDU, own []byte) {
	n = min(n, s.Readable())
	rest := len(s.buf) - s.off - n
	if s.lent || s.eliding || n <= idleBufferCap || 2*n < cap(s.buf) || rest > idleBufferCap {
		return s.Consume(n), nil
	}
	s.taking = true
	pdu = s.Consume(n)
	s.taking = false
	own = s.buf
	s.buf = append(s.small[:0], own[s.off:]...)
	s.small, s.off = nil, 0
	return pdu, own[:0]
}

// Reserve makes room for n readable bytes from the first one not consumed
// on, when the caller knows that a PDU of n bytes starts there: its buffer
// then grows once, to the size it needs (from the Budget's spare buffers or
// its Buffers), rather than doubling as the segments come. The room has a
// few kilobytes more for the start of the next PDU, which the PDU's last
// segment often carries. Reserve does nothing for a PDU of 16 KiB or
// less, nor beyond the caps.
func (s *Stream) Reserve(n int) {
	if n <= idleBufferCap || n > s.max || s.eliding || cap(s.buf)-s.off >= n {
		return
	}
	s.Settle() // the bytes move to a buffer of the stream's own
	n += reserveSlack
	var nb []byte
	if b := s.cfg.Budget; b != nil {
		nb = b.getSpare(n)
	}
	if nb == nil {
		nb = make([]byte, 0, n)
	}
	old := s.buf
	s.buf = append(nb, old[s.off:]...)
	s.off = 0
	s.letGo(old)
}

// reserveSlack is the room Reserve adds after the PDU: the rest of a
// segment of the largest MTU in common use.
const reserveSlack = 9 << 10

// letGo gives up a buffer the stream moved out of: a small one is kept
// for when the large ones are gone, a large one goes to the Budget.
func (s *Stream) letGo(old []byte) {
	switch {
	case cap(old) == 0:
	case cap(old) <= idleBufferCap:
		if cap(old) > cap(s.small) {
			s.small = old[:0]
		}
	case s.cfg.Budget != nil:
		s.cfg.Budget.putSpare(old)
	}
}
