package field

import (
	"encoding/binary"
	"slices"
	"unicode/utf8"
)

// AppendFieldText appends s as tshark -T fields prints a string: newline,
// carriage return and tab as \n \r \t, each byte that is not valid UTF-8
// as U+FFFD, everything else as it is. The runs of bytes printed as they
// are (plainPrefix) are copied whole: a text message of megabytes is
// mostly one run.
func AppendFieldText(dst, s []byte) []byte {
	dst = slices.Grow(dst, len(s)) // enough unless bytes are escaped or replaced
	for {
		n := plainPrefix(s)
		dst = append(dst, s[:n]...)
		s = s[n:]
		if len(s) == 0 {
			return dst
		}
		switch c := s[0]; {
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c < utf8.RuneSelf:
			dst = append(dst, c) // another control character: as it is
		default:
			var n int
			dst, n = appendRuneOrReplacement(dst, s)
			s = s[n:]
			continue
		}
		s = s[1:]
	}
}

// appendRuneOrReplacement appends s's first character, or U+FFFD when its
// first byte starts no valid UTF-8, as tshark's -T fields and -T json show
// such a byte, and returns how many bytes of s it took.
func appendRuneOrReplacement(dst, s []byte) ([]byte, int) {
	r, n := utf8.DecodeRune(s)
	if r == utf8.RuneError && n == 1 {
		return utf8.AppendRune(dst, utf8.RuneError), 1
	}
	return append(dst, s[:n]...), n
}

// plainPrefix returns the length of s's longest prefix of ASCII bytes from
// 0x0e up, which AppendFieldText copies as they are, eight bytes at a time:
// a byte below 0x0e (among them tab, newline, carriage return) or from
// 0x80 up (UTF-8 to check) ends it.
func plainPrefix(s []byte) int {
	const ones = 0x0101010101010101
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64(s[i:])
		// (x - 0x0e per byte) &^ x has a byte's high bit set where the
		// first byte below 0x0e is, exactly when there is one below 0x80;
		// x itself has it where a byte is from 0x80 up
		if ((x-ones*0x0e)&^x|x)&highBits != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x0e || c >= utf8.RuneSelf {
			break
		}
	}
	return i
}
