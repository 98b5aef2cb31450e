package wsdissect

import (
	"bytes"

	"github.com/wsdissect/wsdissect/field"
)

// The bodies that no protocol of their own claims are shown by two of
// Wireshark's generic dissectors, whichever layer carries them (a
// WebSocket message, an HTTP body): text line by line
// (data-text-lines), anything else as bytes (data). Their fields are in
// fields_text.go.

// fillTextLines adds "Line-based text data (N lines)" at the top of t: one
// item a line of text, each with its line end ("\r\n", "\r" or "\n"),
// escaped as tshark's format_text. off is where text starts in the tree's
// current source. mediaType, when not "", is named after a colon as tshark
// names an HTTP body's ("Line-based text data: text/plain (4 lines)").
func fillTextLines(t *field.Tree, off int, text []byte, mediaType string) field.Node {
	top := t.AddProtocol(field.NoNode, &hfDataTextLines, off, len(text), nil)
	b := t.Scratch()
	lines := 0
	for start := 0; start < len(text); lines++ {
		end := lineEnd(text, start)
		b = field.AppendLabelText(b[:0], text[start:end])
		t.AddText(top, off+start, end-start, b)
		start = end
	}
	b = append(b[:0], hfDataTextLines.Name...)
	if mediaType != "" {
		b = append(append(b, ": "...), mediaType...)
	}
	b = append(b, " ("...)
	b = field.AppendInt(b, int64(lines))
	b = append(b, " lines)"...)
	t.SetText(top, b)
	t.KeepScratch(b)
	return top
}

// lineEnd returns where the line that starts at start ends, past its line
// end: as Wireshark's tvb_find_line_end, a "\r\n", a lone "\r" or a lone
// "\n" ends a line, and the last line may have none. (bytes.IndexByte
// scans a word or more at a time: most messages are one long line.)
func lineEnd(text []byte, start int) int {
	rest := text[start:]
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		end = len(rest)
	} else {
		end++
	}
	if cr := bytes.IndexByte(rest[:end], '\r'); cr >= 0 {
		if cr+1 < len(rest) && rest[cr+1] == '\n' {
			return start + cr + 2
		}
		return start + cr + 1
	}
	return start + end
}

// fillData adds "Data (N bytes)" at the top of t: the bytes (data.data)
// and their length (data.len), as Wireshark's data dissector shows what
// no other dissector takes. off is where data starts in the tree's
// current source.
func fillData(t *field.Tree, off int, data []byte) field.Node {
	return fillDataIn(t, field.NoNode, off, data)
}

// fillDataIn adds "Data (N bytes)" under parent, as HTTP shows a
// continuation's bytes.
func fillDataIn(t *field.Tree, parent field.Node, off int, data []byte) field.Node {
	top := t.AddProtocol(parent, &hfData, off, len(data), nil)
	b := append(t.Scratch(), "Data ("...)
	b = field.AppendByteCount(b, len(data))
	t.SetText(top, append(b, ')'))
	t.KeepScratch(b)
	t.AddBytes(top, &hfDataData, off, len(data), data)
	t.SetGenerated(t.AddInt(top, &hfDataLen, off, len(data), int64(len(data))))
	return top
}
