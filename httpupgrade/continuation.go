package httpupgrade

import (
	"bytes"
	"strconv"

	"github.com/wsdissect/wsdissect/field"
)

// FillContinuation adds the HTTP layer tshark 4.0 shows for b, the captured
// bytes (at off) of a segment the snap length cut on a connection it knows
// as HTTP but whose message it lost. It reads b as header lines while they
// look like headers (any line with a colon: one whose name is no token, as
// in binary bytes, shows as http.unknown_header with the expert info
// http.bad_header_name), then shows "File Data" and the rest as data; b
// that does not start with a printable character is data at once.
//
// It returns the protocol item (field.NoNode when t does not want HTTP),
// where the bytes to show as "Data" start (len(b): none), and whether
// tshark read lines, which ends at the cut: the caller then shows
// "[Packet size limited during capture: HTTP truncated]".
func FillContinuation(t *field.Tree, b []byte, off int) (root field.Node, data int, read bool) {
	if !t.Wants(&hfHttp) {
		return field.NoNode, len(b), false
	}
	root = t.AddProtocol(field.NoNode, &hfHttp, off, len(b), nil)
	head, data, read := scanContinuation(b)
	for pos := 0; pos < head; {
		n, next := lineEnd(b[pos:])
		line := b[pos : pos+next]
		if n == 0 {
			t.AddText(root, off+pos, next, field.AppendEscaped(t.Scratch(), line))
		} else {
			fillHeader(t, root, &hfHttpUnknownHeader, line, line[:n], off+pos)
		}
		pos += next
	}
	if read && data < len(b) {
		n := t.AddStringBytes(root, &hfHttpFileData, off+data, len(b)-data, b[data:])
		s := strconv.AppendInt(t.Scratch(), int64(len(b)-data), 10)
		t.SetValueText(n, append(s, " bytes"...))
		t.KeepScratch(s)
	}
	return root, data, read
}

// ContinuationHasData reports whether tshark shows part of b, the captured
// bytes of a cut continuation segment (see FillContinuation), as "Data".
func ContinuationHasData(b []byte) bool {
	_, data, _ := scanContinuation(b)
	return data < len(b)
}

// scanContinuation follows packet-http.c's line loop over b: the lines
// before head show as headers (or a blank line), the bytes from data on as
// data (len(b): none); read is false when b does not start with a printable
// ASCII character, which tshark shows as data without reading lines.
func scanContinuation(b []byte) (head, data int, read bool) {
	if len(b) == 0 || b[0] < 0x20 || b[0] > 0x7e {
		return 0, 0, false
	}
	pos, header := 0, false
	for pos < len(b) {
		n, next := lineEnd(b[pos:])
		switch {
		case n == 0:
			// the blank line ends the head: what follows is its body
			return pos + next, pos + next, true
		case bytes.IndexByte(b[pos:pos+n], ':') >= 0:
			header = true
			pos += next
			continue
		case header && pos+n == len(b):
			// a header line going on past the cut: tshark stops there
			return pos, len(b), true
		}
		return pos, pos, true
	}
	return pos, len(b), true
}

// lineEnd finds the end of the line b starts with, as tvb_find_line_end
// (no reassembly): n is its length without the line end ("\r\n", "\n" or
// "\r"), next where the next line starts; a line without an end runs to the
// end of b.
func lineEnd(b []byte) (n, next int) {
	i := bytes.IndexAny(b, "\r\n")
	switch {
	case i < 0:
		return len(b), len(b)
	case b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n':
		return i, i + 2
	}
	return i, i + 1
}
