package reassembly

// Flags are the TCP flags that matter to reassembly.
type Flags uint8

// The flags Add understands. SYN takes one sequence number and fixes the
// initial sequence number; FIN and RST are recorded (see Closed) and leave
// the byte stream as it is: call Flush when a direction ends.
const (
	SYN Flags = 1 << iota
	FIN
	RST
)

// AddResult tells what Add did with one segment.
type AddResult struct {
	// Duplicate is the number of payload bytes that were already seen
	// (retransmitted or overlapping bytes); they are not delivered again.
	Duplicate int
	// Conflict is set when some duplicate bytes differ from the bytes first
	// seen for the same sequence numbers (Wireshark's
	// tcp.segment.overlap.conflict). The first bytes seen win.
	Conflict bool
	// Buffered is set when the segment starts after a hole: it is held,
	// out of order, until the hole fills (or Flush or Skip jump over it).
	Buffered bool
	// Delivered is the number of new bytes this call made readable: this
	// segment's own and those of held segments it made contiguous.
	Delivered int
	// CapHit is set when a cap (Config.MaxBufferedBytes or Config.Budget)
	// was reached; Dropped says what that cost.
	CapHit bool
	// Dropped is the number of bytes the stream moved past because of a
	// cap: readable bytes not consumed yet and in-order bytes that did not
	// fit. When Dropped is not zero the readable bytes no longer continue
	// what was read before: the consumer must resynchronise.
	Dropped int
	// Refused is the number of out-of-order bytes that could not be held
	// because of a cap. They leave a hole that a retransmission may fill.
	Refused int
}

// Stream is one direction of a TCP connection: it turns segments, in any
// order, into the ordered bytes of that direction and remembers which
// capture frames carried which bytes. A Stream is not safe for concurrent
// use.
type Stream struct {
	cfg     Config
	max     int
	maxSegs int // most pieces and held segments kept
	started bool
	closed  Flags

	// next is the sequence number of the next in-order byte: every byte
	// before it was readable once.
	next uint32
	// buf[off:] are the readable bytes not consumed yet, from sequence
	// number base up to next, less the elided ones.
	buf  []byte
	off  int
	base uint32
	// small is a buffer of at most idleBufferCap bytes kept while buf is a
	// large one, to go back to when the large one is given up; taking is
	// set while Take consumes, so that the large one is not given up then.
	small  []byte
	taking bool
	// lent is set while buf is a payload lent by the caller (Lend), which
	// the stream reads but never writes to; owned is then the stream's
	// own buffer, empty, to go back to.
	lent  bool
	owned []byte

	// pieces are the segments that carried readable bytes not consumed
	// yet, in arrival order.
	pieces []piece
	// held are out-of-order segments, sorted by sequence number then
	// arrival; heldBytes is the sum of the bytes they store.
	held      []heldSegment
	heldBytes int
	spare     [][]byte // data buffers of released held segments, for reuse

	arrivals uint64 // counts Add calls; orders segments of equal offset
	charged  int    // bytes charged to cfg.Budget

	// scratch for Consume and Skip results.
	frames []uint64
	sorted []sortedPiece
	parts  []Piece // PDU.Pieces

	// pendFrame is the lowest frame of pieces and held (Pending) while
	// pendOK; adding a segment keeps it up to date, removing some makes it
	// stale, to be looked for again: a PDU of thousands of segments must not
	// cost a scan of them all for every one.
	pendFrame uint64
	pendOK    bool
	pendStale bool

	// While eliding, the bytes of sequence numbers [elFrom, elTo) are
	// counted but never stored (see Elide); base <= elFrom <= next.
	eliding      bool
	elFrom, elTo uint32
}

// piece is one segment's share of the readable bytes.
type piece struct {
	seq, end uint32 // the whole segment, overlap with earlier bytes included
	from     uint32 // where its new bytes start (== end when dup)
	frame    uint64 // the frame that carried it
	ready    uint64 // the frame of the Add call that made its bytes readable
	arrival  uint64
	dup      bool // carried no new bytes: retransmitted while a PDU was open
}

// heldSegment is an out-of-order segment waiting for a hole to fill.
type heldSegment struct {
	seq     uint32
	length  int // the whole segment
	frame   uint64
	arrival uint64
	// data are the segment's last len(data) bytes: the first ones are not
	// kept when they are elided.
	data []byte
}

// NewStream returns an empty Stream with the given limits.
func NewStream(cfg Config) *Stream {
	s := new(Stream)
	s.Reset(cfg)
	return s
}

// Closed reports the FIN and RST flags seen so far.
func (s *Stream) Closed() Flags { return s.closed }

// Buffered reports how many bytes the stream holds: readable bytes not
// consumed yet plus out-of-order bytes, elided bytes excepted.
func (s *Stream) Buffered() int { return len(s.buf) - s.off + s.heldBytes }

// Bytes returns the readable bytes not consumed yet: every byte up to the
// first hole, across as many segments as it takes, less an elided range
// (see Elide). The slice belongs to the Stream and stays valid until the
// next call to Add, Consume, Skip, Flush or Elide. Add always copies the
// payload it is given, so callers may reuse their packet buffers as soon as
// Add returns.
func (s *Stream) Bytes() []byte { return s.buf[s.off:] }

// Add hands the stream one segment: its absolute sequence number, its
// payload, the capture frame number that carried it and its flags. The
// payload is copied where it must be kept; Add does not retain it.
//
// The first segment fixes the initial sequence number: a SYN (whose
// payload, if any, starts at seq+1) or else whatever segment comes first,
// so that a connection first seen mid-stream works. In-order bytes become
// readable at once; bytes after a hole are held until it fills;
// retransmitted and overlapping bytes are delivered once.
func (s *Stream) Add(seq uint32, payload []byte, frame uint64, flags Flags) AddResult {
	s.Settle()
	var r AddResult
	s.arrivals++
	if flags&SYN != 0 {
		seq++ // the SYN takes one sequence number
		if !s.started {
			s.start(seq)
		}
	}
	s.closed |= flags & (FIN | RST)
	if !s.started {
		s.start(seq)
	}
	if len(payload) == 0 {
		return r
	}
	if len(payload) > 1<<30 {
		// No real segment comes near; keep serial arithmetic sound.
		r.CapHit = true
		r.Refused = len(payload)
		return r
	}
	end := seq + uint32(len(payload))
	switch {
	case seqDiff(end, s.next) <= 0:
		s.duplicate(seq, payload, frame, &r)
	case seqDiff(seq, s.next) > 0:
		s.hold(seq, payload, frame, &r)
	default:
		if s.segments() >= s.maxSegs {
			// Too many segments carry the bytes not consumed yet.
			r.CapHit = true
			r.Dropped += s.dropReadable()
		}
		s.deliver(seq, len(payload), payload, frame, frame, s.arrivals, &r)
		s.release(frame, &r)
	}
	s.account()
	return r
}

func (s *Stream) start(seq uint32) {
	s.started = true
	s.next = seq
	s.base = seq
}

// duplicate handles a segment whose bytes were all seen before. While a PDU
// is open (readable bytes wait to be consumed) and the segment falls in it,
// it joins that PDU, as Wireshark adds it to the open multi-segment PDU.
func (s *Stream) duplicate(seq uint32, payload []byte, frame uint64, r *AddResult) {
	r.Duplicate = len(payload)
	r.Conflict = s.conflicts(seq, payload)
	if s.next != s.base && seqDiff(seq, s.base) >= 0 && s.segments() < s.maxSegs {
		end := seq + uint32(len(payload))
		s.pieces = append(s.pieces, piece{seq: seq, end: end, from: end,
			frame: frame, ready: frame, arrival: s.arrivals, dup: true})
		s.notePending(frame)
	}
}

// conflicts reports whether data, the bytes from sequence number seq on,
// differ from the readable bytes still stored for the same sequence
// numbers. Elided bytes are not stored: they cannot be compared.
func (s *Stream) conflicts(seq uint32, data []byte) bool {
	lo, hi := seqMax(seq, s.base), s.next
	if end := seq + uint32(len(data)); seqDiff(end, hi) < 0 {
		hi = end
	}
	if !s.eliding {
		return s.differ(seq, data, lo, hi)
	}
	return s.differ(seq, data, lo, seqMin(hi, s.elFrom)) ||
		s.differ(seq, data, seqMax(lo, s.elTo), hi)
}

// differ reports whether the bytes of data (from seq on) and of the
// stored readable bytes differ in [lo, hi), a range that both hold.
func (s *Stream) differ(seq uint32, data []byte, lo, hi uint32) bool {
	if seqDiff(hi, lo) <= 0 {
		return false
	}
	i := s.index(lo)
	return string(s.buf[i:i+int(hi-lo)]) != string(data[lo-seq:hi-seq])
}

// deliver makes the new bytes of an in-order segment of n bytes readable
// (seq <= next < seq+n). data are the segment's last len(data) bytes: a
// held segment does not keep its elided bytes.
func (s *Stream) deliver(seq uint32, n int, data []byte, frame, ready, arrival uint64, r *AddResult) {
	end := seq + uint32(n)
	if overlap := int(s.next - seq); overlap > 0 {
		r.Duplicate += overlap
		if s.conflicts(end-uint32(len(data)), data) {
			r.Conflict = true
		}
	}
	fresh := int(end - s.next)
	stored := fresh - s.elidedFrom(s.next, fresh)
	if stored > s.room() {
		r.CapHit = true
		r.Dropped += s.dropReadable()
		if stored > s.room() {
			// Even an empty buffer cannot take it: jump past these bytes.
			r.Dropped += fresh
			s.next = end
			s.base = s.next
			s.trimElision()
			return
		}
	}
	s.store(data[len(data)-stored:])
	s.pieces = append(s.pieces, piece{seq: seq, end: end, from: s.next,
		frame: frame, ready: ready, arrival: arrival})
	s.notePending(frame)
	s.next = end
	r.Delivered += fresh
}

// store appends b to the stored readable bytes.
func (s *Stream) store(b []byte) {
	stored := len(b)
	if s.off > 0 && cap(s.buf)-len(s.buf) < stored {
		k := copy(s.buf, s.buf[s.off:])
		s.buf = s.buf[:k]
		s.off = 0
	}
	if need := len(s.buf) + stored; need > cap(s.buf) && s.cfg.Budget != nil {
		// grow into a buffer an idle stream gave back, room to spare: a
		// stream whose large PDUs leave it idle in between does not grow
		// a new buffer for each
		if nb := s.cfg.Budget.getSpare(need); nb != nil {
			// b may lie in nb, the consumed bytes of another stream
			// (a TLS record decrypted in place): it moves first, with
			// copy's overlap-safe semantics, then the bytes held before it
			old := s.buf
			nb = nb[:len(old)+stored]
			copy(nb[len(old):], b)
			copy(nb, old)
			s.buf = nb
			// the smaller buffer serves the next stream that needs one:
			// streams that take turns with a large buffer (a TLS
			// direction and its decrypted stream) must not grow a small
			// one anew each time
			s.letGo(old)
			return
		}
	}
	if stored > 0 {
		// with a Budget the buffer grew above, from its spares and pool
		if need := len(s.buf) + stored; need > cap(s.buf) && s.cfg.Budget == nil {
			s.grow(need)
		}
		s.buf = append(s.buf, b...)
	}
}

// grow gives the buffer room for need bytes, doubling it at least: a
// large PDU that arrives in segments (or in TLS records) is copied a few
// times as it grows, not at each step of append's growth (a quarter, for
// large slices), and the buffer holds at most twice what is stored. The
// smaller buffer serves the next stream that needs one.
func (s *Stream) grow(need int) {
	old := s.buf
	nb := make([]byte, len(old), max(need, 2*cap(old)))
	copy(nb, old)
	s.buf = nb
	if b := s.cfg.Budget; b != nil && cap(old) > idleBufferCap {
		b.putSpare(old)
	}
}

// room reports how many more bytes the caps allow the stream to hold.
func (s *Stream) room() int {
	room := s.max - s.Buffered()
	if b := s.cfg.Budget; b != nil && b.Max > 0 { // no limit: b.room()+s.charged would overflow
		// Bytes already charged stay ours: the budget's room is shared.
		if br := b.room() + s.charged - s.Buffered(); br < room {
			room = br
		}
	}
	return room
}

// dropReadable throws away the readable bytes not consumed yet and returns
// how many there were, elided ones included.
func (s *Stream) dropReadable() int {
	n := s.Readable()
	s.buf = s.buf[:0]
	s.off = 0
	s.base = s.next
	s.trimElision()
	s.pieces = s.pieces[:0]
	s.pendStale = true
	return n
}

// hold keeps a copy of an out-of-order segment until its hole fills.
func (s *Stream) hold(seq uint32, payload []byte, frame uint64, r *AddResult) {
	// It starts after next, so only its first bytes can be elided.
	keep := payload[s.elidedFrom(seq, len(payload)):]
	if len(keep) > s.room() || s.segments() >= s.maxSegs {
		r.CapHit = true
		r.Refused += len(payload)
		return
	}
	var data []byte
	if len(keep) > 0 {
		data = s.spareBuffer(len(keep))
		copy(data, keep)
	}
	h := heldSegment{seq: seq, length: len(payload), frame: frame, arrival: s.arrivals, data: data}
	i := len(s.held)
	for i > 0 && seqDiff(s.held[i-1].seq, seq) > 0 {
		i--
	}
	s.held = append(s.held, heldSegment{})
	copy(s.held[i+1:], s.held[i:])
	s.held[i] = h
	s.notePending(frame)
	s.heldBytes += len(data)
	r.Buffered = true
}

// A Stream keeps up to maxSpare buffers of released held segments, of at
// most maxSpareCap bytes each, so that holding out-of-order segments again
// does not allocate; larger ones are left to the garbage collector.
const (
	maxSpare    = 16
	maxSpareCap = 4 << 10
)

// spareBuffer returns a buffer of n bytes, reusing released ones.
func (s *Stream) spareBuffer(n int) []byte {
	for i := len(s.spare) - 1; i >= 0; i-- {
		if b := s.spare[i]; cap(b) >= n {
			s.spare[i] = s.spare[len(s.spare)-1]
			s.spare = s.spare[:len(s.spare)-1]
			return b[:n]
		}
	}
	if n < 512 {
		// a tiny segment must not pin a large buffer
		return make([]byte, n)
	}
	return make([]byte, n, max(n, 2048))
}

// segments reports how many segments the stream keeps track of.
func (s *Stream) segments() int { return len(s.pieces) + len(s.held) }

// release moves held segments that became contiguous into the readable
// bytes; ready is the frame whose Add made them readable.
func (s *Stream) release(ready uint64, r *AddResult) {
	i := 0
	for ; i < len(s.held) && seqDiff(s.held[i].seq, s.next) <= 0; i++ {
		h := s.held[i]
		s.heldBytes -= len(h.data)
		if end := h.seq + uint32(h.length); seqDiff(end, s.next) <= 0 {
			r.Duplicate += h.length
			if s.conflicts(end-uint32(len(h.data)), h.data) {
				r.Conflict = true
			}
		} else {
			s.deliver(h.seq, h.length, h.data, h.frame, ready, h.arrival, r)
		}
		if len(s.spare) < maxSpare && cap(h.data) > 0 && cap(h.data) <= maxSpareCap {
			s.spare = append(s.spare, h.data[:0])
		}
	}
	if i > 0 {
		// one move for all the segments released, not one per segment
		n := copy(s.held, s.held[i:])
		clear(s.held[n:])
		s.held = s.held[:n]
		s.pendStale = true
	}
}

// account charges the bytes the stream holds to the shared budget.
func (s *Stream) account() {
	if b := s.cfg.Budget; b != nil {
		n := s.Buffered()
		b.used += n - s.charged
		s.charged = n
	}
}

// Pending reports the lowest frame number whose bytes are not all consumed
// yet: readable bytes waiting for Consume, or held out-of-order bytes.
// ok is false when the stream holds nothing. A pipeline that must print a
// frame's tcp.reassembled_in holds back that frame's record until Pending
// moves past it.
func (s *Stream) Pending() (frame uint64, ok bool) {
	if s.pendStale {
		s.pendStale, s.pendOK, s.pendFrame = false, false, 0
		for _, p := range s.pieces {
			s.notePending(p.frame)
		}
		for _, h := range s.held {
			s.notePending(h.frame)
		}
	}
	return s.pendFrame, s.pendOK
}

// notePending takes a segment of frame into account for Pending.
func (s *Stream) notePending(frame uint64) {
	if !s.pendStale && (!s.pendOK || frame < s.pendFrame) {
		s.pendFrame, s.pendOK = frame, true
	}
}
