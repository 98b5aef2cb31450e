package reassembly

// maxElide is the longest range Elide accepts: sequence number arithmetic
// holds only within 2^31 bytes of the first readable byte.
const maxElide = 1 << 30

// Readable reports how many bytes are readable: every in-order byte not
// consumed yet, elided ones included (see Elide). Without Elide it equals
// len(Bytes()).
func (s *Stream) Readable() int { return int(s.next - s.base) }

// Elide tells the stream that the readable offsets [from, to), counted from
// the first byte of Bytes, will be consumed without being read, so that a
// consumer needing a PDU's header but not its payload does not buffer the
// payload. The bytes of the range already held are dropped and those still
// to come are counted (AddResult.Delivered, Readable) but not stored. Bytes
// then returns the readable bytes with the range cut out, and Consume and
// Skip count elided bytes (n up to Readable()). PDUs, Pending and the counts
// reported are the ones a Stream without Elide gives, except that elided
// bytes take no room under the caps (an elided PDU may be far larger than
// Config.MaxBufferedBytes; its segments still count toward the limit of
// tracked segments, since PDU.Frames lists them all) and that retransmitted
// elided bytes cannot be checked for AddResult.Conflict.
//
// from must be at most len(Bytes()) and to larger than from, else Elide
// does nothing. to may lie far beyond the bytes that arrived; a range longer
// than 1 GiB is cut to 1 GiB, as sequence numbers wrap at 4 GiB. One range
// at a time: while one is elided, Elide does nothing, so a consumer that
// parses the same header again after every Add may repeat the call.
//
// The elision ends once its last byte is consumed, skipped or dropped
// (Flush, AddResult.Dropped). Its bytes are never stored, not even those of
// out-of-order segments, so when Flush or Skip jumps over a hole into the
// middle of the range, or a cap drops the readable bytes before its end,
// the rest of it stays elided: Readable() then exceeds len(Bytes()), and a
// consumer that lost its place must pass over Readable() bytes, not
// len(Bytes()).
func (s *Stream) Elide(from, to int) {
	if s.eliding || from < 0 || from > len(s.buf)-s.off || to <= from {
		return
	}
	if s.lent && to < len(s.buf)-s.off {
		s.Settle() // bytes after the range move: not in the lent payload
	}
	to = min(to, from+maxElide)
	s.eliding = true
	s.elFrom = s.base + uint32(from)
	s.elTo = s.base + uint32(to)
	if stored := len(s.buf) - s.off; from < stored {
		// all of it arrived, or its first bytes: cut them out now
		n := copy(s.buf[s.off+from:], s.buf[s.off+min(to, stored):])
		s.buf = s.buf[:s.off+from+n]
	}
	for i := range s.held {
		h := &s.held[i]
		if seqDiff(h.seq, s.elTo) >= 0 {
			break // sorted: the rest lie after the range
		}
		// held segments keep all their bytes while nothing is elided
		k := s.elidedFrom(h.seq, len(h.data))
		n := copy(h.data, h.data[k:])
		h.data = h.data[:n]
		s.heldBytes -= k
	}
	s.account()
}

// elidedFrom reports how many of the n bytes from sequence number seq on
// are elided, for seq at or after next: the elided ones come first.
func (s *Stream) elidedFrom(seq uint32, n int) int {
	if !s.eliding || seqDiff(s.elTo, seq) <= 0 {
		return 0
	}
	return min(n, int(s.elTo-seq))
}

// elidedBefore reports how many readable bytes before sequence number seq
// (at most next) are elided.
func (s *Stream) elidedBefore(seq uint32) int {
	if !s.eliding || seqDiff(seq, s.elFrom) <= 0 {
		return 0
	}
	return int(seqMin(seq, s.elTo) - s.elFrom)
}

// index returns where in buf the stored readable byte of sequence number
// seq is.
func (s *Stream) index(seq uint32) int {
	return s.off + int(seq-s.base) - s.elidedBefore(seq)
}

// trimElision keeps the elided range inside the readable bytes once base
// moved: what base passed is no longer elided.
func (s *Stream) trimElision() {
	switch {
	case !s.eliding:
	case seqDiff(s.base, s.elTo) >= 0:
		s.eliding = false
	case seqDiff(s.base, s.elFrom) > 0:
		s.elFrom = s.base
	}
}
