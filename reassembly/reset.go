package reassembly

// maxKeptSegments bounds the segment lists (pieces, their sorted copy and
// frame list) that Reset keeps: room for a PDU of about a megabyte in
// MSS-sized segments, so recycled streams hold a few tens of kilobytes each.
const maxKeptSegments = 1024

// Reset empties s for a new direction with configuration cfg, as NewStream
// would, but keeps its storage, up to a bound: a pipeline that recycles the
// streams of ended connections does not allocate for the next ones. The
// bytes s still holds are dropped and their charge given back to its
// Budget.
func (s *Stream) Reset(cfg Config) {
	if b := s.cfg.Budget; b != nil {
		b.used -= s.charged
	}
	spare := s.spare
	for _, h := range s.held {
		if len(spare) < maxSpare && cap(h.data) > 0 && cap(h.data) <= maxSpareCap {
			spare = append(spare, h.data[:0])
		}
	}
	clear(s.held)
	if s.lent {
		s.unlend() // its bytes are dropped
	}
	buf := s.buf[:0]
	if cap(buf) > idleBufferCap {
		if b := cfg.Budget; b != nil {
			b.putSpare(buf)
		}
		buf = s.small[:0]
	}
	*s = Stream{
		cfg:     cfg,
		max:     cfg.maxBuffered(),
		maxSegs: cfg.maxSegments(),
		buf:     buf,
		pieces:  keepSegments(s.pieces),
		held:    keepSegments(s.held),
		spare:   spare,
		frames:  keepSegments(s.frames),
		sorted:  keepSegments(s.sorted),
		parts:   keepSegments(s.parts),
	}
}

// keepSegments empties a segment list, or lets it go when it is too large
// to keep.
func keepSegments[T any](s []T) []T {
	if cap(s) > maxKeptSegments {
		return nil
	}
	return s[:0]
}
