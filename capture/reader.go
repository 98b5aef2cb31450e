package capture

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/gopacket/pcapgo"
)

// MaxRecordSize is the largest record (captured bytes of one packet) a Reader
// accepts; it is Wireshark's limit for ordinary link types. A record claiming
// more is reported as ErrRecordTooLarge instead of being allocated.
const MaxRecordSize = 262144

// CaptureInfo describes one record of a capture file.
type CaptureInfo struct {
	Frame         uint64    // frame.number: records counted from 1, as Wireshark does
	Timestamp     time.Time // frame.time
	CaptureLength int       // frame.cap_len: bytes present in the file
	Length        int       // frame.len: bytes on the wire
	// LinkType is the LINKTYPE_* number of the record's interface, all 16
	// bits of it (tcp.LinkType names those package tcp decodes).
	LinkType       uint16
	InterfaceIndex int // pcapng interface; 0 for pcap
	// TimestampDigits is the number of decimals the capture's timestamp
	// resolution has: 6 for microseconds, 9 for nanoseconds. tshark prints
	// times with that many decimals.
	TimestampDigits int
	// Secrets is the TLS key log (NSS format) that the pcapng Decryption
	// Secrets Blocks before this record carried, since the previous record;
	// nil when there were none. Wireshark decrypts with it without being
	// told to.
	Secrets []byte
}

// Reader reads the records of a pcap (microsecond or nanosecond timestamps,
// either byte order) or pcapng (several interfaces, mixed link types)
// capture from any io.Reader, in one pass, without allocating per record.
type Reader struct {
	pcap *pcapReader // a pcap file, read by this alone

	// A pcapng file, read by pcapgo behind the guard.
	g      *guard
	ng     *pcapgo.NgReader
	digits []int // timestamp decimals per interface
	frames uint64
	err    error // sticky
}

// Magic numbers as they appear in the first four bytes of the file.
const (
	magicMicroLE = "\xd4\xc3\xb2\xa1"
	magicMicroBE = "\xa1\xb2\xc3\xd4"
	magicNanoLE  = "\x4d\x3c\xb2\xa1"
	magicNanoBE  = "\xa1\xb2\x3c\x4d"
	magicNg      = "\x0a\x0d\x0d\x0a"
)

// NewReader detects the format by its magic number and reads the file
// header. A gzip-compressed capture (a .pcap.gz or .pcapng.gz file, or
// gzip on standard input) is decompressed as it is read, known by its
// magic number, not by a name; one compressed otherwise gives an error
// matching ErrUnsupportedCompression.
func NewReader(r io.Reader) (*Reader, error) {
	return newReader(r, false)
}

// newReader is NewReader; inflated is set when r is the decompressed
// capture, which is not decompressed again.
func newReader(r io.Reader, inflated bool) (*Reader, error) {
	magic := make([]byte, 4)
	n, err := readAtLeast(r, magic, len(magic))
	if n < len(magic) {
		var c *corruption
		switch {
		case err == io.EOF && n == 0:
			return nil, &FormatError{Err: ErrTruncatedRecord, Offset: 0, Detail: "empty input"}
		case err == io.EOF, inflated && err == io.ErrUnexpectedEOF:
			return nil, &FormatError{Err: ErrTruncatedRecord, Offset: 0, Detail: "file header cut short"}
		case errors.As(err, &c):
			return nil, &FormatError{Err: ErrCorruptCompression, Offset: 0, Detail: c.Error()}
		}
		return nil, err
	}
	switch string(magic) {
	case magicMicroLE, magicMicroBE, magicNanoLE, magicNanoBE:
		p, err := newPcapReader(r, magic, err)
		if err != nil {
			return nil, err
		}
		return &Reader{pcap: p}, nil
	case magicNg:
		// The magic goes through the guard and pcapgo with the rest.
		br := bufio.NewReaderSize(&prefixReader{head: magic, err: err, r: r}, 64<<10)
		rd := &Reader{g: &guard{r: br, order: binary.LittleEndian}}
		rd.ng, err = pcapgo.NewNgReader(rd.g, pcapgo.NgReaderOptions{WantMixedLinkType: true})
		if err != nil {
			return nil, rd.wrap(err)
		}
		return rd, nil
	}
	if format, tool := compression(magic); format == "gzip" && !inflated {
		z, err := newGunzip(&prefixReader{head: magic, err: err, r: r})
		if err != nil {
			return nil, err
		}
		return newReader(z, true)
	} else if format != "" && format != "gzip" {
		return nil, &unsupportedError{format: format, tool: tool}
	}
	return nil, &FormatError{Err: ErrBadMagic, Offset: 0, Detail: fmt.Sprintf("magic % x", magic)}
}

// NewBytesReader reads a capture held whole in memory, such as a file
// mapped into it. For a pcap file the data Next returns are slices of b
// itself: nothing is copied, they stay valid as long as b does (Stable),
// and b is never written to. A pcapng file is read as NewReader reads it.
func NewBytesReader(b []byte) (*Reader, error) {
	if len(b) >= 4 {
		switch string(b[:4]) {
		case magicMicroLE, magicMicroBE, magicNanoLE, magicNanoBE:
			p, err := newPcapBytesReader(b)
			if err != nil {
				return nil, err
			}
			return &Reader{pcap: p}, nil
		}
	}
	return NewReader(bytes.NewReader(b))
}

// Stable reports whether the data Next returns stay valid after the next
// call: true for a pcap file read by NewBytesReader.
func (r *Reader) Stable() bool { return r.pcap != nil && r.pcap.fixed }

// ReadAhead makes the reader read its input on a goroutine of its own, up
// to a megabyte ahead of the records it returns, so that the system calls
// and the copy they make cost the caller's goroutine nothing. Call Close
// to stop the goroutine, unless the capture is read to its end. ReadAhead
// applies to a pcap file read from an io.Reader and must be called before
// the first record is read: it reports false, and does nothing, otherwise
// (pcapng, NewBytesReader).
func (r *Reader) ReadAhead() bool {
	p := r.pcap
	if p == nil || p.fixed || p.ch != nil || p.frames > 0 {
		return false
	}
	p.ch = newChunker(p.r, true)
	return true
}

// Retain makes the data of the records returned from now on stay valid
// after the next call, until Release is called for them: a pipeline can
// then hand records to another goroutine without copying them. The reader
// then reads into new buffers rather than over the records returned, so
// call Release as records are done with, or memory grows with the capture.
// Retain applies to a pcap file and must be called before the first
// record is read: it reports false, and does nothing, otherwise (pcapng).
// A pcap file held in memory (NewBytesReader) retains every record anyway.
func (r *Reader) Retain() bool {
	p := r.pcap
	switch {
	case p == nil || p.frames > 0 && !p.fixed:
		return false
	case p.fixed:
		return true
	case p.ch == nil:
		p.ch = newChunker(p.r, false)
	}
	p.ch.retain = true
	return true
}

// Release ends the validity of the data of the records up to frame (see
// Retain), so that their memory is read into again.
func (r *Reader) Release(frame uint64) {
	if p := r.pcap; p != nil && p.ch != nil {
		p.ch.release(frame)
	}
}

// Close stops the read-ahead goroutine (see ReadAhead); it does not close
// the io.Reader. Reading after Close returns ErrClosed, possibly after a
// few records read ahead.
func (r *Reader) Close() error {
	if p := r.pcap; p != nil && p.ch != nil && p.ch.ahead != nil {
		p.ch.stop()
	}
	return nil
}

// prefixReader gives back bytes already read from r, then the error that
// came with them, if any, before reading on from r.
type prefixReader struct {
	head []byte
	err  error
	r    io.Reader
}

func (p *prefixReader) Read(b []byte) (int, error) {
	if len(p.head) > 0 {
		n := copy(b, p.head)
		p.head = p.head[n:]
		return n, nil
	}
	if err := p.err; err != nil {
		p.err = nil
		return 0, err
	}
	return p.r.Read(b)
}

// wrap turns an error from pcapgo's pcapng reader into a *FormatError.
func (r *Reader) wrap(err error) error {
	var fe *FormatError
	if errors.As(err, &fe) {
		return fe
	}
	if c := (*corruption)(nil); errors.As(err, &c) {
		return &FormatError{Err: ErrCorruptCompression, Offset: r.g.unit, Frame: r.frames, Detail: c.Error()}
	}
	if r.g.cut && (err == io.EOF || err == io.ErrUnexpectedEOF) {
		return &FormatError{Err: ErrTruncatedRecord, Offset: r.g.cutAt, Frame: r.frames}
	}
	if err == io.EOF {
		return io.EOF
	}
	if err == io.ErrUnexpectedEOF {
		return &FormatError{Err: ErrTruncatedRecord, Offset: r.g.unit, Frame: r.frames}
	}
	if r.frames == 0 && r.ng == nil {
		// pcapgo rejected the section header.
		return &FormatError{Err: ErrBadMagic, Offset: 0, Detail: err.Error()}
	}
	return &FormatError{Err: ErrBadRecord, Offset: r.g.unit, Frame: r.frames, Detail: err.Error()}
}

// timestampDigits returns the decimals of a pcapng interface's timestamp
// resolution, learning it on first use.
func (r *Reader) timestampDigits(iface int) int {
	if iface >= 0 && iface < len(r.digits) && r.digits[iface] > 0 {
		return r.digits[iface]
	}
	if iface < 0 || iface > 1<<16 {
		return 6
	}
	for len(r.digits) <= iface {
		r.digits = append(r.digits, 0)
	}
	d := 6
	if intf, err := r.ng.Interface(iface); err == nil {
		res := intf.TimestampResolution
		d = int(res.Exponent())
		if res.Binary() {
			// 2^-e seconds needs about e*log10(2) decimals
			d = (d*301 + 999) / 1000
		}
	}
	r.digits[iface] = d
	return d
}

// Next returns the next record. The data is valid until the next call.
// At the end of the capture it returns io.EOF; a damaged file gives a
// *FormatError (see the sentinels), and every later call returns it again.
func (r *Reader) Next() (data []byte, ci CaptureInfo, err error) {
	if r.pcap != nil {
		data, err = r.pcap.next(&ci)
		return data, ci, err
	}
	return r.nextNg()
}

// ReadRecord is Next filling in *ci rather than returning it, which saves
// copying the CaptureInfo of every record; *ci is left alone on error.
func (r *Reader) ReadRecord(ci *CaptureInfo) ([]byte, error) {
	if r.pcap != nil {
		return r.pcap.next(ci)
	}
	data, c, err := r.nextNg()
	if err == nil {
		*ci = c
	}
	return data, err
}

// nextNg returns the next record of a pcapng file.
func (r *Reader) nextNg() (data []byte, ci CaptureInfo, err error) {
	if r.err != nil {
		return nil, ci, r.err
	}
	// pcapgo is not hardened against every malformed input the guard lets
	// through; a panic there is a damaged file, not a crash.
	defer func() {
		if p := recover(); p != nil {
			r.err = &FormatError{Err: ErrBadRecord, Offset: r.g.unit, Frame: r.frames, Detail: fmt.Sprint("pcapgo: ", p)}
			data, ci, err = nil, CaptureInfo{}, r.err
		}
	}()
	data, c, err := r.ng.ZeroCopyReadPacketData()
	if err != nil {
		r.err = r.wrap(err)
		return nil, ci, r.err
	}
	r.frames++
	ci = CaptureInfo{
		Frame:           r.frames,
		Timestamp:       c.Timestamp,
		CaptureLength:   c.CaptureLength,
		Length:          max(c.Length, c.CaptureLength),
		LinkType:        r.g.ifaceLink(c.InterfaceIndex),
		InterfaceIndex:  c.InterfaceIndex,
		TimestampDigits: r.timestampDigits(c.InterfaceIndex),
		Secrets:         r.g.takeSecrets(),
	}
	return data, ci, nil
}

// Interface returns the name of a pcapng interface and the number of the
// section it belongs to, counted from 1 ("", 0 for a pcap file). Sections
// are not counted: a pcapng file is taken as one, as nearly all are.
func (r *Reader) Interface(i int) (name string, section int) {
	if r.ng == nil {
		return "", 0
	}
	if intf, err := r.ng.Interface(i); err == nil {
		// as Wireshark names an interface: its name, else its
		// description, else "unknown" (editcap writes none)
		switch {
		case intf.Name != "":
			return intf.Name, 1
		case intf.Description != "":
			return intf.Description, 1
		}
		return "unknown", 1
	}
	return "", 1
}
