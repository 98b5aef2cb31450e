package tcp

import (
	"bufio"
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
	Frame          uint64    // frame.number: records counted from 1, as Wireshark does
	Timestamp      time.Time // frame.time
	CaptureLength  int       // frame.cap_len: bytes present in the file
	Length         int       // frame.len: bytes on the wire
	LinkType       LinkType  // of the record's interface
	InterfaceIndex int       // pcapng interface; 0 for pcap
	// TimestampDigits is the number of decimals the capture's timestamp
	// resolution has: 6 for microseconds, 9 for nanoseconds. tshark prints
	// times with that many decimals.
	TimestampDigits int
}

// Reader reads the records of a pcap (microsecond or nanosecond timestamps,
// either byte order) or pcapng (several interfaces, mixed link types)
// capture from any io.Reader, in one pass, without allocating per record.
type Reader struct {
	g      *guard
	pcap   *pcapgo.Reader
	ng     *pcapgo.NgReader
	link   LinkType
	digits []int // timestamp decimals: of the pcap file, or per pcapng interface
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

// NewReader detects the format by its magic number and reads the file header.
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, err := br.Peek(4)
	if err != nil {
		if err == io.EOF && len(magic) == 0 {
			return nil, &FormatError{Err: ErrTruncatedRecord, Offset: 0, Detail: "empty input"}
		}
		if err == io.EOF {
			return nil, &FormatError{Err: ErrTruncatedRecord, Offset: 0, Detail: "file header cut short"}
		}
		return nil, err
	}
	g := &guard{r: br, order: binary.LittleEndian}
	rd := &Reader{g: g}
	switch string(magic) {
	case magicMicroLE, magicNanoLE:
	case magicMicroBE, magicNanoBE:
		g.order = binary.BigEndian
	case magicNg:
		g.ng = true
	default:
		return nil, &FormatError{Err: ErrBadMagic, Offset: 0, Detail: fmt.Sprintf("magic % x", magic)}
	}
	if g.ng {
		rd.ng, err = pcapgo.NewNgReader(g, pcapgo.NgReaderOptions{WantMixedLinkType: true})
	} else {
		hdr, perr := br.Peek(pcapFileHeaderLen)
		if perr != nil {
			return nil, &FormatError{Err: ErrTruncatedRecord, Offset: 0, Detail: "pcap file header cut short"}
		}
		g.pcapLink = LinkType(g.order.Uint32(hdr[20:24]) & 0xFFFF)
		g.body = pcapFileHeaderLen // the file header passes through unchecked
		rd.pcap, err = pcapgo.NewReader(g)
		if err == nil {
			// pcapgo sizes its buffer from the header's snap length and refuses
			// records above it; Wireshark accepts records up to its own limit.
			rd.pcap.SetSnaplen(MaxRecordSize)
			rd.link = g.pcapLink
			rd.digits = []int{6}
			if string(magic) == magicNanoLE || string(magic) == magicNanoBE {
				rd.digits[0] = 9
			}
		}
	}
	if err != nil {
		return nil, rd.wrap(err)
	}
	return rd, nil
}

// wrap turns an error from pcapgo into a *FormatError.
func (r *Reader) wrap(err error) error {
	var fe *FormatError
	if errors.As(err, &fe) {
		return fe
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
	if r.frames == 0 && r.pcap == nil && r.ng == nil {
		// pcapgo rejected the file or section header.
		return &FormatError{Err: ErrBadMagic, Offset: 0, Detail: err.Error()}
	}
	return &FormatError{Err: ErrBadRecord, Offset: r.g.unit, Frame: r.frames, Detail: err.Error()}
}

// timestampDigits returns the decimals of an interface's timestamp
// resolution, learning a pcapng interface's on first use.
func (r *Reader) timestampDigits(iface int) int {
	if iface < len(r.digits) && r.digits[iface] > 0 {
		return r.digits[iface]
	}
	if r.ng == nil || iface < 0 || iface > 1<<16 {
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
	var gci struct {
		ts          time.Time
		caplen, len int
		iface       int
		link        LinkType
	}
	if r.ng != nil {
		d, c, e := r.ng.ZeroCopyReadPacketData()
		data, err = d, e
		gci.ts, gci.caplen, gci.len, gci.iface = c.Timestamp, c.CaptureLength, c.Length, c.InterfaceIndex
		gci.link = r.g.ifaceLink(c.InterfaceIndex)
	} else {
		d, c, e := r.pcap.ZeroCopyReadPacketData()
		data, err = d, e
		gci.ts, gci.caplen, gci.len, gci.link = c.Timestamp, c.CaptureLength, c.Length, r.link
	}
	if err != nil {
		r.err = r.wrap(err)
		return nil, ci, r.err
	}
	r.frames++
	ci = CaptureInfo{
		Frame:           r.frames,
		Timestamp:       gci.ts,
		CaptureLength:   gci.caplen,
		Length:          gci.len,
		LinkType:        gci.link,
		InterfaceIndex:  gci.iface,
		TimestampDigits: r.timestampDigits(gci.iface),
	}
	if ci.Length < ci.CaptureLength {
		ci.Length = ci.CaptureLength
	}
	return data, ci, nil
}
