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
	// Overlap is set for a retransmission: it carried bytes the stream
	// already had ("[Segment overlap: True]").
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

// Consume marks the first n readable bytes as one PDU and returns its
// attribution. n counts elided bytes too (see Elide) and is clamped to
// Readable(); Consume(0) returns the zero PDU.
func (s *Stream) Consume(n int) PDU {
	n = min(n, s.Readable())
	if n <= 0 {
		return PDU{}
	}
	start := s.base
	end := start + uint32(n)
	sorted := s.sorted[:0]
	var ready uint64
	for _, p := range s.pieces {
		if seqDiff(p.end, start) <= 0 || seqDiff(p.seq, end) >= 0 {
			continue
		}
		if !p.dup && seqDiff(p.from, end) < 0 && seqDiff(p.end, end) >= 0 {
			ready = p.ready // this piece made the PDU's last byte readable
		}
		sp := sortedPiece{off: seqMax(p.seq, start) - start, at: seqMax(p.seq, start) - p.seq, arrival: p.arrival, frame: p.frame}
		sp.n = uint32(max(seqDiff(seqMin(p.end, end), seqMax(p.seq, start)), 0))
		sp.dup = p.dup
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
		for _, sp := range sorted {
			pieces = append(pieces, Piece{Frame: sp.frame, Offset: int(sp.off), Length: int(sp.n), At: int(sp.at), Overlap: sp.dup})
		}
		s.parts = pieces
	}
	s.advance(n)
	return PDU{Frames: frames, Length: n, Frame: ready, Multi: len(frames) > 1, Pieces: pieces}
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
	if s.off == len(s.buf) {
		s.buf = s.buf[:0]
		s.off = 0
		if cap(s.buf) > idleBufferCap {
			// an idle direction must not pin the buffer of its largest PDU;
			// a shared Budget keeps it for the next stream that needs one
			// (Bytes' result stays intact until that stream's next Add)
			if b := s.cfg.Budget; b != nil {
				b.putSpare(s.buf)
			}
			s.buf = nil
		}
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
