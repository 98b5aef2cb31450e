package wsframe

import (
	"errors"
	"math"
)

// windowSize is the largest LZ77 window DEFLATE uses (max_window_bits = 15).
// A smaller negotiated window needs no special care: the peer's compressor
// never refers further back than its own window.
const windowSize = 32 << 10

// deflateTail ends a message for inflation: the sync-flush marker RFC 7692
// §7.2.2 strips from every message, then an empty final stored block, so
// that a message ends cleanly after its last block. The decoder reads it
// after the message as if it had been sent, exactly as compress/flate read
// it before: input that ends inside a block decodes the tail as data.
var deflateTail = [...]byte{0x00, 0x00, 0xff, 0xff, 0x01, 0x00, 0x00, 0xff, 0xff}

// errDecompressedTooBig reports that a message inflates to more than the cap.
var errDecompressedTooBig = errors.New("decompressed size cap reached")

// inflateError is malformed DEFLATE data.
type inflateError string

// Error returns the description of the problem.
func (e inflateError) Error() string { return string(e) }

// The ways DEFLATE data can be malformed.
const (
	errUnexpectedEnd  inflateError = "deflate: unexpected end of data"
	errBlockType      inflateError = "deflate: reserved block type"
	errStoredLength   inflateError = "deflate: stored block length check failed"
	errCodeCounts     inflateError = "deflate: too many length or distance codes"
	errCodeLengths    inflateError = "deflate: invalid code lengths"
	errRepeatFirst    inflateError = "deflate: repeat of no previous code length"
	errRepeatTooLong  inflateError = "deflate: code length repeat beyond the codes"
	errBadSymbol      inflateError = "deflate: invalid symbol"
	errDistanceTooFar inflateError = "deflate: distance beyond the window"
)

// inflater decompresses the messages of one direction (RFC 1951 raw
// DEFLATE, RFC 7692 framing). It decodes straight into its output buffer;
// with context takeover it keeps the last windowSize bytes of output in a
// ring, which back-references reach into when they point before the start of
// the message. So a message costs a copy of its own output into the ring,
// never a copy of the whole window. The Huffman tables live in fixed arrays
// reused for every block, so that inflation does not allocate once the
// output buffer and the ring exist.
type inflater struct {
	takeover bool

	// The window of context takeover: win is a ring of windowSize bytes,
	// wlen bytes of it hold history, the newest byte just before wpos.
	// Until the history first fills it, win holds just the history
	// (len(win) == wlen == wpos), and grows with it.
	win  []byte
	wpos int
	wlen int

	// The decoding state of one call, which nothing carries from one
	// message to the next: its own, or a Scratch shared with the other
	// inflaters of a goroutine.
	*decoder
}

// decoder is the state of one inflate call: the output buffer, the input
// and the Huffman tables of the current block. It is about 10 KiB, and as
// large as the largest message inflated into it, so that the inflaters of
// many connections share one (Scratch) rather than each keeping its own.
type decoder struct {
	out  []byte  // reused output buffer
	bufs Buffers // Scratch.Buffers

	// Input of the current message: in, then deflateTail (tail is set once
	// in is deflateTail). bits holds nbits input bits not yet consumed,
	// first bit lowest. Above them bits may hold a copy of the next input
	// bits at pos: a refill ors the same bits in again, which is harmless.
	in    []byte
	pos   int
	tail  bool
	bits  uint64
	nbits uint

	// The literal/length and distance tables of the current block.
	lit  [litTableSize]uint32
	dist [distTableSize]uint32
	// litMin is the number of bits compress/flate wants available before it
	// decodes a literal/length symbol: the length of the end-of-block code
	// (or of the shortest code without one). Near the end of the input the
	// decoder fails as it does, even where a shorter literal would fit.
	litMin uint
	fixed  bool // lit and dist hold the fixed code (RFC 1951 §3.2.6)

	codeLen [1 << codeLenRootBits]uint32      // code length code of a dynamic header
	lens    [maxLitCodes + maxDistCodes]uint8 // code lengths of a dynamic header
}

// newInflater returns an inflater for a direction with or without context
// takeover. The window and the output buffer are allocated on first use.
// A Scratch shares the decoder among the inflaters; nil gives the inflater
// one of its own.
func newInflater(takeover bool, sc *Scratch) *inflater {
	if sc == nil {
		sc = new(Scratch)
	}
	sc.dec.bufs = sc.Buffers
	return &inflater{takeover: takeover, decoder: &sc.dec}
}

// Scratch is the space the Assemblers driven by one goroutine share to
// inflate messages (Config.Scratch): the decoding tables and the output
// buffer, which a direction needs only while one of its messages is
// inflated. Only its window (32 KiB with context takeover) stays with each
// direction. The zero value is ready to use; it must not be shared by
// Assemblers used concurrently.
type Scratch struct {
	// Buffers, when not nil, lends the space of large messages (more than
	// 16 KiB): inflated output and fragments joined grow into its buffers
	// and give it back those they outgrow, and Assembler.Take hands the
	// buffer a message lies in over to the caller rather than keeping it.
	Buffers Buffers
	dec     decoder
}

// Buffers lends and takes back large buffers (Scratch.Buffers).
type Buffers interface {
	// Get returns a buffer of length 0 and a capacity of at least n.
	Get(n int) []byte
	// Put takes back a buffer that nothing refers to any more; it may
	// keep it for a later Get, or let it go.
	Put(b []byte)
}

// largeBuffer is the size above which space comes from Scratch.Buffers.
const largeBuffer = 16 << 10

// grow returns b with room for n more bytes, in a buffer from bufs when
// that is large, giving b back to bufs then; its capacity at least
// doubles. Without bufs it is append's growth.
func grow(bufs Buffers, b []byte, n int) []byte {
	need := len(b) + n
	if need <= cap(b) {
		return b
	}
	if bufs == nil || need <= largeBuffer {
		return append(b, make([]byte, n)...)[:len(b)]
	}
	nb := append(bufs.Get(max(need, 2*cap(b))), b...)
	if cap(b) > largeBuffer {
		bufs.Put(b)
	}
	return nb
}

// inflate decompresses one message (without its sync-flush tail) and returns
// the output, valid until the next call. With an error the output holds what
// was inflated before it. At most limit bytes are produced; more is
// errDecompressedTooBig. After an error with context takeover the window no
// longer matches the peer's, so it is dropped: reset tells the caller.
func (f *inflater) inflate(compressed []byte, limit int64) (out []byte, reset bool, err error) {
	lim := int(min(max(limit, 0), math.MaxInt))
	out = f.out[:0]
	if cap(out) == 0 {
		// A first guess at the inflated size saves a few doublings. With
		// Buffers a doubling costs a copy, not an allocation, and the
		// guess is lower: incompressible data inflates to its own size.
		guess := min(max(4*len(compressed), 512), lim)
		if f.bufs != nil && 2*len(compressed) > largeBuffer {
			out = f.bufs.Get(min(2*len(compressed), lim))
		} else {
			out = make([]byte, 0, guess)
		}
	}
	f.in, f.pos, f.tail, f.bits, f.nbits = compressed, 0, false, 0, 0
	out, err = f.blocks(out, lim)
	f.in = nil // do not keep the caller's buffer alive
	f.out = out
	if f.takeover {
		if err != nil {
			reset = f.wlen > 0 || len(out) > 0
			f.forget()
		} else {
			f.remember(out)
		}
	}
	return out, reset, err
}

// remember appends the output of a message to the window.
func (f *inflater) remember(p []byte) {
	if len(p) == 0 {
		return
	}
	if f.wlen+len(p) <= windowSize && f.wpos == f.wlen && len(f.win) == f.wlen {
		// the history fits without wrapping: the window grows with it,
		// so that a connection of a few small messages keeps a few
		// hundred bytes of it, not 32 KiB
		if need := len(f.win) + len(p); need > cap(f.win) {
			w := make([]byte, len(f.win), min(max(2*cap(f.win), need, 256), windowSize))
			copy(w, f.win)
			f.win = w
		}
		f.win = append(f.win, p...)
		f.wpos, f.wlen = len(f.win), len(f.win)
		return
	}
	if len(f.win) < windowSize {
		w := make([]byte, windowSize)
		copy(w, f.win[:f.wlen])
		f.win = w
	}
	if len(p) >= windowSize {
		copy(f.win, p[len(p)-windowSize:])
		f.wpos, f.wlen = 0, windowSize
		return
	}
	n := copy(f.win[f.wpos:], p)
	copy(f.win, p[n:])
	f.wpos = (f.wpos + len(p)) % windowSize
	f.wlen = min(f.wlen+len(p), windowSize)
}

// fromWindow copies into p the history that starts back bytes before the
// current message (1 <= back <= f.wlen), at most back bytes since the rest
// is in the message itself, and returns how many it copied.
func (f *inflater) fromWindow(p []byte, back int) int {
	p = p[:min(len(p), back)]
	s := f.wpos - back
	if s < 0 {
		s += windowSize
	}
	n := copy(p, f.win[s:])
	copy(p[n:], f.win)
	return len(p)
}

// forget drops the window, e.g. after a gap in the stream.
func (f *inflater) forget() {
	f.wpos, f.wlen = 0, 0
	if len(f.win) < windowSize {
		f.win = f.win[:0]
	}
}

// reserve returns out with room for n more bytes, where len(out)+n <= lim:
// its capacity doubles (to at least 512) but never grows beyond lim. A
// large one comes from Scratch.Buffers, when set, and the one it outgrew
// goes back there.
func (d *decoder) reserve(out []byte, n, lim int) []byte {
	if len(out)+n <= cap(out) {
		return out
	}
	c := max(2*cap(out), 512, len(out)+n)
	if c > lim/2 {
		// The next doubling would be cut to lim: go there at once rather
		// than allocate twice, so a message that meets the cap costs less
		// than twice the cap in all.
		c = lim
	}
	if d.bufs != nil && c > largeBuffer {
		nb := append(d.bufs.Get(c), out...)
		if cap(out) > largeBuffer {
			d.bufs.Put(out)
		}
		return nb
	}
	nb := make([]byte, len(out), c)
	copy(nb, out)
	return nb
}
