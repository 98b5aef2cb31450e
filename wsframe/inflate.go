package wsframe

import (
	"compress/flate"
	"errors"
	"io"
)

// windowSize is the largest LZ77 window DEFLATE uses (max_window_bits = 15).
// A smaller negotiated window needs no special care: the peer's compressor
// never refers further back than its own window.
const windowSize = 32 << 10

// deflateTail ends a message for inflation: the sync-flush marker RFC 7692
// §7.2.2 strips from every message, then an empty final stored block so that
// the flate reader reports a clean io.EOF instead of waiting for more blocks.
var deflateTail = [...]byte{0x00, 0x00, 0xff, 0xff, 0x01, 0x00, 0x00, 0xff, 0xff}

// errDecompressedTooBig reports that a message inflates to more than the cap.
var errDecompressedTooBig = errors.New("decompressed size cap reached")

// inflater decompresses the messages of one direction. One flate reader is
// reset for every message; with context takeover the last 32 KiB of output
// are handed to it as the preset dictionary, which is exactly the state a
// sync flush leaves behind, so messages inflate one by one.
type inflater struct {
	fr       io.ReadCloser // a flate reader; also a flate.Resetter
	src      messageSource
	takeover bool
	window   []byte // the last windowSize bytes of output, with takeover
	out      []byte // reused output buffer
}

func newInflater(takeover bool) *inflater {
	return &inflater{takeover: takeover}
}

// inflate decompresses one message (without its sync-flush tail) and returns
// the output, valid until the next call. With an error the output holds what
// was inflated before it. At most limit bytes are produced; more is
// errDecompressedTooBig. After an error with context takeover the window no
// longer matches the peer's, so it is dropped: reset tells the caller.
func (f *inflater) inflate(compressed []byte, limit int64) (out []byte, reset bool, err error) {
	f.src = messageSource{parts: [2][]byte{compressed, deflateTail[:]}}
	var dict []byte
	if f.takeover {
		dict = f.window
	}
	if f.fr == nil {
		f.fr = flate.NewReaderDict(&f.src, dict)
	} else {
		// Reset keeps the reader's 32 KiB history buffer: no new window per message.
		_ = f.fr.(flate.Resetter).Reset(&f.src, dict)
	}
	out = f.out[:0]
	if cap(out) == 0 {
		// A first guess at the inflated size saves a few doublings.
		out = make([]byte, 0, min(max(4*int64(len(compressed)), 512), limit+1))
	}
	for {
		if len(out) == cap(out) {
			out = grow(out, limit+1)
		}
		n, rerr := f.fr.Read(out[len(out):cap(out)])
		out = out[:len(out)+n]
		if int64(len(out)) > limit {
			err = errDecompressedTooBig
			out = out[:limit]
			break
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			err = rerr
			break
		}
	}
	f.out = out
	if f.takeover {
		if err != nil {
			reset = len(f.window) > 0 || len(out) > 0
			f.window = f.window[:0]
		} else {
			f.slide(out)
		}
	}
	return out, reset, err
}

// slide appends p to the window, keeping its last windowSize bytes.
func (f *inflater) slide(p []byte) {
	if f.window == nil {
		f.window = make([]byte, 0, windowSize)
	}
	if len(p) >= windowSize {
		f.window = append(f.window[:0], p[len(p)-windowSize:]...)
		return
	}
	if keep := windowSize - len(p); len(f.window) > keep {
		n := copy(f.window, f.window[len(f.window)-keep:])
		f.window = f.window[:n]
	}
	f.window = append(f.window, p...)
}

// forget drops the window, e.g. after a gap in the stream.
func (f *inflater) forget() { f.window = f.window[:0] }

// grow returns b with room for more bytes: double its capacity (at least
// 512), but never beyond limit.
func grow(b []byte, limit int64) []byte {
	c := int64(max(2*cap(b), 512))
	c = min(c, limit)
	if c <= int64(cap(b)) {
		c = int64(cap(b)) + 1
	}
	nb := make([]byte, len(b), c)
	copy(nb, b)
	return nb
}

// messageSource reads a message and then its tail without copying them into
// one buffer. It implements io.ByteReader, so the flate reader uses it
// directly instead of wrapping it in a bufio.Reader.
type messageSource struct {
	parts [2][]byte
}

func (s *messageSource) Read(p []byte) (int, error) {
	for i := range s.parts {
		if len(s.parts[i]) > 0 {
			n := copy(p, s.parts[i])
			s.parts[i] = s.parts[i][n:]
			return n, nil
		}
	}
	return 0, io.EOF
}

func (s *messageSource) ReadByte() (byte, error) {
	for i := range s.parts {
		if len(s.parts[i]) > 0 {
			c := s.parts[i][0]
			s.parts[i] = s.parts[i][1:]
			return c, nil
		}
	}
	return 0, io.EOF
}
