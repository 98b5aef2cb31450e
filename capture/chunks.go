package capture

import (
	"io"
	"sync"
)

// Chunked reading of a pcap file (Reader.ReadAhead, Reader.Retain): the
// input is read into chunks, each with room in front of its bytes for the
// start of a record that the end of the previous chunk cut, so that every
// record lies whole in one chunk and is returned as a slice of it. A chunk
// is read again into only once no record in it can be in use.
const (
	chunkData = 256 << 10
	// chunkHeadroom holds the record starts a chunk takes over: those of
	// wire-sized frames, and of jumbo frames and TSO segments of 64 KiB. A
	// longer one (up to MaxRecordSize) moves with the chunk's bytes into a
	// buffer of its own, which is not read into again.
	chunkHeadroom = pcapRecordHeaderLen + 64<<10
	chunkSize     = chunkHeadroom + chunkData
	// chunksAhead is how many chunks the read-ahead goroutine may have
	// read that the reader has not started on.
	chunksAhead = 2
	// maxFreeChunks bounds the chunks kept for reading into again.
	maxFreeChunks = 16
)

// chunk is input read into buf[chunkHeadroom : chunkHeadroom+n], and the
// error that came with it.
type chunk struct {
	buf []byte
	n   int
	err error
}

// chunker supplies a pcapReader with chunks, read when asked or ahead on
// a goroutine of its own, and takes back those it is done with.
type chunker struct {
	r      io.Reader
	ahead  chan chunk  // from the read-ahead goroutine; nil when reading when asked
	free   chan []byte // chunks to read into again
	done   chan struct{}
	once   sync.Once
	retain bool
	// retired are chunks that records returned may still point into,
	// oldest first, with the last frame each holds (Retain).
	retired []retiredChunk
}

type retiredChunk struct {
	buf  []byte
	last uint64
}

func newChunker(r io.Reader, ahead bool) *chunker {
	c := &chunker{r: r, free: make(chan []byte, maxFreeChunks), done: make(chan struct{})}
	if ahead {
		c.ahead = make(chan chunk, chunksAhead)
		go c.readAhead()
	}
	return c
}

// readAhead reads chunks until the input ends or fails, or stop is called.
// A chunk holds what one Read returns, so that the bytes of a slow input,
// such as a live capture through a pipe, are passed on as they come.
func (c *chunker) readAhead() {
	for {
		buf := c.buffer()
		n, err := readAtLeast(c.r, buf[chunkHeadroom:], 1)
		select {
		case c.ahead <- chunk{buf: buf, n: n, err: err}:
		case <-c.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// next returns the next chunk, holding at least need bytes unless the
// input ends or fails first.
func (c *chunker) next(need int) chunk {
	if c.ahead != nil {
		select {
		case ch := <-c.ahead:
			return ch
		case <-c.done:
			return chunk{buf: c.buffer(), err: ErrClosed}
		}
	}
	buf := c.buffer()
	n, err := readAtLeast(c.r, buf[chunkHeadroom:], min(need, chunkData))
	return chunk{buf: buf, n: n, err: err}
}

// buffer returns a chunk buffer to read into, a free one if there is one.
func (c *chunker) buffer() []byte {
	select {
	case b := <-c.free:
		return b
	default:
		return make([]byte, chunkSize)
	}
}

// retire takes back a chunk the reader moved past; last is the last frame
// returned from it. Unless records are retained, it is read into again.
func (c *chunker) retire(buf []byte, last uint64) {
	if c.retain {
		c.retired = append(c.retired, retiredChunk{buf, last})
		return
	}
	c.recycle(buf)
}

// release reads again into the retired chunks whose records are all at or
// before frame.
func (c *chunker) release(frame uint64) {
	n := 0
	for n < len(c.retired) && c.retired[n].last <= frame {
		c.recycle(c.retired[n].buf)
		n++
	}
	if n > 0 {
		k := copy(c.retired, c.retired[n:])
		clear(c.retired[k:])
		c.retired = c.retired[:k]
	}
}

// recycle keeps a chunk buffer for reading into again: the first buffer,
// which the reader had before chunks, is of another size and is left to
// the garbage collector.
func (c *chunker) recycle(buf []byte) {
	if len(buf) != chunkSize {
		return
	}
	select {
	case c.free <- buf:
	default:
	}
}

// stop ends the read-ahead goroutine, at once unless it is blocked in a
// Read of the input, which it then returns from first.
func (c *chunker) stop() {
	c.once.Do(func() { close(c.done) })
}
