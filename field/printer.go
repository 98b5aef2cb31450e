package field

import "unsafe"

// Printer prints packet details tree after tree, as tshark -V prints a
// capture. Most lines repeat from packet to packet ("Reserved: Not set",
// "Kind: No-Operation (1)", "Time to Live: 64"): a Printer remembers the
// lines that their item's field, value and depth alone make, so that
// printing such a line again is a copy. A Printer is for one goroutine at
// a time; its zero value is ready to use.
type Printer struct {
	// Expand says which top-level protocols to show whole (tshark -O);
	// nil shows all.
	Expand func(*Field) bool
	lines  *lineCache
}

// AppendDetails appends t's details as t.AppendDetails(dst, p.Expand)
// does.
func (p *Printer) AppendDetails(dst []byte, t *Tree) []byte {
	if p.lines == nil {
		p.lines = new(lineCache)
	}
	t.lines = p.lines
	dst = t.AppendDetails(dst, p.Expand)
	t.lines = nil
	return dst
}

// lineCache is a direct-mapped table of printed lines, by what makes them:
// 2^lineCacheBits of them. Each slot has a tag, 32 bits of the key's hash
// (0 for an empty slot), apart from its line: the tags fit in the
// fastest cache, so that a miss, a quarter of the lookups, reads no line.
type lineCache struct {
	tags  [1 << lineCacheBits]uint32
	hot   [1 << lineCacheBits]bool // printed from the cache since it was kept
	lines [1 << lineCacheBits]cachedLine
}

const lineCacheBits = 11

// maxCachedLine is the longest line a lineCache keeps: long enough for
// the bit-field lines of 24- and 32-bit fields (".... ..1. .... .... ....
// .... = LG bit: Locally administered address ..."), which repeat in every
// packet; a slot is 176 bytes.
const maxCachedLine = 124

// cachedLine is a line and what made it: the item's field, value (num,
// aux, the raw bits and mask of a bit field, up to 8 bytes of data), the
// flags that show in the line, and the depth.
type cachedLine struct {
	f                         *Field
	num, aux, bits, mask, raw uint64
	dlen, flags, depth, n     uint8
	text                      [maxCachedLine]byte
}

// appendLine appends n's line at depth: from the printer's cache when it
// has it, else as appendLineText makes it, kept for the next time. Only
// the lines that their item alone makes are cached: an item without expert
// info or text of its own, whose value holds no more than 8 bytes of data.
// (The key's fields are compared one by one: a key struct built and
// compared whole cost more than formatting the line.)
func (t *Tree) appendLine(dst []byte, n Node, depth int) []byte {
	c := t.lines
	it := &t.items[n]
	f := it.f
	if it.flags&flagText != 0 && it.expert == nil && it.text.n <= maxLabel {
		// a label of its own, a fifth of the lines: copied, with no
		// need to cut it
		return t.appendTextLine(dst, it, depth)
	}
	if c == nil || f == nil || it.expert != nil || it.flags&(flagText|flagValueText) != 0 || depth > 255 {
		return t.appendLineText(dst, n, depth)
	}
	var raw uint64
	var dlen uint8
	switch f.Type {
	case String, Bytes, Ether, IPv6, OID:
		b := t.Bytes(n)
		if len(b) > 8 {
			return t.appendLineText(dst, n, depth)
		}
		for i, c := range b {
			raw |= uint64(c) << (8 * i)
		}
		dlen = uint8(len(b))
	}
	flags, d := it.flags&(flagGenerated|flagBits|flagMissing), uint8(depth)
	h := uint64(uintptr(unsafe.Pointer(f)))
	h ^= it.num*0x9e3779b97f4a7c15 ^ it.aux*0xc2b2ae3d27d4eb4f ^ it.bits*0x165667b19e3779f9 ^ raw*0xd6e8feb86659fd93
	h ^= uint64(d)<<56 ^ uint64(flags)<<48 ^ uint64(dlen)<<40
	h *= 0x9e3779b97f4a7c15
	i, tag := h>>(64-lineCacheBits), uint32(h)|1
	if c.tags[i] == tag {
		if e := &c.lines[i]; e.f == f && e.num == it.num && e.aux == it.aux && e.bits == it.bits && e.mask == it.bitMask &&
			e.raw == raw && e.dlen == dlen && e.flags == flags && e.depth == d {
			c.hot[i] = true
			return append(dst, e.text[:e.n]...)
		}
	}
	start := len(dst)
	dst = t.appendLineText(dst, n, depth)
	if c.hot[i] {
		// a line printed again since it was kept stays for one more
		// miss: the lines of values that never repeat (times, sequence
		// numbers) would otherwise evict those that repeat every packet
		c.hot[i] = false
		return dst
	}
	if line := dst[start:]; len(line) <= maxCachedLine {
		e := &c.lines[i]
		e.f, e.num, e.aux, e.bits, e.mask, e.raw = f, it.num, it.aux, it.bits, it.bitMask, raw
		e.dlen, e.flags, e.depth, e.n = dlen, flags, d, uint8(copy(e.text[:], line))
		c.tags[i] = tag
	}
	return dst
}

// appendTextLine appends the line of an item labelled by a text of its
// own (SetText) that is no longer than a label: as appendLineText makes
// it, without its detour through the label's cut.
func (t *Tree) appendTextLine(dst []byte, it *item, depth int) []byte {
	dst = appendIndent(dst, depth)
	text := t.buf[it.text.off : it.text.off+it.text.n]
	if it.flags&flagGenerated != 0 {
		dst = append(dst, '[')
		dst = append(dst, text...)
		return append(dst, "]\n"...)
	}
	dst = append(dst, text...)
	return append(dst, '\n')
}
