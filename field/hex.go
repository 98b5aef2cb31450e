package field

import (
	"encoding/binary"
	"slices"
)

// Dump says what AppendDump prints, as tshark's --hexdump options do; the
// zero value is what tshark -x prints.
type Dump struct {
	// FrameOnly dumps the frame alone, without the sources layers built
	// and without a heading (--hexdump frames).
	FrameOnly bool
	// ASCII is how the characters beside the bytes are shown.
	ASCII DumpASCII
}

// DumpASCII is how a dump line shows its bytes as characters.
type DumpASCII uint8

// The ways of DumpASCII.
const (
	DumpASCIIPlain     DumpASCII = iota // "...`." after the hex (--hexdump ascii, the default)
	DumpASCIIDelimited                  // "|...`.|" (--hexdump delimit)
	DumpNoASCII                         // none: the line ends in the spaces before them (--hexdump noascii)
)

// AppendDump appends the hex and ASCII dump of the tree's data sources as
// tshark -x prints a packet: the frame's bytes, then each source a layer
// built ("Reassembled TCP", "Unmasked data", "De-chunked entity body"...),
// in the order they were added. When there is more than one source, each
// dump is headed by its name and size, "Frame (94 bytes):". As tshark's,
// the dump stops at the first empty source, after its heading.
func (t *Tree) AppendDump(dst []byte, how Dump) []byte {
	several := len(t.sources) > 1 && !how.FrameOnly
	for _, s := range t.sources {
		if several {
			dst = AppendSourceName(dst, s)
			dst = append(dst, ":\n"...)
		}
		if len(s.Data) == 0 {
			break
		}
		dst = AppendDump(dst, s.Data, how.ASCII)
		if how.FrameOnly {
			break
		}
	}
	return dst
}

// AppendSourceName appends a data source's name as Wireshark shows it, with
// its size: "Reassembled TCP (1516 bytes)", "Unmasked data (1 byte)".
func AppendSourceName(dst []byte, s Source) []byte {
	dst = append(dst, s.Name...)
	dst = AppendByteCount(append(dst, " ("...), len(s.Data))
	return append(dst, ')')
}

// AppendDump appends the hex and ASCII dump of data as tshark prints a
// buffer (after -x, or under a "Data" item of -V): a line of 16 bytes, each
// line the offset in lowercase hex (4 digits, more when data is longer
// than 64 KiB), two spaces, the bytes in hex each followed by a space, two
// more spaces, and the bytes as characters, a dot for each byte that is
// not printable ASCII. Each line ends in a newline.
func AppendDump(dst, data []byte, ascii DumpASCII) []byte {
	if len(data) == 0 {
		return dst
	}
	digits := 4
	for last := uint64(len(data) - 1); last>>(4*digits) != 0 && digits < 8; digits++ {
	}
	// room for every line at once: a message of megabytes dumps tens of
	// megabytes, which growing line by line would copy over and over;
	// and a quarter more, for what the caller appends after (the next
	// packets' lines), which would otherwise copy the dump to storage
	// twice its size
	size := (len(data)/16 + 1) * (digits + 2 + 16*4 + 2 + 1)
	if cap(dst)-len(dst) < size {
		dst = slices.Grow(dst, size+size/4)
	}
	off := 0
	for ; off+16 <= len(data) && ascii != DumpASCIIDelimited; off += 16 {
		dst = appendDumpLine(dst, data[off:off+16], off, digits, ascii == DumpASCIIPlain)
	}
	for ; off < len(data); off += 16 {
		line := data[off:min(off+16, len(data))]
		for d := digits - 1; d >= 0; d-- {
			dst = append(dst, hexDigits[off>>(4*d)&0xf])
		}
		dst = append(dst, ' ', ' ')
		start := len(dst)
		for _, c := range line {
			dst = append(dst, hexDigits[c>>4], hexDigits[c&0xf], ' ')
		}
		// the characters start at the same column on a short last line
		for len(dst)-start < 16*3+2 {
			dst = append(dst, ' ')
		}
		if ascii == DumpNoASCII {
			dst = append(dst, '\n')
			continue
		}
		if ascii == DumpASCIIDelimited {
			dst = append(dst, '|')
		}
		for _, c := range line {
			dst = append(dst, dumpChar(c))
		}
		if ascii == DumpASCIIDelimited {
			dst = append(dst, '|')
		}
		dst = append(dst, '\n')
	}
	return dst
}

// appendDumpLine appends one whole line of 16 bytes of AppendDump, written
// by index into room grown once: the dump of a large binary message is
// most of what -V prints. Each cell is stored as one word at a constant
// offset, its fourth byte overwritten by the next cell, and the characters
// eight at a time (dumpChars8): a loop by byte cost three times as many
// instructions.
func appendDumpLine(dst, line []byte, off, digits int, ascii bool) []byte {
	width := digits + 2 + 16*3 + 2 + 1
	if ascii {
		width += 16
	}
	n := len(dst)
	dst = slices.Grow(dst, width)[:n+width]
	b := dst[n:]
	// the offset's digits two at a time, from a byte's cell: four of
	// them but in a dump of more than 64 KiB
	if digits == 4 {
		o := (*[4]byte)(b)
		binary.LittleEndian.PutUint16(o[0:], uint16(cell(byte(off>>8))))
		binary.LittleEndian.PutUint16(o[2:], uint16(cell(byte(off))))
	} else {
		i, o := digits, off
		for ; i >= 2; i -= 2 {
			c := (o & 0xff) * 4
			b[i-2], b[i-1] = dumpCells[c], dumpCells[c+1]
			o >>= 8
		}
		if i == 1 {
			b[0] = hexDigits[o&0xf]
		}
	}
	b[digits], b[digits+1] = ' ', ' '
	// fixed-size views: the stores below check no bounds
	in := (*[16]byte)(line)
	h := (*[16*3 + 2]byte)(b[digits+2:])
	binary.LittleEndian.PutUint32(h[0:], cell(in[0]))
	binary.LittleEndian.PutUint32(h[3:], cell(in[1]))
	binary.LittleEndian.PutUint32(h[6:], cell(in[2]))
	binary.LittleEndian.PutUint32(h[9:], cell(in[3]))
	binary.LittleEndian.PutUint32(h[12:], cell(in[4]))
	binary.LittleEndian.PutUint32(h[15:], cell(in[5]))
	binary.LittleEndian.PutUint32(h[18:], cell(in[6]))
	binary.LittleEndian.PutUint32(h[21:], cell(in[7]))
	binary.LittleEndian.PutUint32(h[24:], cell(in[8]))
	binary.LittleEndian.PutUint32(h[27:], cell(in[9]))
	binary.LittleEndian.PutUint32(h[30:], cell(in[10]))
	binary.LittleEndian.PutUint32(h[33:], cell(in[11]))
	binary.LittleEndian.PutUint32(h[36:], cell(in[12]))
	binary.LittleEndian.PutUint32(h[39:], cell(in[13]))
	binary.LittleEndian.PutUint32(h[42:], cell(in[14]))
	binary.LittleEndian.PutUint32(h[45:], cell(in[15]))
	h[16*3-1], h[16*3], h[16*3+1] = ' ', ' ', ' '
	if ascii {
		a := (*[16]byte)(b[digits+2+16*3+2:])
		binary.LittleEndian.PutUint64(a[0:], dumpChars8(binary.LittleEndian.Uint64(in[0:])))
		binary.LittleEndian.PutUint64(a[8:], dumpChars8(binary.LittleEndian.Uint64(in[8:])))
	}
	b[width-1] = '\n'
	return dst
}

// cell is byte c's cell of dumpCells as a little-endian word: its two hex
// digits and two spaces.
func cell(c byte) uint32 {
	i := int(c) * 4
	return uint32(dumpCells[i]) | uint32(dumpCells[i+1])<<8 | uint32(dumpCells[i+2])<<16 | uint32(dumpCells[i+3])<<24
}

// dumpChars8 is dumpChar of each byte of v at once: a byte stays where it
// is printable ASCII (0x20 to 0x7e), else becomes a dot.
func dumpChars8(v uint64) uint64 {
	keep := (printableASCII8(v) >> 7) * 0xff
	return v&keep | '.'*0x0101010101010101&^keep
}

// dumpChar is how a dump line shows byte c as a character: itself when it
// is printable ASCII, a dot otherwise.
func dumpChar(c byte) byte { return dumpChars[c] }
