package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// Classic pcap file and record header sizes, and the one format version
// pcapgo reads (and so this reader too).
const (
	pcapFileHeaderLen   = 24
	pcapRecordHeaderLen = 16
	pcapVersionMajor    = 2
	pcapVersionMinor    = 4
)

// pcapBufSize is the size of a pcapReader's buffer: large enough for few
// reads (system calls, for a file) and for the largest record with its
// header.
const pcapBufSize = 1 << 20

// pcapMemBufSize is the initial buffer size for a capture in memory
// (bytes.Reader, strings.Reader, bytes.Buffer). Reading one is a copy, as
// fast in small chunks as in large ones, and a small buffer costs less to
// allocate and stays in cache. fill grows it for a larger record.
const pcapMemBufSize = 64 << 10

// maxEmptyReads is how many reads in a row may return nothing before a
// reader is given up on, as bufio does.
const maxEmptyReads = 100

// errBadCount reports an io.Reader that claims to have read more bytes
// than it was given room for, or a negative count.
var errBadCount = errors.New("capture: io.Reader returned an impossible byte count")

// pcapReader reads the records of a classic pcap file, in either byte order
// and with microsecond or nanosecond timestamps. It reads the input in
// chunks into one buffer and returns each record's data as a slice of it:
// no allocation per record and no copy beyond the one the io.Reader makes,
// but for the start of a record cut by the end of a chunk, which moves to
// the front of the buffer.
//
// It makes the checks the guard and pcapgo made when records went through
// them, and reports what they reported: same sentinels, offsets, frames and
// details.
type pcapReader struct {
	r          io.Reader
	buf        []byte
	start, end int    // buf[start:end] is read but not yet returned
	off        int64  // file offset of buf[0]
	err        error  // from r; reported once the bytes read before it are used
	fail       error  // sticky: returned by every call to next after it
	big        bool   // big-endian file
	fracNanos  uint32 // nanoseconds per unit of the timestamp fraction: 1000 or 1
	digits     int    // CaptureInfo.TimestampDigits
	link       uint16
	frames     uint64 // records returned
	// fixed is set when buf is the whole file, which is not ours to write
	// to: nothing is read, moved or grown.
	fixed bool
	// ch, when set, reads the input in chunks (Reader.ReadAhead,
	// Reader.Retain): buf is then the current chunk.
	ch *chunker
}

// newPcapReader reads the file header. magic holds the first bytes of the
// file, already read from r, and err what r returned with them.
func newPcapReader(r io.Reader, magic []byte, err error) (*pcapReader, error) {
	size := pcapBufSize
	if l, ok := r.(interface{ Len() int }); ok {
		// In memory, and a small capture gets no more than its size; at
		// least a page though, in case Len means something else.
		size = min(max(len(magic)+l.Len(), 4<<10), pcapMemBufSize)
	}
	p := &pcapReader{r: r, buf: make([]byte, size), err: err}
	p.end = copy(p.buf, magic)
	return p, p.header()
}

// newPcapBytesReader reads a pcap file held whole in b, which it never
// writes to: records are slices of b.
func newPcapBytesReader(b []byte) (*pcapReader, error) {
	p := &pcapReader{buf: b, end: len(b), err: io.EOF, fixed: true}
	return p, p.header()
}

// header reads the file header.
func (p *pcapReader) header() error {
	if p.fill(pcapFileHeaderLen) != nil {
		return &FormatError{Err: ErrTruncatedRecord, Offset: 0, Detail: "pcap file header cut short"}
	}
	h := p.buf[:pcapFileHeaderLen]
	switch string(h[:4]) {
	case magicMicroBE, magicNanoBE:
		p.big = true
	}
	p.fracNanos, p.digits = 1000, 6
	switch string(h[:4]) {
	case magicNanoLE, magicNanoBE:
		p.fracNanos, p.digits = 1, 9
	}
	if v := p.uint16(h[4:6]); v != pcapVersionMajor {
		return &FormatError{Err: ErrBadMagic, Offset: 0, Detail: fmt.Sprintf("Unknown major version %d", v)}
	}
	if v := p.uint16(h[6:8]); v != pcapVersionMinor {
		return &FormatError{Err: ErrBadMagic, Offset: 0, Detail: fmt.Sprintf("Unknown minor version %d", v)}
	}
	// The header's snap length is not a limit: Wireshark reads records up
	// to its own. The link type is 16 bits, the upper ones are flags
	// (FCS length).
	p.link = uint16(p.uint32(h[20:24]))
	p.start = pcapFileHeaderLen
	return nil
}

func (p *pcapReader) uint16(b []byte) uint16 {
	if p.big {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (p *pcapReader) uint32(b []byte) uint32 {
	if p.big {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

// next returns the next record's data, valid until the next call, and
// describes it in *ci, which it leaves alone on error. After an error,
// every call returns that error.
func (p *pcapReader) next(ci *CaptureInfo) ([]byte, error) {
	if p.fail != nil {
		return nil, p.fail
	}
	if p.end-p.start < pcapRecordHeaderLen {
		if err := p.fill(pcapRecordHeaderLen); err != nil {
			return p.failed(p.readError(err, p.end == p.start))
		}
	}
	h := p.buf[p.start : p.start+pcapRecordHeaderLen]
	caplen, origlen := p.uint32(h[8:12]), p.uint32(h[12:16])
	if caplen > MaxRecordSize {
		return p.failed(p.recordError(ErrRecordTooLarge,
			fmt.Sprintf("record claims %d captured bytes (limit %d)", caplen, MaxRecordSize)))
	}
	if caplen > origlen {
		// pcapgo refuses these, so Length is never below CaptureLength.
		return p.failed(p.recordError(ErrBadRecord,
			fmt.Sprintf("capture length exceeds original packet length: %d > %d", caplen, origlen)))
	}
	n := pcapRecordHeaderLen + int(caplen)
	if p.end-p.start < n {
		if err := p.fill(n); err != nil {
			return p.failed(p.readError(err, false))
		}
		h = p.buf[p.start : p.start+pcapRecordHeaderLen]
	}
	p.frames++
	// Field by field: a composite literal would be built on the stack and copied.
	ci.Frame = p.frames
	// As pcapgo computes it, including the 32-bit product that wraps for
	// a microsecond fraction above 2^32/1000.
	ci.Timestamp = time.Unix(int64(p.uint32(h[0:4])), int64(p.uint32(h[4:8])*p.fracNanos)).UTC()
	ci.CaptureLength = int(caplen)
	ci.Length = int(origlen)
	ci.LinkType = p.link
	ci.InterfaceIndex = 0
	ci.TimestampDigits = p.digits
	data := p.buf[p.start+pcapRecordHeaderLen : p.start+n : p.start+n]
	p.start += n
	return data, nil
}

// failed records err as the reader's sticky error and returns it.
func (p *pcapReader) failed(err error) ([]byte, error) {
	p.fail = err
	return nil, err
}

// fill makes n bytes available at buf[start:], reading as much as the
// buffer holds. When they would run past the end of the buffer it first
// moves the unread bytes to the front, or to a larger buffer if n does not
// fit at all. It returns the input's error when the bytes read before it
// are not enough.
func (p *pcapReader) fill(n int) error {
	if p.fixed {
		if p.end-p.start < n {
			return p.err
		}
		return nil
	}
	if p.ch != nil {
		return p.fillChunk(n)
	}
	if p.start+n > len(p.buf) {
		buf := p.buf
		if n > len(buf) {
			buf = make([]byte, max(n, min(2*len(buf), pcapBufSize)))
		}
		p.off += int64(p.start)
		p.end = copy(buf, p.buf[p.start:p.end])
		p.start, p.buf = 0, buf
	}
	if p.end-p.start < n && p.err == nil {
		m, err := readAtLeast(p.r, p.buf[p.end:], n-(p.end-p.start))
		p.end += m
		p.err = err
	}
	if p.end-p.start < n {
		return p.err
	}
	return nil
}

// fillChunk is fill for chunked reading: it reads on into the room left in
// the current chunk, or moves on to the next chunk, taking the unread bytes
// along in front of its bytes, until n bytes are available. A slow input,
// whose reads return a few bytes each, fills a chunk before the next one
// is started, so that retained records keep few chunks alive.
func (p *pcapReader) fillChunk(n int) error {
	for p.end-p.start < n && p.err == nil {
		need := n - (p.end - p.start)
		room := len(p.buf) - p.end
		if p.ch.ahead == nil && room >= need {
			m, err := readAtLeast(p.ch.r, p.buf[p.end:], need)
			p.end += m
			p.err = err
			continue
		}
		c := p.ch.next(need)
		if c.n <= room {
			copy(p.buf[p.end:], c.buf[chunkHeadroom:chunkHeadroom+c.n])
			p.end += c.n
			p.err = c.err
			p.ch.recycle(c.buf)
			continue
		}
		if left := p.end - p.start; left > chunkHeadroom {
			// the start of a record longer than the room in front: it
			// and the chunk's bytes go to a buffer of their own
			buf := make([]byte, left+c.n)
			copy(buf, p.buf[p.start:p.end])
			copy(buf[left:], c.buf[chunkHeadroom:chunkHeadroom+c.n])
			p.ch.recycle(c.buf)
			p.ch.retire(p.buf, p.frames)
			p.off += int64(p.start)
			p.buf, p.start, p.end, p.err = buf, 0, len(buf), c.err
			continue
		}
		// fill is never asked for more than a record, and what is left of
		// one fits in the room in front
		at := chunkHeadroom - (p.end - p.start)
		copy(c.buf[at:chunkHeadroom], p.buf[p.start:p.end])
		p.ch.retire(p.buf, p.frames)
		p.off += int64(p.start - at)
		p.buf, p.start, p.end, p.err = c.buf, at, chunkHeadroom+c.n, c.err
	}
	if p.end-p.start < n {
		return p.err
	}
	return nil
}

// readError reports a record the input ended or failed in. clean is true
// when no byte of the record was read: an io.EOF there is the end of the
// capture. The mapping is the one Reader.wrap applies to pcapgo's errors.
func (p *pcapReader) readError(err error, clean bool) error {
	var (
		fe *FormatError
		c  *corruption
	)
	switch {
	case errors.As(err, &fe):
		return fe
	case errors.As(err, &c):
		return p.recordError(ErrCorruptCompression, c.Error())
	case err == ErrClosed:
		return err
	case err == io.EOF && clean:
		return io.EOF
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return p.recordError(ErrTruncatedRecord, "")
	}
	return p.recordError(ErrBadRecord, err.Error())
}

// recordError reports damage in the record at buf[start].
func (p *pcapReader) recordError(err error, detail string) error {
	return &FormatError{Err: err, Offset: p.off + int64(p.start), Frame: p.frames, Detail: detail}
}

// readAtLeast reads into buf until it holds at least atLeast bytes or r
// fails. Unlike io.ReadAtLeast it returns the error that came with the
// last bytes even when they are enough, so that it is not lost, and like
// bufio it gives up on a reader that keeps returning nothing.
func readAtLeast(r io.Reader, buf []byte, atLeast int) (n int, err error) {
	for empty := 0; n < atLeast && err == nil; {
		var m int
		m, err = r.Read(buf[n:])
		if m < 0 || m > len(buf)-n {
			return n, errBadCount
		}
		n += m
		if m > 0 || err != nil {
			empty = 0
		} else if empty++; empty == maxEmptyReads {
			err = io.ErrNoProgress
		}
	}
	return n, err
}
