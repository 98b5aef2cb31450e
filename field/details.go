package field

import "unsafe"

// AppendDetails appends the tree as tshark -V prints a packet's details:
// a line an item, indented four spaces a level, generated items in
// brackets, hidden ones left out. expand says which top-level protocols to
// show whole (tshark -O); nil shows all, and the others print their top line
// only.
//
// The bytes of an item whose field has Dump set follow its line as a hex
// dump (AppendDump's lines, after a blank line), unless SetDataDumps
// turned them off.
func (t *Tree) AppendDetails(dst []byte, expand func(*Field) bool) []byte {
	for n := t.first; n != NoNode; n = t.items[n].next {
		if t.items[n].flags&flagHidden != 0 {
			continue
		}
		dst = t.appendLine(dst, n, 0)
		dst = t.appendDataDump(dst, n)
		if t.items[n].expert != nil {
			dst = t.appendExpertLines(dst, n, 1) // one at the top, as WebSocket's "Decompression failed"
		}
		if expand == nil || expand(t.items[n].f) {
			if t.items[n].flags&flagElided != 0 {
				dst = append(dst, t.elidedLines(n)...)
			} else {
				dst = t.appendChildren(dst, n, 1)
			}
		}
	}
	return dst
}

// SetDataDumps says whether AppendDetails shows the bytes of Field.Dump
// items: on by default, as tshark -V; off when the dump of every data
// source follows the details, as with tshark -V -x.
func (t *Tree) SetDataDumps(on bool) { t.noDataDumps = !on }

// appendDataDump appends the hex dump of n's bytes when its field asks for
// one: a blank line, then the dump lines.
func (t *Tree) appendDataDump(dst []byte, n Node) []byte {
	it := &t.items[n]
	if t.noDataDumps || it.flags&flagDump == 0 || int(it.src) >= len(t.sources) {
		return dst
	}
	d := t.sources[it.src].Data
	start, end := int(it.start), int(it.start)+int(it.length)
	if start < 0 || end > len(d) || start >= end {
		return dst
	}
	return AppendDump(append(dst, '\n'), d[start:end], DumpASCIIPlain)
}

func (t *Tree) appendChildren(dst []byte, parent Node, depth int) []byte {
	for n, it := t.items[parent].first, (*item)(nil); n != NoNode; n = it.next {
		it = &t.items[n]
		if it.flags&flagHidden != 0 {
			continue
		}
		dst = t.appendLine(dst, n, depth)
		if it.flags&flagDump != 0 {
			dst = t.appendDataDump(dst, n)
		}
		if it.expert != nil {
			dst = t.appendExpertLines(dst, n, depth+1)
		}
		if it.first != NoNode { // most items are leaves: no call for them
			if it.flags&flagPureChildren != 0 && t.lines != nil {
				dst = t.appendPureChildren(dst, n, depth+1)
			} else {
				dst = t.appendChildren(dst, n, depth+1)
			}
		} else if it.flags&flagElided != 0 {
			dst = append(dst, t.elidedLines(n)...)
		}
	}
	return dst
}

// spaces indents a line: four a level.
const spaces = "                                                                "

// appendIndent appends the indentation of depth levels.
func appendIndent(dst []byte, depth int) []byte {
	if l := len(dst); depth <= len(spaces)/4 && cap(dst)-l >= len(spaces) {
		// all the spaces at once, a few wide moves, rather than a call
		// to copy the line's few
		*(*[len(spaces)]byte)(dst[l : l+len(spaces)]) = *(*[len(spaces)]byte)(unsafe.Pointer(unsafe.StringData(spaces)))
		return dst[:l+4*depth]
	}
	for ; depth > len(spaces)/4; depth -= len(spaces) / 4 {
		dst = append(dst, spaces...)
	}
	return append(dst, spaces[:4*depth]...)
}

// appendLineText appends n's line at depth: the indentation, the label
// (in brackets for a generated item) and a newline.
func (t *Tree) appendLineText(dst []byte, n Node, depth int) []byte {
	dst = appendIndent(dst, depth)
	it := &t.items[n]
	gen := it.flags&flagGenerated != 0
	if gen {
		dst = append(dst, '[')
	}
	if it.flags&flagText != 0 && it.expert == nil && it.text.n <= maxLabel {
		// a label of its own, a fifth of the lines, no longer than a
		// label: copied, with no need to cut it
		dst = append(dst, t.buf[it.text.off:it.text.off+it.text.n]...)
	} else {
		dst = t.appendLabel(dst, n)
	}
	if gen {
		dst = append(dst, ']')
	}
	return append(dst, '\n')
}

// appendExpertLines appends the three lines tshark prints under an expert
// info: its message, severity and group.
func (t *Tree) appendExpertLines(dst []byte, n Node, depth int) []byte {
	e := t.items[n].expert
	dst = append(appendIndent(dst, depth), '[')
	dst = append(dst, t.ExpertMessage(n)...)
	dst = append(dst, "]\n"...)
	dst = append(appendIndent(dst, depth), "[Severity level: "...)
	dst = append(dst, e.Severity.String()...)
	dst = append(dst, "]\n"...)
	dst = append(appendIndent(dst, depth), "[Group: "...)
	dst = append(dst, e.Group.String()...)
	return append(dst, "]\n"...)
}
