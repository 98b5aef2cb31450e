package wsframe

import "encoding/binary"

// blocks decodes the blocks of a message into out until the final block
// ends, never making out longer than lim.
func (f *inflater) blocks(out []byte, lim int) ([]byte, error) {
	for {
		if !f.need(3) {
			return out, errUnexpectedEnd
		}
		header := f.bits
		f.consume(3)
		var err error
		switch header >> 1 & 3 {
		case 0:
			out, err = f.stored(out, lim)
		case 1:
			f.useFixed()
			out, err = f.huffman(out, lim)
		case 2:
			if err = f.readCodes(); err == nil {
				out, err = f.huffman(out, lim)
			}
		default:
			err = errBlockType
		}
		// Input after the final block is ignored, as compress/flate does.
		if err != nil || header&1 != 0 {
			return out, err
		}
	}
}

// refill tops up the bit buffer to at least 56 bits, or to all that is left
// of the input.
func (f *inflater) refill() {
	if f.pos+8 <= len(f.in) {
		f.bits |= binary.LittleEndian.Uint64(f.in[f.pos:]) << (f.nbits & 63)
		f.pos += int(63-f.nbits) >> 3
		f.nbits |= 56
		return
	}
	for f.nbits <= 56 {
		switch {
		case f.pos < len(f.in):
			f.bits |= uint64(f.in[f.pos]) << (f.nbits & 63)
			f.pos++
			f.nbits += 8
		case !f.tail:
			f.in, f.pos, f.tail = deflateTail[:], 0, true
		default:
			return
		}
	}
}

// need reports whether n bits (at most 56) are available, refilling first.
func (f *inflater) need(n uint) bool {
	if f.nbits < n {
		f.refill()
	}
	return f.nbits >= n
}

// consume drops n bits (n <= f.nbits).
func (f *inflater) consume(n uint) {
	f.bits >>= n & 63
	f.nbits -= n
}

// stored copies a stored block (RFC 1951 §3.2.4).
func (f *inflater) stored(out []byte, lim int) ([]byte, error) {
	f.consume(f.nbits & 7) // to the byte boundary
	if !f.need(32) {
		return out, errUnexpectedEnd
	}
	n := int(f.bits & 0xffff)
	if uint16(f.bits>>16) != ^uint16(n) {
		return out, errStoredLength
	}
	f.consume(32)
	// Whole bytes already in the bit buffer come first.
	for ; n > 0 && f.nbits >= 8; n-- {
		if len(out) == lim {
			return out, errDecompressedTooBig
		}
		out = append(f.reserve(out, 1, lim), byte(f.bits))
		f.consume(8)
	}
	if n == 0 {
		return out, nil
	}
	// The bit buffer is empty; what it may hold above nbits is a copy of
	// the input at pos, which is about to be consumed directly.
	f.bits = 0
	for n > 0 {
		if f.pos == len(f.in) {
			if f.tail {
				return out, errUnexpectedEnd
			}
			f.in, f.pos, f.tail = deflateTail[:], 0, true
			continue
		}
		p := f.in[f.pos:min(len(f.in), f.pos+n)]
		if room := lim - len(out); len(p) > room {
			// Fill up to the cap: the same bytes compress/flate gave.
			return append(f.reserve(out, room, lim), p[:room]...), errDecompressedTooBig
		}
		out = append(f.reserve(out, len(p), lim), p...)
		f.pos += len(p)
		n -= len(p)
	}
	return out, nil
}

// useFixed loads the fixed Huffman codes into the tables unless they hold
// them already, which saves rebuilding them for a run of fixed blocks.
func (f *inflater) useFixed() {
	if f.fixed {
		return
	}
	lens := f.lens[:maxLitCodes+maxDistCodes]
	for i := range lens {
		switch {
		case i < 144:
			lens[i] = 8
		case i < 256:
			lens[i] = 9
		case i < 280:
			lens[i] = 7
		case i < maxLitCodes:
			lens[i] = 8
		default:
			lens[i] = 5
		}
	}
	buildTable(f.lit[:], litRootBits, lens[:maxLitCodes], litLenAlphabet)
	buildTable(f.dist[:], distRootBits, lens[maxLitCodes:], distAlphabet)
	f.litMin = 7
	f.fixed = true
}

// readCodes reads the header of a dynamic block (RFC 1951 §3.2.7) and builds
// its tables.
func (f *inflater) readCodes() error {
	f.fixed = false
	if !f.need(14) {
		return errUnexpectedEnd
	}
	nlit := int(f.bits&31) + 257
	ndist := int(f.bits>>5&31) + 1
	nclen := int(f.bits>>10&15) + 4
	if nlit > 286 || ndist > 30 {
		return errCodeCounts
	}
	f.consume(14)

	var clens [numCodeLenCodes]uint8
	for _, sym := range codeLenOrder[:nclen] {
		if !f.need(3) {
			return errUnexpectedEnd
		}
		clens[sym] = uint8(f.bits & 7)
		f.consume(3)
	}
	if _, ok := buildTable(f.codeLen[:], codeLenRootBits, clens[:], codeLenAlphabet); !ok {
		return errCodeLengths
	}

	lens := f.lens[:nlit+ndist]
	for i := 0; i < len(lens); {
		if f.nbits < codeLenRootBits+7 {
			f.refill()
		}
		e := f.codeLen[f.bits&(1<<codeLenRootBits-1)]
		n := uint(e & 15)
		if n > f.nbits {
			return errUnexpectedEnd
		}
		if e&kindMask != kindLiteral {
			return errCodeLengths // the empty or the one-bit code
		}
		f.consume(n)
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		// 16 repeats the previous length 3-6 times, 17 and 18 repeat zero
		// 3-10 and 11-138 times.
		var val uint8
		var rep int
		switch sym {
		case 16:
			if i == 0 {
				return errRepeatFirst
			}
			val = lens[i-1]
			if n = 2; f.nbits < n {
				return errUnexpectedEnd
			}
			rep = 3 + int(f.bits&3)
		case 17:
			if n = 3; f.nbits < n {
				return errUnexpectedEnd
			}
			rep = 3 + int(f.bits&7)
		default:
			if n = 7; f.nbits < n {
				return errUnexpectedEnd
			}
			rep = 11 + int(f.bits&127)
		}
		f.consume(n)
		if i+rep > len(lens) {
			return errRepeatTooLong
		}
		for range rep {
			lens[i] = val
			i++
		}
	}

	minLen, ok := buildTable(f.lit[:], litRootBits, lens[:nlit], litLenAlphabet)
	if !ok {
		return errCodeLengths
	}
	if _, ok := buildTable(f.dist[:], distRootBits, lens[nlit:], distAlphabet); !ok {
		return errCodeLengths
	}
	f.litMin = uint(max(minLen, int(lens[256])))
	return nil
}

// huffman decodes the data of a Huffman block (RFC 1951 §3.2.5) with the
// tables in f.lit and f.dist.
//
// The input state is copied to local variables, which the compiler keeps in
// registers. After a refill from the message body at least 56 bits are
// buffered, enough for a whole length/distance pair (15+5+15+13 bits), so
// the checks for missing bits only fail near the end of the input.
func (f *inflater) huffman(out []byte, lim int) ([]byte, error) {
	in, pos, tail := f.in, f.pos, f.tail
	bits, nbits := f.bits, f.nbits
	buf := out[:min(cap(out), lim)]
	o := len(out)
	var err error
loop:
	for {
		if pos+8 <= len(in) {
			bits |= binary.LittleEndian.Uint64(in[pos:]) << (nbits & 63)
			pos += int(63-nbits) >> 3
			nbits |= 56
		} else {
			for nbits <= 56 {
				if pos < len(in) {
					bits |= uint64(in[pos]) << (nbits & 63)
					pos++
					nbits += 8
				} else if !tail {
					in, pos, tail = deflateTail[:], 0, true
				} else {
					break
				}
			}
			if nbits < f.litMin {
				err = errUnexpectedEnd
				break
			}
		}

		e := f.lit[bits&(1<<litRootBits-1)]
		if e&kindLink != 0 {
			e = f.lit[e>>16+uint32(bits>>litRootBits)&(1<<(e>>4&15)-1)]
		}
		n := uint(e & 15)
		if n > nbits {
			err = errUnexpectedEnd
			break
		}
		bits >>= n
		nbits -= n

		if e&kindMask == kindLiteral {
			// A run of literals goes on without refilling while the
			// buffer holds a code of any length.
			for {
				if o == len(buf) {
					if o == lim {
						err = errDecompressedTooBig
						break loop
					}
					buf = f.reserve(buf[:o], 1, lim)
					buf = buf[:min(cap(buf), lim)]
				}
				buf[o] = byte(e >> 16)
				o++
				if nbits < maxCodeBits {
					break
				}
				e = f.lit[bits&(1<<litRootBits-1)]
				if e&kindMask != kindLiteral {
					break // decoded again after the refill
				}
				n = uint(e & 15)
				bits >>= n
				nbits -= n
			}
			continue
		}
		if e&kindBase == 0 {
			if e&kindEnd == 0 {
				err = errBadSymbol
			}
			break
		}

		// A length, then a distance.
		x := uint(e >> 4 & 15)
		if x > nbits {
			err = errUnexpectedEnd
			break
		}
		length := int(e>>16) + int(bits&(1<<x-1))
		bits >>= x
		nbits -= x

		e = f.dist[bits&(1<<distRootBits-1)]
		if e&kindLink != 0 {
			e = f.dist[e>>16+uint32(bits>>distRootBits)&(1<<(e>>4&15)-1)]
		}
		n = uint(e & 15)
		if n > nbits {
			err = errUnexpectedEnd
			break
		}
		bits >>= n
		nbits -= n
		if e&kindBase == 0 {
			err = errBadSymbol
			break
		}
		x = uint(e >> 4 & 15)
		if x > nbits {
			err = errUnexpectedEnd
			break
		}
		dist := int(e>>16) + int(bits&(1<<x-1))
		bits >>= x
		nbits -= x
		if dist > o && dist > o+f.wlen {
			err = errDistanceTooFar
			break
		}

		if o+length > len(buf) {
			if len(buf) < lim {
				buf = f.reserve(buf[:o], min(length, lim-o), lim)
				buf = buf[:min(cap(buf), lim)]
			}
			if o+length > len(buf) {
				// Copy up to the cap: the same bytes compress/flate gave.
				length = len(buf) - o
				err = errDecompressedTooBig
			}
		}
		if dist > o {
			k := f.fromWindow(buf[o:o+length], dist-o)
			o += k
			length -= k
		}
		if length > 0 {
			src := o - dist
			if dist >= length {
				copy(buf[o:o+length], buf[src:])
				o += length
			} else {
				// The copy overlaps itself: repeat the pattern, doubling
				// the source as it grows.
				for end := o + length; o < end; {
					o += copy(buf[o:end], buf[src:o])
				}
			}
		}
		if err != nil {
			break
		}
	}
	f.in, f.pos, f.tail = in, pos, tail
	f.bits, f.nbits = bits, nbits
	return buf[:o], err
}
