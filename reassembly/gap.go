package reassembly

// SkipResult tells what Skip threw away.
type SkipResult struct {
	// Skipped is the number of readable bytes dropped.
	Skipped int
	// Gap is the number of missing bytes jumped over (a hole that was
	// never filled).
	Gap int
	// Frames are the frames whose bytes are now all gone without being
	// part of a PDU. The slice is valid until the next Consume or Skip.
	Frames []uint64
}

// FlushResult tells what Flush released.
type FlushResult struct {
	// Dropped is the number of readable bytes thrown away because a hole
	// follows them: they started a PDU that can never complete.
	Dropped int
	// Gap is the number of missing bytes jumped over.
	Gap int
	// Released is the number of held out-of-order bytes made readable.
	Released int
}

// Hole reports the size of the hole before the first held out-of-order
// segment, or 0 when nothing is held.
func (s *Stream) Hole() int {
	if len(s.held) == 0 {
		return 0
	}
	return int(s.held[0].seq - s.next)
}

// Skip drops the first n readable bytes without making them a PDU, to
// resynchronise after bytes the consumer cannot parse. n counts elided
// bytes too (see Elide). When n is larger than Readable() and segments are
// held after a hole, Skip also jumps over that hole (reported as Gap) and
// makes the held bytes readable.
func (s *Stream) Skip(n int) SkipResult {
	var r SkipResult
	if n <= 0 {
		return r
	}
	k := min(n, s.Readable())
	r.Skipped = k
	before := s.frames[:0]
	for _, p := range s.pieces {
		before = append(before, p.frame)
	}
	s.advance(k)
	// Frames no longer pending are those skipped.
	r.Frames = before[:0]
	for _, f := range before {
		if !s.hasPiece(f) {
			r.Frames = append(r.Frames, f)
		}
	}
	s.frames = r.Frames
	if n > k && len(s.held) > 0 {
		r.Gap = s.jump()
		var ar AddResult
		s.release(s.held[0].frame, &ar)
		s.releaseHeldFrames()
		s.account()
	}
	return r
}

func (s *Stream) hasPiece(frame uint64) bool {
	for _, p := range s.pieces {
		if p.frame == frame {
			return true
		}
	}
	return false
}

// jump moves the stream past the hole before the first held segment and
// returns its size. It is only called with no readable bytes left.
func (s *Stream) jump() int {
	gap := int(s.held[0].seq - s.next)
	s.next = s.held[0].seq
	s.base = s.next
	s.trimElision()
	return gap
}

// releaseHeldFrames gives each piece released from a jump its own frame as
// the frame that made it readable: no later Add did.
func (s *Stream) releaseHeldFrames() {
	for i := range s.pieces {
		s.pieces[i].ready = s.pieces[i].frame
	}
}

// Flush releases what the first hole holds back, at the end of the capture
// or when the direction ends (FIN, RST): the readable bytes before the hole
// are dropped (they start a PDU that can never complete), the hole is
// jumped over and the held bytes after it become readable, up to the next
// hole. With nothing held, Flush leaves the readable bytes as they are.
// Consume the complete PDUs before calling Flush, and call it again while
// Hole reports another hole.
func (s *Stream) Flush() FlushResult {
	s.Settle()
	var r FlushResult
	if len(s.held) == 0 {
		return r
	}
	r.Dropped = s.dropReadable()
	r.Gap = s.jump()
	var ar AddResult
	s.release(s.held[0].frame, &ar)
	r.Released = ar.Delivered
	s.releaseHeldFrames()
	s.account()
	return r
}
