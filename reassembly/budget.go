package reassembly

// DefaultMaxBufferedBytes is the per-direction cap used when
// Config.MaxBufferedBytes is zero (16 MiB); wsdissect.Options uses it too.
const DefaultMaxBufferedBytes = 16 << 20

// Config sets the limits of one Stream. The zero value is usable.
type Config struct {
	// MaxBufferedBytes caps what one direction holds: out-of-order bytes
	// waiting for a hole to fill plus readable bytes not consumed yet.
	// Zero means DefaultMaxBufferedBytes. It also caps the segments the
	// direction keeps track of (held out of order, or carrying bytes not
	// consumed yet) at one per SegmentCost bytes of it, so that a flood of
	// tiny segments costs no more memory and time than the cap allows.
	MaxBufferedBytes int
	// Budget, when not nil, is a cap shared by every Stream pointing to it
	// (for example all streams of one capture), checked in addition to
	// MaxBufferedBytes.
	Budget *Budget
	// FramesOnly leaves PDU.Pieces nil: Consume lists the frames of a PDU
	// (tcp.segment, tcp.reassembled_in) without each one's part of it (the
	// lines of a reassembly tree), which a caller that shows no tree need
	// not pay for.
	FramesOnly bool
}

// Budget is a byte budget shared by several Streams. A Stream charges the
// bytes it holds to the budget and gives them back when they are consumed,
// skipped or flushed. Like Stream, a Budget is not safe for concurrent use:
// the Streams sharing it must be driven from one goroutine.
type Budget struct {
	// Max is the most bytes all streams together may hold; zero or less
	// means no limit.
	Max  int
	used int
	// Buffers, when not nil, lends the streams the buffers of large PDUs
	// (more than 16 KiB) when the budget keeps no spare one that fits,
	// and takes back those that Stream.Take handed over, once their
	// holder is done with them: buffers then go round between the streams
	// and whatever keeps the PDUs, rather than being allocated for each.
	// It may be shared by the Budgets of several goroutines, and must then
	// be safe for concurrent use.
	Buffers Buffers
	// spare holds large buffers that idle streams gave back, for the next
	// stream that needs one, so big PDUs do not churn the heap.
	spare      [][]byte
	spareBytes int
	// small holds the buffers of at most idleBufferCap bytes that streams
	// gave back once every byte in them was consumed: an idle stream keeps
	// no buffer, and the next one that needs one takes it from here.
	small [][]byte
}

// maxSmallBuffers bounds Budget.small: enough for the streams that hold a
// partial PDU at a time on a busy capture.
const maxSmallBuffers = 256

// Buffers lends and takes back large buffers (Budget.Buffers).
type Buffers interface {
	// Get returns a buffer of length 0 and a capacity of at least n.
	Get(n int) []byte
	// Put takes back a buffer from Get that nothing refers to any more;
	// it may keep it for a later Get, or let it go.
	Put(b []byte)
}

// Bounds of a Budget's spare buffers.
const (
	maxSpareBuffers = 8
	maxSpareBytes   = 8 << 20
)

// putSpare keeps buf for reuse when the bounds allow. When every place is
// taken, buf replaces the smallest buffer kept if it is larger: buffers
// that streams swapped for larger ones come back here too, and they must
// not crowd out the large ones.
func (b *Budget) putSpare(buf []byte) {
	if len(b.spare) == maxSpareBuffers {
		i := 0
		for j, s := range b.spare {
			if cap(s) < cap(b.spare[i]) {
				i = j
			}
		}
		if cap(b.spare[i]) >= cap(buf) {
			return
		}
		b.takeSpare(i)
	}
	if b.spareBytes+cap(buf) <= maxSpareBytes {
		b.spare = append(b.spare, buf[:0])
		b.spareBytes += cap(buf)
	}
}

// getSpare returns the smallest kept buffer of at least n bytes of
// capacity, else one from Buffers for a large PDU, or nil.
func (b *Budget) getSpare(n int) []byte {
	if n <= idleBufferCap {
		if k := len(b.small); k > 0 && cap(b.small[k-1]) >= n {
			buf := b.small[k-1]
			b.small[k-1] = nil
			b.small = b.small[:k-1]
			return buf
		}
	}
	if buf := b.keptSpare(n); buf != nil || b.Buffers == nil || n <= idleBufferCap {
		return buf
	}
	return b.Buffers.Get(n)
}

// putSmall keeps a small buffer an idle stream gave back, when there is
// room.
func (b *Budget) putSmall(buf []byte) {
	if len(b.small) < maxSmallBuffers {
		b.small = append(b.small, buf[:0])
	}
}

// keptSpare returns the smallest kept buffer of at least n bytes of
// capacity, or nil.
func (b *Budget) keptSpare(n int) []byte {
	best := -1
	for i, buf := range b.spare {
		if cap(buf) >= n && (best < 0 || cap(buf) < cap(b.spare[best])) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	return b.takeSpare(best)
}

// takeSpare removes the kept buffer at i and returns it.
func (b *Budget) takeSpare(i int) []byte {
	buf := b.spare[i]
	last := len(b.spare) - 1
	b.spare[i] = b.spare[last]
	b.spare[last] = nil
	b.spare = b.spare[:last]
	b.spareBytes -= cap(buf)
	return buf
}

// Used reports how many bytes the streams sharing b hold now.
func (b *Budget) Used() int { return b.used }

// room reports how many more bytes b accepts.
func (b *Budget) room() int {
	if b.Max <= 0 {
		return int(^uint(0) >> 1)
	}
	return b.Max - b.used
}

// SegmentCost is how many bytes of Config.MaxBufferedBytes each segment a
// Stream keeps track of uses up at least: a Stream keeps at most
// MaxBufferedBytes/SegmentCost segments (and never fewer than 16).
const SegmentCost = 1024

func (c Config) maxSegments() int { return max(c.maxBuffered()/SegmentCost, 16) }

func (c Config) maxBuffered() int {
	if c.MaxBufferedBytes <= 0 {
		return DefaultMaxBufferedBytes
	}
	return c.MaxBufferedBytes
}
