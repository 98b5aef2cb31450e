package field

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

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
	t.lines = p.cache()
	dst = t.AppendDetails(dst, p.Expand)
	t.lines = nil
	return dst
}

// cache returns the printer's cache, made the first time.
func (p *Printer) cache() *lineCache {
	if p.lines == nil {
		p.lines = new(lineCache)
	}
	return p.lines
}

// lineCache is a direct-mapped table of printed lines, by what makes them:
// 2^lineCacheBits of them. Each slot has a tag apart from its line: 30
// bits of the key's hash, lineKept when the slot holds a line and lineHot
// when it was printed from the cache since it was kept. The tags fit in
// the fastest cache, so that a miss, a quarter of the lookups, reads no
// line. A line is kept the second time its slot misses it in a row (seen
// holds the tag of the last miss): the values that never repeat (times,
// sequence numbers, a dozen lines a packet) then evict nothing, and cost
// no copy into the cache.
//
// A slot's parts live in arrays of their own, the lines first: a Printer
// is allocated page-aligned, so each line is a 128-byte run of its own,
// on two cache lines, and a hit reads its key from another and copies the
// line's cache lines alone; the data past 8 bytes, which few keys have, is
// read only for them. (Slots of 240 bytes, key, data and line together,
// spread a hit over four or five cache lines.)
type lineCache struct {
	texts  [1 << lineCacheBits]cachedText
	keys   [1 << lineCacheBits]cachedKey
	more   [1 << lineCacheBits]dataWords
	tags   [1 << lineCacheBits]uint32
	seen   [1 << lineCacheBits]uint32
	blocks [1 << blockCacheBits]cachedBlock
}

// blockCacheBits sizes the table of the blocks of lines under items whose
// children are made from their value alone (Tree.SetChildrenFromValue): a
// few a packet (TCP's and IP's flags, the DS field, NOP options), of
// which a few dozen values come in a capture.
const blockCacheBits = 6

// maxCachedBlock is the longest block the cache keeps: TCP's eleven flag
// lines are 640 bytes.
const maxCachedBlock = 1000

// cachedBlock is the lines under an item and what made them: the item's
// key, up to 8 bytes of data.
type cachedBlock struct {
	lineKey
	n    uint16
	text [maxCachedBlock]byte
}

// lineKey is what makes a cached line or block: the item's field, value
// (num, aux, the raw bits and mask of a bit field, the first 8 bytes of
// data in raw), and in meta the depth, the flags that show in a line and
// the data's length. Its parts are compared one by one (is): a key
// struct built and compared whole cost more than formatting the line.
type lineKey struct {
	f                         *Field
	num, aux, bits, mask, raw uint64
	meta                      uint32
}

// is reports whether k is the key of item it with data raw and meta.
func (k *lineKey) is(it *item, raw uint64, meta uint32) bool {
	return k.f == it.f && k.num == it.num && k.aux == it.aux && k.bits == it.bits &&
		k.mask == it.bitMask && k.raw == raw && k.meta == meta
}

// set makes k the key of item it with data raw and meta.
func (k *lineKey) set(it *item, raw uint64, meta uint32) {
	k.f, k.num, k.aux, k.bits, k.mask, k.raw, k.meta = it.f, it.num, it.aux, it.bits, it.bitMask, raw, meta
}

// keyHash spreads the key of item it with data raw and meta with one
// multiply: the slot is only a guess, the key is compared whole after.
func keyHash(it *item, raw uint64, meta uint32) uint64 {
	return (uint64(uintptr(unsafe.Pointer(it.f))) ^ it.num ^ it.aux<<21 ^ it.bits<<11 ^ raw<<29 ^ uint64(meta)<<40) * 0x9e3779b97f4a7c15
}

// dataWord is b, at most 8 bytes, as a little-endian word: from two loads
// that overlap, with no loop by byte.
func dataWord(b []byte) uint64 {
	switch n := len(b); {
	case n >= 8:
		return binary.LittleEndian.Uint64(b)
	case n >= 4:
		return uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[n-4:]))<<(8*(n-4))
	case n > 0:
		return uint64(b[0]) | uint64(b[n/2])<<(8*(n/2)) | uint64(b[n-1])<<(8*(n-1))
	}
	return 0
}

// appendPureChildren appends the lines under n, an item whose children
// are made from its value alone, at depth: from the printer's cache when
// it has them for that value, else as appendChildren prints them, kept
// for the next time.
func (t *Tree) appendPureChildren(dst []byte, n Node, depth int) []byte {
	it := &t.items[n]
	raw, meta, ok := t.blockKey(it, depth)
	if !ok {
		return t.appendChildren(dst, n, depth)
	}
	b := t.lines.block(it, raw, meta)
	if b.n != 0 && b.is(it, raw, meta) {
		return append(dst, b.text[:b.n]...)
	}
	start := len(dst)
	dst = t.appendChildren(dst, n, depth)
	if block := dst[start:]; len(block) <= maxCachedBlock {
		b.set(it, raw, meta)
		b.n = uint16(copy(b.text[:], block))
	}
	return dst
}

// blockKey returns the data word and meta of the key of the block of
// lines under it at depth, or false when no such block is kept: for an
// item of more than 8 bytes of data.
func (t *Tree) blockKey(it *item, depth int) (raw uint64, meta uint32, ok bool) {
	if it.data.n > 8 || depth > 0xffff {
		return 0, 0, false
	}
	return dataWord(t.itemBytes(it)), uint32(depth) | uint32(it.data.n)<<16, true
}

// block returns the slot of the block of lines of that key.
func (c *lineCache) block(it *item, raw uint64, meta uint32) *cachedBlock {
	return &c.blocks[keyHash(it, raw, meta)>>(64-blockCacheBits)]
}

const lineCacheBits = 11

// Bits of a lineCache tag.
const (
	lineKept = 1 << iota
	lineHot
)

// maxCachedLine is the longest line a lineCache keeps: long enough for
// the bit-field lines of 24- and 32-bit fields (".... ..1. .... .... ....
// .... = LG bit: Locally administered address ..."), which repeat in every
// packet; two cache lines.
const maxCachedLine = 128

// maxCachedData is the most data of a line a lineCache keeps: enough for
// the strings that repeat in every packet ("[Protocols in frame:
// eth:ethertype:ipv6:tcp:http:websocket:data-text-lines]", 53 bytes,
// "[TCP Flags: ·······AP···]"), whose escaping cost a tenth of the
// instructions of printing a packet.
const maxCachedData = 64

// cachedText is a cached line's text, padded.
type cachedText struct {
	head, tail [maxCachedLine / 2]byte
}

// bytes returns the room of t's text.
func (t *cachedText) bytes() []byte { return unsafe.Slice(&t.head[0], maxCachedLine) }

// cachedKey is what made a cached line, but its data past the eighth
// byte (lineCache.more), and the line's length.
type cachedKey struct {
	lineKey
	n uint8
}

// dataWords is the bytes of data past the eighth, up to maxCachedData, as
// words.
type dataWords [(maxCachedData - 8) / 8]uint64

// appendLine appends n's line at depth: from the printer's cache when it
// has it, else as appendLineText makes it, kept for the next time. Only
// the lines that their item alone makes are cached: an item without expert
// info or text of its own, whose value holds no more than maxCachedData
// bytes of data.
func (t *Tree) appendLine(dst []byte, n Node, depth int) []byte {
	it := &t.items[n]
	// (an expert info is an item of no field)
	if it.flags&(flagText|flagValueText) != 0 || it.f == nil || t.lines == nil || depth > 255 {
		return t.appendLineText(dst, n, depth)
	}
	var raw, mixed uint64 // mixed: the data past 8 bytes, for the hash
	var dlen uint32
	if it.data.n != 0 { // only byte strings, MACs and IPv6 addresses have data
		b := t.itemBytes(it)
		if len(b) > maxCachedData {
			return t.appendLineText(dst, n, depth)
		}
		if len(b) <= 8 {
			raw = dataWord(b)
		} else {
			var w [maxCachedData]byte
			copy(w[:], b)
			raw = binary.LittleEndian.Uint64(w[:])
			// the words past the eighth byte in the tree, not on the
			// stack: most lines have none, and would clear them
			for i := range t.more {
				t.more[i] = binary.LittleEndian.Uint64(w[8+8*i:])
				mixed ^= bits.RotateLeft64(t.more[i], 7*(i+1)) // every bit counts: IPv6 addresses differ in their last
			}
		}
		dlen = uint32(len(b))
	}
	meta := uint32(depth) | uint32(it.flags&(flagGenerated|flagBits|flagMissing))<<8 | dlen<<16
	h := keyHash(it, raw^mixed, meta)
	c := t.lines
	i, tag := h>>(64-lineCacheBits), uint32(h)&^lineHot|lineKept
	e := &c.keys[i]
	if c.tags[i]&^lineHot == tag && e.is(it, raw, meta) && (dlen <= 8 || c.more[i] == t.more) {
		c.tags[i] |= lineHot
		if l := len(dst); cap(dst)-l >= maxCachedLine {
			// the line's cache lines whole, a few wide moves, rather
			// than a call to copy its length
			text := &c.texts[i]
			*(*[maxCachedLine / 2]byte)(dst[l : l+maxCachedLine/2]) = text.head
			if e.n > maxCachedLine/2 { // most lines fit in the first
				*(*[maxCachedLine / 2]byte)(dst[l+maxCachedLine/2 : l+maxCachedLine]) = text.tail
			}
			return dst[:l+int(e.n)]
		}
		return append(dst, c.texts[i].bytes()[:e.n]...)
	}
	start := len(dst)
	dst = t.appendLineText(dst, n, depth)
	if c.seen[i] != tag {
		c.seen[i] = tag
		return dst
	}
	if c.tags[i]&lineHot != 0 {
		// a line printed again since it was kept stays for one more
		// miss: the lines of values that never repeat (times, sequence
		// numbers) would otherwise evict those that repeat every packet
		c.tags[i] &^= lineHot
		return dst
	}
	if line := dst[start:]; len(line) <= maxCachedLine {
		e.set(it, raw, meta)
		c.more[i] = dataWords{}
		if dlen > 8 {
			c.more[i] = t.more
		}
		e.n = uint8(copy(c.texts[i].bytes(), line))
		c.tags[i] = tag
	}
	return dst
}
