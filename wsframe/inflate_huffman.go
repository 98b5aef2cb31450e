package wsframe

import "math/bits"

// Huffman decoding tables (RFC 1951 §3.2.2). A table is a root array indexed
// by the next rootBits input bits, followed by subtables for the codes longer
// than rootBits. Codes are packed starting with their most significant bit,
// so the root index of a code is its bit-reversed value, and a code of n bits
// fills every 2^n-th entry.
//
// Every entry is a uint32:
//
//	bits 0-3    length of the code in bits (0 in bad and link entries)
//	bits 4-7    extra bits that follow the code (lengths and distances),
//	            or the index bits of the subtable of a link entry
//	bits 8-11   kind (kindLiteral is 0)
//	bits 16-31  literal byte or code length symbol, base length or
//	            distance, or start of the subtable of a link entry
//
// Subtable entries hold the full code length, so a decoder consumes the
// same way after one lookup or two.
const (
	kindLiteral = 0
	kindBase    = 1 << 8 // length or distance: base value plus extra bits
	kindEnd     = 2 << 8 // end of block
	kindLink    = 4 << 8 // the code continues in a subtable
	kindBad     = 8 << 8 // unused code or symbol that never occurs in valid data
	kindMask    = 0xf << 8
)

// Table geometry. The root sizes trade the cost of building a table for
// every dynamic block against the number of codes that need a subtable.
//
// The subtable space is enough for any complete code: a subtable of 2^k
// entries serves a subtree of depth k, which holds at least k+1 codes, and k
// is at most 15-rootBits. For 288 literal/length codes and 5 bits that is at
// most 288/6 subtables of 32 entries; for 32 distance codes and 7 bits, 32/8
// subtables of 128 entries.
const (
	maxCodeBits     = 15
	litRootBits     = 10
	litTableSize    = 1<<litRootBits + 288/6*32
	distRootBits    = 8
	distTableSize   = 1<<distRootBits + 32/8*128
	codeLenRootBits = 7 // code length codes are at most 7 bits: no subtables
	maxLitCodes     = 288
	maxDistCodes    = 32
	numCodeLenCodes = 19
)

// alphabet tells buildTable what the symbols of a code mean.
type alphabet uint8

const (
	codeLenAlphabet alphabet = iota // code lengths of a dynamic block header
	litLenAlphabet                  // literals, end of block and lengths
	distAlphabet                    // distances
)

// Base values and extra bits of the length symbols 257-285 and the distance
// symbols 0-29 (RFC 1951 §3.2.5).
var (
	lengthBase = [29]uint16{
		3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
		35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{
		0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
		3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase = [30]uint16{
		1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
		257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra = [30]uint8{
		0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
		7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// codeLenOrder is the order of the code length code lengths in a
	// dynamic block header (RFC 1951 §3.2.7).
	codeLenOrder = [numCodeLenCodes]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

// symbolEntry returns the table entry of symbol sym of alphabet a, without
// its code length.
func symbolEntry(a alphabet, sym int) uint32 {
	switch a {
	case litLenAlphabet:
		switch {
		case sym < 256:
			return uint32(sym) << 16
		case sym == 256:
			return kindEnd
		case sym < 286:
			i := sym - 257
			return uint32(lengthBase[i])<<16 | uint32(lengthExtra[i])<<4 | kindBase
		}
		// 286 and 287 have fixed codes but never occur in valid data.
		return kindBad
	case distAlphabet:
		if sym < 30 {
			return uint32(distBase[sym])<<16 | uint32(distExtra[sym])<<4 | kindBase
		}
		return kindBad
	}
	return uint32(sym) << 16
}

// buildTable fills table for the canonical code of the code lengths lens
// (RFC 1951 §3.2.2), whose symbols belong to alphabet a. It accepts exactly
// the codes compress/flate accepts: complete codes, the empty code (every
// lookup then finds a bad entry) and a single code of one bit (the other bit
// value is bad). It returns the length of the shortest code (0 for the empty
// code) and false when the lengths are over-subscribed or incomplete.
//
// Codes up to rootBits long are written into a root table of 2^n entries
// that doubles as n grows, so every root entry is written once, not once
// per code (the method of libdeflate).
func buildTable(table []uint32, rootBits int, lens []uint8, a alphabet) (minLen int, ok bool) {
	var count [maxCodeBits + 1]int
	for _, n := range lens {
		count[n]++
	}
	count[0] = 0
	// left is the unused code space, in units of the longest code.
	left := 1
	for n := 1; n <= maxCodeBits; n++ {
		left = left<<1 - count[n]
		if left < 0 {
			return 0, false // over-subscribed
		}
	}
	root := table[:1<<rootBits]
	switch {
	case left == 1<<maxCodeBits:
		// No codes at all.
		for i := range root {
			root[i] = kindBad
		}
		return 0, true
	case left == 1<<(maxCodeBits-1) && count[1] == 1:
		// One code of one bit: 0 is the symbol, 1 is bad.
		for sym, n := range lens {
			if n != 0 {
				e := symbolEntry(a, sym) | 1
				for i := 0; i < len(root); i += 2 {
					root[i], root[i+1] = e, kindBad
				}
				break
			}
		}
		return 1, true
	case left != 0:
		return 0, false // incomplete
	}

	// Sort the symbols by code length, then by value: the canonical order.
	var offset [maxCodeBits + 2]int
	for n := 1; n <= maxCodeBits; n++ {
		offset[n+1] = offset[n] + count[n]
	}
	var sorted [maxLitCodes]uint16
	for sym, n := range lens {
		if n != 0 {
			sorted[offset[n]] = uint16(sym)
			offset[n]++
		}
	}

	n := 1 // current code length
	for count[n] == 0 {
		n++
	}
	minLen = n
	code := 0        // the next code, bit-reversed in n bits
	s := 0           // index of its symbol in sorted
	rest := count[n] // codes of length n left
	end := 1 << n    // entries filled so far: the root table for n-bit codes
	for ; n <= rootBits; n++ {
		for ; rest > 0; rest-- {
			root[code] = symbolEntry(a, int(sorted[s])) | uint32(n)
			s++
			if code == end-1 {
				// The last code (all ones): replicate up to the full root size.
				for ; end < len(root); end <<= 1 {
					copy(root[end:2*end], root[:end])
				}
				return minLen, true
			}
			code = nextCode(code, n)
		}
		if n < rootBits {
			copy(root[end:2*end], root[:end])
			end <<= 1
		}
		rest = count[n+1]
	}

	// Codes longer than rootBits go to subtables, one per root prefix. A
	// subtable has 2^k entries where rootBits+k is the longest code under its
	// prefix; since the code is complete, it is found by taking in codes of
	// increasing length until the subtable's code space is used up.
	n = rootBits + 1
	end = len(root)
	prefix := -1
	start, subBits := 0, 0
	for {
		for rest == 0 {
			n++
			rest = count[n]
		}
		if p := code & (1<<rootBits - 1); p != prefix {
			prefix = p
			start = end
			subBits = n - rootBits
			used := rest
			for used < 1<<subBits {
				subBits++
				used = used<<1 + count[rootBits+subBits]
			}
			end = start + 1<<subBits
			if end > len(table) {
				return 0, false // cannot happen for a complete code: see litTableSize
			}
			root[prefix] = uint32(start)<<16 | uint32(subBits)<<4 | kindLink
		}
		e := symbolEntry(a, int(sorted[s])) | uint32(n)
		s++
		for i := start + code>>rootBits; i < end; i += 1 << (n - rootBits) {
			table[i] = e
		}
		if code == 1<<n-1 {
			return minLen, true
		}
		code = nextCode(code, n)
		rest--
	}
}

// nextCode returns the canonical successor of the n-bit code, both
// bit-reversed: the lowest bits of a reversed code are its highest, so one
// is added at the top and the carry runs downwards.
func nextCode(code, n int) int {
	bit := 1 << (bits.Len(uint(code^(1<<n-1))) - 1)
	return code&(bit-1) | bit
}
