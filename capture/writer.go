package capture

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Format is a capture file format a Writer writes.
type Format uint8

// Formats.
const (
	Pcap   Format = iota // libpcap, one link type, microsecond or nanosecond timestamps
	PcapNG               // pcapng: one section, an interface block per interface
)

// ErrLinkType is what Writer.WritePacket returns for a packet whose link
// type a pcap file, which has one, cannot hold.
var ErrLinkType = errors.New("capture: the pcap format holds one link type; write pcapng for several")

// Writer writes packets to a pcap or pcapng file that Wireshark reads
// back as they were read: same timestamps, at the resolution of the
// input (TimestampDigits), same lengths, link types and, in pcapng, the
// same interface numbers and names. Call Flush at the end.
type Writer struct {
	w      *bufio.Writer
	format Format
	digits int
	link   uint16 // pcap: the file's link type
	header bool
	ifaces []uint16 // pcapng: the link type of each interface written
	buf    [32]byte
}

// NewWriter returns a Writer of format to w. digits is the timestamp
// resolution, 6 (microseconds) or 9 (nanoseconds), as
// CaptureInfo.TimestampDigits says; the file header is written with the
// first packet, or by Flush.
func NewWriter(w io.Writer, format Format, digits int) *Writer {
	if digits != 9 {
		digits = 6
	}
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), format: format, digits: digits}
}

// WritePacket writes one packet: its captured bytes data, and from ci its
// timestamp, original length, link type and (pcapng) interface, whose
// name is ifaceName ("" for none; the name of the first packet of an
// interface is kept).
func (w *Writer) WritePacket(ci CaptureInfo, ifaceName string, data []byte) error {
	if ci.Length < len(data) {
		ci.Length = len(data)
	}
	if w.format == Pcap {
		return w.writePcap(ci, data)
	}
	return w.writeNg(ci, ifaceName, data)
}

func (w *Writer) writePcap(ci CaptureInfo, data []byte) error {
	if !w.header {
		w.link, w.header = ci.LinkType, true
		if err := w.pcapHeader(); err != nil {
			return err
		}
	}
	if ci.LinkType != w.link {
		return fmt.Errorf("frame %d: %w", ci.Frame, ErrLinkType)
	}
	le := binary.LittleEndian
	sub := ci.Timestamp.Nanosecond()
	if w.digits == 6 {
		sub /= 1000
	}
	le.PutUint32(w.buf[0:], uint32(ci.Timestamp.Unix()))
	le.PutUint32(w.buf[4:], uint32(sub))
	le.PutUint32(w.buf[8:], uint32(len(data)))
	le.PutUint32(w.buf[12:], uint32(ci.Length))
	w.w.Write(w.buf[:16])
	_, err := w.w.Write(data)
	return err
}

// pcapHeader writes the file header: little-endian, version 2.4, the
// snapshot length Wireshark uses, the link type.
func (w *Writer) pcapHeader() error {
	le := binary.LittleEndian
	magic := uint32(0xa1b2c3d4)
	if w.digits == 9 {
		magic = 0xa1b23c4d
	}
	le.PutUint32(w.buf[0:], magic)
	le.PutUint16(w.buf[4:], 2)
	le.PutUint16(w.buf[6:], 4)
	le.PutUint32(w.buf[8:], 0)
	le.PutUint32(w.buf[12:], 0)
	le.PutUint32(w.buf[16:], MaxRecordSize)
	le.PutUint32(w.buf[20:], uint32(w.link))
	_, err := w.w.Write(w.buf[:24])
	return err
}

func (w *Writer) writeNg(ci CaptureInfo, name string, data []byte) error {
	if !w.header {
		w.header = true
		if err := w.sectionHeader(); err != nil {
			return err
		}
	}
	if ci.InterfaceIndex < 0 || ci.InterfaceIndex > 1<<16 {
		return fmt.Errorf("capture: interface %d out of range", ci.InterfaceIndex)
	}
	for len(w.ifaces) <= ci.InterfaceIndex {
		// interfaces whose packets are not written are declared too,
		// so that the numbers stay those of the input
		n := ""
		if len(w.ifaces) == ci.InterfaceIndex {
			n = name
		}
		if err := w.interfaceBlock(ci.LinkType, n); err != nil {
			return err
		}
	}
	le := binary.LittleEndian
	pad := (4 - len(data)%4) % 4
	total := 32 + len(data) + pad
	ts := uint64(ci.Timestamp.UnixNano())
	if w.digits == 6 {
		ts = uint64(ci.Timestamp.UnixMicro())
	}
	le.PutUint32(w.buf[0:], 6) // enhanced packet block
	le.PutUint32(w.buf[4:], uint32(total))
	le.PutUint32(w.buf[8:], uint32(ci.InterfaceIndex))
	le.PutUint32(w.buf[12:], uint32(ts>>32))
	le.PutUint32(w.buf[16:], uint32(ts))
	le.PutUint32(w.buf[20:], uint32(len(data)))
	le.PutUint32(w.buf[24:], uint32(ci.Length))
	w.w.Write(w.buf[:28])
	w.w.Write(data)
	var zero [4]byte
	w.w.Write(zero[:pad])
	le.PutUint32(w.buf[0:], uint32(total))
	_, err := w.w.Write(w.buf[:4])
	return err
}

// sectionHeader writes a pcapng section header block without options.
func (w *Writer) sectionHeader() error {
	le := binary.LittleEndian
	le.PutUint32(w.buf[0:], 0x0a0d0d0a)
	le.PutUint32(w.buf[4:], 28)
	le.PutUint32(w.buf[8:], 0x1a2b3c4d)
	le.PutUint16(w.buf[12:], 1)
	le.PutUint16(w.buf[14:], 0)
	le.PutUint64(w.buf[16:], ^uint64(0)) // section length unknown
	le.PutUint32(w.buf[24:], 28)
	_, err := w.w.Write(w.buf[:28])
	return err
}

// interfaceBlock writes an interface description block: the link type,
// the name (if_name) and the timestamp resolution (if_tsresol).
func (w *Writer) interfaceBlock(link uint16, name string) error {
	le := binary.LittleEndian
	if len(name) > 1<<15 {
		name = name[:1<<15]
	}
	namePad := (4 - len(name)%4) % 4
	opts := 8 + 4 // if_tsresol (4 + 1 padded to 8) and opt_endofopt
	if name != "" {
		opts += 4 + len(name) + namePad
	}
	total := 16 + opts + 4
	le.PutUint32(w.buf[0:], 1)
	le.PutUint32(w.buf[4:], uint32(total))
	le.PutUint16(w.buf[8:], link)
	le.PutUint16(w.buf[10:], 0)
	le.PutUint32(w.buf[12:], MaxRecordSize)
	w.w.Write(w.buf[:16])
	var zero [4]byte
	if name != "" {
		le.PutUint16(w.buf[0:], 2) // if_name
		le.PutUint16(w.buf[2:], uint16(len(name)))
		w.w.Write(w.buf[:4])
		w.w.WriteString(name)
		w.w.Write(zero[:namePad])
	}
	le.PutUint16(w.buf[0:], 9) // if_tsresol: 10^-digits
	le.PutUint16(w.buf[2:], 1)
	w.buf[4], w.buf[5], w.buf[6], w.buf[7] = byte(w.digits), 0, 0, 0
	le.PutUint32(w.buf[8:], 0) // opt_endofopt
	le.PutUint32(w.buf[12:], uint32(total))
	_, err := w.w.Write(w.buf[:16])
	w.ifaces = append(w.ifaces, link)
	return err
}

// Flush writes what is buffered; a file with no packet gets its header
// (of link type Ethernet for pcap).
func (w *Writer) Flush() error {
	if !w.header {
		w.header = true
		if w.format == Pcap {
			w.link = 1
			w.pcapHeader()
		} else {
			w.sectionHeader()
		}
	}
	return w.w.Flush()
}
