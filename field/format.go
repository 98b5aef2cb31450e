package field

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"
)

// Form is a way of printing a value: views differ in small ways.
type Form uint8

// Forms of AppendValue.
const (
	// FormFields is how tshark -T fields prints a value: bytes as hex
	// without separators, tabs and newlines in strings as \t and \n.
	FormFields Form = iota
	// FormJSON is the "show" value of tshark -T json: bytes as hex pairs
	// joined by colons, strings as they are.
	FormJSON
)

const hexDigits = "0123456789abcdef"

// AppendValue appends n's value as a view prints it (tshark -T fields, the
// value of -T json): numbers in their base, without value names; booleans as
// 1 and 0; times as tshark formats them. Items without a value append
// nothing.
func (t *Tree) AppendValue(dst []byte, n Node, form Form) []byte {
	if n < NoNode {
		return dst
	}
	it := &t.items[n]
	f := it.f
	if f == nil {
		return dst
	}
	switch f.Type {
	case Boolean:
		if it.num != 0 {
			return append(dst, '1')
		}
		return append(dst, '0')
	case Uint8, Uint16, Uint24, Uint32, Uint40, Uint48, Uint56, Uint64:
		if f.Base == BaseHex || f.Base == BaseHexDec {
			return appendHex(dst, it.num, (f.Type.bits()+3)/4)
		}
		if f.Base == BaseOct {
			return appendOct(dst, it.num)
		}
		return AppendUint(dst, it.num)
	case Int8, Int16, Int32, Int64:
		return AppendInt(dst, int64(it.num))
	case FrameNum:
		return AppendUint(dst, it.num)
	case AbsoluteTime:
		return AppendAbsoluteTime(dst, t.Time(n))
	case RelativeTime:
		return AppendSeconds(dst, time.Duration(it.num))
	case Double:
		return strconv.AppendFloat(dst, math.Float64frombits(it.num), 'g', -1, 64)
	case String:
		if form == FormFields {
			return AppendFieldText(dst, t.Bytes(n))
		}
		return append(dst, t.Bytes(n)...)
	case OID:
		return AppendOID(dst, t.Bytes(n))
	case Bytes:
		if form == FormJSON {
			return AppendHex(dst, t.Bytes(n), ':')
		}
		if len(t.Bytes(n)) == 0 {
			return appendEmpty(dst, t.items[n].flags) // as tshark -T fields prints it; JSON has ""
		}
		return AppendHex(dst, t.Bytes(n), 0)
	case Ether:
		return AppendHex(dst, t.Bytes(n), ':')
	case IPv4, IPv6:
		return t.IP(n).AppendTo(dst)
	}
	return dst
}

// AppendLabel appends n's label as packet details print it, without the
// indentation and the brackets of a generated item: "Source Port: 80",
// ".... ..1. = Syn: Set", "Type: IPv6 (0x86dd)".
func (t *Tree) AppendLabel(dst []byte, n Node) []byte {
	if n < NoNode {
		return dst
	}
	return t.appendLabel(dst, n)
}

// maxLabel is the longest label tshark prints (its ITEM_LABEL_LENGTH less
// the terminating zero): a longer one is cut, with " [truncated]" after the
// name of a field.
const maxLabel = 239

func (t *Tree) appendLabel(dst []byte, n Node) []byte {
	start := len(dst)
	dst = t.appendFullLabel(dst, n)
	if len(dst)-start <= maxLabel {
		return dst
	}
	it := &t.items[n]
	if f := it.f; f != nil && it.expert == nil && it.flags&flagText == 0 && f.Type != Protocol && f.Type != None {
		// "Name [truncated]: value", cut to the length
		name := len(f.Name)
		if f.Mask != 0 || it.flags&flagBits != 0 {
			name += f.width() + f.width()/4 - 1 + len(" = ")
		}
		if start+name+2 <= len(dst) {
			rest := append(t.scratch[:0], dst[start+name:]...)
			dst = append(append(dst[:start+name], " [truncated]"...), rest...)
			t.scratch = rest
			// tshark keeps one byte less of a field's label than of a text
			return cutUTF8(dst[:start+maxLabel-1])
		}
	}
	if f := it.f; f == nil && it.expert == nil && it.flags&flagText != 0 {
		// a text item (proto_tree_add_format_text): " [truncated]" first
		return cutUTF8(insertTruncated(dst, start)[:start+maxLabel-1])
	}
	return cutUTF8(dst[:start+maxLabel])
}

// insertTruncated inserts " [truncated]" at i in dst, in place: dst may
// be the tree's scratch, as when sameKey compares labels.
func insertTruncated(dst []byte, i int) []byte {
	const mark = " [truncated]"
	n := len(dst)
	dst = append(dst, mark...)
	copy(dst[i+len(mark):], dst[i:n])
	copy(dst[i:], mark)
	return dst
}

// cutUTF8 drops a character the cut left incomplete at the end of b.
func cutUTF8(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			return b
		}
	}
	return b
}

func (t *Tree) appendFullLabel(dst []byte, n Node) []byte {
	it := &t.items[n]
	f := it.f
	if it.expert != nil {
		dst = append(dst, "Expert Info ("...)
		dst = append(dst, it.expert.Severity.String()...)
		dst = append(dst, '/')
		dst = append(dst, it.expert.Group.String()...)
		dst = append(dst, "): "...)
		return append(dst, t.ExpertMessage(n)...)
	}
	if it.flags&flagText != 0 {
		return append(dst, t.buf[it.text.off:it.text.off+it.text.n]...)
	}
	if f == nil {
		return dst
	}
	if f.Type == Protocol || f.Type == None || f.InNameOnly {
		// a protocol's label is its name, one in name only's too
		return append(dst, f.Name...)
	}
	if f.Label != nil && f.Type.bits() != 0 { // an integer
		return f.Label(dst, it.num)
	}
	if f.Mask != 0 || it.flags&flagBits != 0 {
		dst = t.appendBitField(dst, it)
		dst = append(dst, " = "...)
	}
	dst = append(dst, f.Name...)
	dst = append(dst, ": "...)
	if it.flags&flagValueText != 0 {
		return append(dst, t.buf[it.text.off:it.text.off+it.text.n]...)
	}
	switch f.Type {
	case Boolean:
		switch {
		case f.TF != nil && it.num != 0:
			return append(dst, f.TF.True...)
		case f.TF != nil:
			return append(dst, f.TF.False...)
		case f.Mask != 0 && it.num != 0:
			return append(dst, "Set"...)
		case f.Mask != 0:
			return append(dst, "Not set"...)
		case it.num != 0:
			return append(dst, "True"...)
		}
		return append(dst, "False"...)
	case Uint8, Uint16, Uint24, Uint32, Uint40, Uint48, Uint56, Uint64, Int8, Int16, Int32, Int64:
		if f.Format != nil {
			return f.Format(dst, it.num)
		}
		return t.appendInteger(dst, it)
	case OID:
		return AppendOID(dst, t.Bytes(n))
	case Bytes:
		if len(t.Bytes(n)) == 0 {
			return appendEmpty(dst, it.flags)
		}
		if b := t.Bytes(n); len(b) > maxLabelBytes {
			return append(AppendHex(dst, b[:maxLabelBytes], 0), "…"...)
		}
		return AppendHex(dst, t.Bytes(n), 0)
	case String:
		return AppendLabelText(dst, t.Bytes(n))
	case Ether:
		dst = AppendHex(dst, t.Bytes(n), ':')
		dst = append(dst, " ("...)
		dst = AppendHex(dst, t.Bytes(n), ':')
		return append(dst, ')')
	case RelativeTime:
		dst = t.AppendValue(dst, n, FormFields)
		return append(dst, " seconds"...)
	}
	return t.AppendValue(dst, n, FormFields)
}

// appendEmpty appends how tshark shows a byte string of no bytes:
// "<MISSING>" when they were due (SetMissing), "<none>" otherwise.
func appendEmpty(dst []byte, flags uint16) []byte {
	if flags&flagMissing != 0 {
		return append(dst, "<MISSING>"...)
	}
	return append(dst, "<none>"...)
}

// maxLabelBytes is how many bytes of a byte string a label shows before
// "…".
const maxLabelBytes = 36

// appendInteger appends an integer's value part: its name and number, or
// the number in the field's base.
func (t *Tree) appendInteger(dst []byte, it *item) []byte {
	f := it.f
	if f.Values == nil {
		return appendNumber(dst, f, it.num)
	}
	name, ok := f.ValueName(it.num)
	if !ok {
		name = "Unknown"
	}
	dst = append(dst, name...)
	if f.Base == BaseNone {
		// a status without a number: "Checksum Status: Unverified"
		return dst
	}
	dst = append(dst, " ("...)
	dst = appendNumber(dst, f, it.num)
	return append(dst, ')')
}

// appendNumber appends an integer of field f in the field's base.
func appendNumber(dst []byte, f *Field, v uint64) []byte {
	switch f.Type {
	case Int8, Int16, Int32, Int64:
		return AppendInt(dst, int64(v))
	}
	switch f.Base {
	case BaseHex:
		return appendHex(dst, v, f.hexDigits())
	case BaseOct:
		return appendOct(dst, v)
	case BaseDecHex:
		dst = AppendUint(dst, v)
		dst = append(dst, " ("...)
		dst = appendHex(dst, v, f.hexDigits())
		return append(dst, ')')
	case BaseHexDec:
		dst = appendHex(dst, v, f.hexDigits())
		dst = append(dst, " ("...)
		dst = AppendUint(dst, v)
		return append(dst, ')')
	}
	return AppendUint(dst, v)
}

// hexDigits is how many hex digits a value of f shows: enough for its
// type, or for its mask.
func (f *Field) hexDigits() int {
	if f.Mask != 0 {
		return (maskWidth(f.Mask) + 3) / 4
	}
	return (f.Type.bits() + 3) / 4
}

// appendBitField appends the bit-field prefix of a masked item: one
// character a bit of the field's width, '.' outside the mask, in groups of
// four: ".... ..1.". The characters are made in a buffer of their own:
// appended one by one they cost ten times as much.
func (t *Tree) appendBitField(dst []byte, it *item) []byte {
	f := it.f
	raw, mask := it.bits, it.bitMask
	if it.flags&flagBits == 0 {
		mask = f.Mask
		if f.Type == Boolean {
			raw = 0
			if it.num != 0 {
				raw = f.Mask
			}
		} else {
			raw = it.num << f.shift()
		}
	}
	w := min(f.width(), 64)
	var buf [64 + 64/4]byte
	j := 0
	for i := w - 1; i >= 0; i-- {
		c := byte('.')
		if mask>>uint(i)&1 != 0 {
			c = '0' + byte(raw>>uint(i)&1)
		}
		buf[j] = c
		j++
		if i > 0 && i%4 == 0 {
			buf[j] = ' '
			j++
		}
	}
	return append(dst, buf[:j]...)
}

// maskWidth is the number of bits from the lowest to the highest set bit.
func maskWidth(m uint64) int {
	if m == 0 {
		return 0
	}
	return bits.Len64(m) - bits.TrailingZeros64(m)
}

// appendHex appends v as 0x and at least digits lowercase hex digits.
func appendHex(dst []byte, v uint64, digits int) []byte {
	dst = append(dst, "0x"...)
	var buf [16]byte
	i := len(buf)
	for v != 0 || len(buf)-i < digits {
		i--
		buf[i] = hexDigits[v&0xf]
		v >>= 4
		if i == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}

func appendOct(dst []byte, v uint64) []byte {
	dst = append(dst, '0')
	if v == 0 {
		return dst
	}
	return strconv.AppendUint(dst, v, 8)
}

// AppendOID appends an object identifier given in its DER content bytes
// in dotted form, as tshark shows it: "1.2.840.113549.1.1.11". An arc
// too long for 64 bits or cut short ends the text with "...".
func AppendOID(dst, b []byte) []byte {
	var v uint64
	first := true
	for i, c := range b {
		if v > math.MaxUint64>>7 {
			return append(dst, "..."...)
		}
		v = v<<7 | uint64(c&0x7f)
		if c&0x80 != 0 {
			if i == len(b)-1 {
				return append(dst, "..."...)
			}
			continue
		}
		if first {
			first = false
			top := min(v/40, 2)
			dst = strconv.AppendUint(dst, top, 10)
			v -= top * 40
		}
		dst = strconv.AppendUint(append(dst, '.'), v, 10)
		v = 0
	}
	return dst
}

// AppendHex appends b as lowercase hex pairs, joined by sep unless it is 0.
func AppendHex(dst, b []byte, sep byte) []byte {
	for i, c := range b {
		if i > 0 && sep != 0 {
			dst = append(dst, sep)
		}
		dst = append(dst, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return dst
}

// highBits is the high bit of each byte of a word.
const highBits = 0x8080808080808080

// printableASCII8 returns the high bit of each byte of v that is printable
// ASCII (0x20 to 0x7e), and no other bit: the test of eight bytes at once,
// for the runs of plain text that are most of what is printed.
func printableASCII8(v uint64) uint64 {
	const ones = 0x0101010101010101
	low := v &^ highBits // no byte's sum below carries into the next
	return (low + (0x80-0x20)*ones) &^ (low + (0x80-0x7f)*ones) &^ v & highBits
}

// printablePrefix returns the length of s's longest prefix of printable
// ASCII, eight bytes at a time (as plainPrefix, AppendFieldText's own).
func printablePrefix(s []byte) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if other := ^printableASCII8(binary.LittleEndian.Uint64(s[i:])) & highBits; other != 0 {
			return i + bits.TrailingZeros64(other)/8
		}
	}
	for ; i < len(s) && s[i] >= 0x20 && s[i] < 0x7f; i++ {
	}
	return i
}

// AppendLabelText appends s escaped as AppendEscaped does, as much of it
// as a label shows: labels are cut at 239 bytes (tshark's
// ITEM_LABEL_LENGTH), so the escaping of a long text (a message of a
// megabyte on one line) stops a little past that. What it appends and what
// AppendEscaped appends make the same label.
func AppendLabelText(dst, s []byte) []byte {
	// escaping turns every byte into one or more, so the first bytes of s
	// make at least as many of the label; a character cut at the end of
	// them is past what the label keeps
	const enough = maxLabel + 2*utf8.UTFMax + 1
	if len(s) <= enough {
		return AppendEscaped(dst, s)
	}
	start := len(dst)
	dst = AppendEscaped(dst, s[:enough])
	return dst[:start+maxLabel+utf8.UTFMax]
}

// AppendEscaped appends s as tshark's packet details show a string (its
// format_text): printable characters as they are; \a \b \f \n \r \t \v
// and the other control characters in octal ("\005", "\177"); a character
// that is not printable as \uXXXX; bytes that are not UTF-8 as U+FFFD
// (see decodeLoose).
func AppendEscaped(dst, s []byte) []byte {
	for len(s) > 0 {
		// a run of printable ASCII, most of any text, is copied whole
		plain := printablePrefix(s)
		dst = append(dst, s[:plain]...)
		if s = s[plain:]; len(s) == 0 {
			break
		}
		c, r, size := s[0], rune(s[0]), 1
		if c >= 0x80 {
			r, size = decodeLoose(s)
		}
		switch {
		case c < 0x20 || c == 0x7f:
			switch c {
			case '\a':
				dst = append(dst, `\a`...)
			case '\b':
				dst = append(dst, `\b`...)
			case '\f':
				dst = append(dst, `\f`...)
			case '\n':
				dst = append(dst, `\n`...)
			case '\r':
				dst = append(dst, `\r`...)
			case '\t':
				dst = append(dst, `\t`...)
			case '\v':
				dst = append(dst, `\v`...)
			default:
				dst = append(dst, '\\', '0'+c>>6, '0'+c>>3&7, '0'+c&7)
			}
		case r < 0x20 || r == 0x7f || r >= 0x80 && !printable(r):
			// (a control only an overlong form can give)
			dst = appendUnicodeEscape(dst, r)
		case r >= 0x80:
			dst = utf8.AppendRune(dst, r)
		default:
			dst = append(dst, byte(r))
		}
		s = s[size:]
	}
	return dst
}

// decodeLoose decodes the character s starts with, a byte of 0x80 or more,
// as format_text does: from the length its first byte gives (up to the
// old 6-byte forms), overlong forms included; a sequence cut short by a
// byte that does not continue it (left for the next character) or by the
// end of s, a stray byte, or what is no Unicode scalar value, is one
// U+FFFD.
func decodeLoose(s []byte) (rune, int) {
	c, n := s[0], 0
	switch {
	case c&0xe0 == 0xc0:
		n = 1
	case c&0xf0 == 0xe0:
		n = 2
	case c&0xf8 == 0xf0:
		n = 3
	case c&0xfc == 0xf8:
		n = 4
	case c&0xfe == 0xfc:
		n = 5
	default:
		return utf8.RuneError, 1
	}
	r := rune(c & (0x3f >> n))
	for i := 1; i <= n; i++ {
		if i >= len(s) || s[i]&0xc0 != 0x80 {
			return utf8.RuneError, i
		}
		r = r<<6 | rune(s[i]&0x3f)
	}
	if r >= 0x110000 || 0xd800 <= r && r <= 0xdfff {
		return utf8.RuneError, n + 1
	}
	return r, n + 1
}

// printable reports whether GLib's g_unichar_isprint, which tshark's
// format_text asks, takes r as printable: not a control, format,
// surrogate or unassigned character.
func printable(r rune) bool {
	return unicode.IsGraphic(r) || unicode.In(r, unicode.Co, unicode.Zl, unicode.Zp)
}

// appendUnicodeEscape appends r as format_text escapes a character it
// cannot print: \u and four uppercase hex digits, \U and eight beyond
// the Basic Multilingual Plane.
func appendUnicodeEscape(dst []byte, r rune) []byte {
	const upper = "0123456789ABCDEF"
	digits := 4
	dst = append(dst, '\\', 'u')
	if r > 0xffff {
		digits = 8
		dst[len(dst)-1] = 'U'
	}
	for i := digits - 1; i >= 0; i-- {
		dst = append(dst, upper[r>>(4*i)&0xf])
	}
	return dst
}

// AppendSeconds appends d in seconds with nine decimals, as tshark prints a
// relative time: "0.000047000".
func AppendSeconds(dst []byte, d time.Duration) []byte {
	if d < 0 {
		dst = append(dst, '-')
		d = -d
	}
	if s := d / time.Second; s < 10 { // most often, where strconv would cost more than the digits
		dst = append(dst, byte('0'+s), '.')
	} else {
		dst = append(AppendInt(dst, int64(s)), '.')
	}
	return appendNanos(dst, uint64(d%time.Second))
}

var monthNames = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// AppendAbsoluteTime appends t as tshark prints an absolute time in UTC:
// "Nov 25, 2026 03:57:22.204035000 UTC", "Dec  2, 2026 ...". (tshark prints local time; the
// goldens are made with TZ=UTC, and so is every time here.)
func AppendAbsoluteTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	y, m, d := t.Date()
	dst = append(dst, monthNames[m-1]...)
	if d < 10 {
		dst = append(dst, ' ', ' ', byte('0'+d)) // strftime's %e: "Dec  2"
	} else {
		dst = append(dst, ' ', digitPairs[2*d], digitPairs[2*d+1])
	}
	dst = append(dst, ", "...)
	dst = AppendInt(dst, int64(y))
	hour, minute, second := t.Clock()
	dst = append(dst, ' ', digitPairs[2*hour], digitPairs[2*hour+1], ':', digitPairs[2*minute], digitPairs[2*minute+1],
		':', digitPairs[2*second], digitPairs[2*second+1], '.')
	dst = appendNanos(dst, uint64(t.Nanosecond()))
	return append(dst, " UTC"...)
}

// appendNanos appends ns, below a second, as the nine digits of a time's
// fraction, written in place, eight of them in one word (digits8): every
// time tshark prints has them, seven times a packet.
func appendNanos(dst []byte, ns uint64) []byte {
	n := len(dst)
	dst = slices.Grow(dst, 9)[:n+9]
	b := (*[9]byte)(dst[n:])
	b[0] = byte('0' + ns/1e8%10)
	binary.LittleEndian.PutUint64(b[1:], digits8(ns%1e8))
	return dst
}

// AppendUint appends v in decimal, as strconv.AppendUint(dst, v, 10) does,
// eight digits at a time in one word (digits8), written in place:
// strconv formats into a buffer of its own and copies it, and that copy of
// a few bytes cost more time than the digits (a tenth of the time spent
// in memmove when printing packet details).
func AppendUint(dst []byte, v uint64) []byte {
	if v < 10 {
		return append(dst, byte('0'+v))
	}
	l := len(dst)
	dst = slices.Grow(dst, 24)
	b := dst[l : l+24] // room for three words
	var n int
	switch {
	case v < 1e8:
		n = decimalDigits(v)
		putDigits(b, v, n)
	case v < 1e16:
		hi := v / 1e8
		n = decimalDigits(hi)
		putDigits(b, hi, n)
		putDigits(b[n:], v-hi*1e8, 8)
		n += 8
	default:
		top, rest := v/1e16, v%1e16
		n = decimalDigits(top)
		putDigits(b, top, n)
		putDigits(b[n:], rest/1e8, 8)
		putDigits(b[n+8:], rest%1e8, 8)
		n += 16
	}
	return dst[:l+n]
}

// putDigits writes the last k of the eight digits of x (below 10^8) at the
// start of b, which has room for eight.
func putDigits(b []byte, x uint64, k int) {
	binary.LittleEndian.PutUint64(b, digits8(x)>>(8*(8-k)))
}

// digits8 returns the eight decimal digits of x (below 10^8), the first
// in the lowest byte, as ASCII: split in lanes of the word (two of four
// digits, four of two, eight of one), each by a multiply and a shift.
func digits8(x uint64) uint64 {
	z := x/10000 | x%10000<<32                          // two lanes of 32 bits, below 10^4
	hundreds := z * 5243 >> 19 & 0x0000007f0000007f     // a/100 for a below 43,699
	z = hundreds | (z-hundreds*100)<<16                 // four lanes of 16 bits, below 100
	tens := z * 103 >> 10 & 0x000f000f000f000f          // a/10 for a below 100
	return (tens | (z-tens*10)<<8) | 0x3030303030303030 // eight bytes, below 10
}

// AppendByteCount appends a count of bytes as tshark writes one in a
// label: "1 byte", "N bytes".
func AppendByteCount(dst []byte, n int) []byte {
	dst = AppendInt(dst, int64(n))
	if n == 1 {
		return append(dst, " byte"...)
	}
	return append(dst, " bytes"...)
}

// AppendInt appends v in decimal, as strconv.AppendInt(dst, v, 10) does.
func AppendInt(dst []byte, v int64) []byte {
	if v < 0 {
		return AppendUint(append(dst, '-'), -uint64(v))
	}
	return AppendUint(dst, uint64(v))
}

// decimalDigits returns how many decimal digits v has, at least 1.
func decimalDigits(v uint64) int {
	d := bits.Len64(v) * 1233 >> 12 // log10(2) ~ 1233/4096: the digits of 2^Len - 1, or one less
	if v < powersOf10[d] {
		return max(d, 1)
	}
	return d + 1
}

// powersOf10 are 10^0 to 10^19.
var powersOf10 = [20]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// digitPairs holds the two digits of each number below 100.
const digitPairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"
