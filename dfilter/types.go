package dfilter

import (
	"strconv"

	"github.com/wsdissect/wsdissect/field"
)

// class is how a value is held and compared, for a group of field types.
type class uint8

const (
	cNone   class = iota // a label (FT_NONE): only its presence
	cUint                // unsigned integers, frame numbers
	cInt                 // signed integers
	cBool                // Booleans, 0 or 1
	cFloat               // doubles, as their bits
	cIPv4                // an address in the low 32 bits
	cIPv6                // 16 bytes
	cTime                // an absolute time, nanoseconds since 1970
	cRel                 // a relative time, nanoseconds
	cString              // bytes of a character string
	cBytes               // a byte string, a MAC address
	cProto               // a protocol: the bytes it covers
)

// classOf returns the class of the values of a field type.
func classOf(t field.Type) class {
	switch t {
	case field.Uint8, field.Uint16, field.Uint24, field.Uint32, field.Uint40, field.Uint48, field.Uint56, field.Uint64, field.FrameNum:
		return cUint
	case field.Int8, field.Int16, field.Int32, field.Int64:
		return cInt
	case field.Boolean:
		return cBool
	case field.Double:
		return cFloat
	case field.IPv4:
		return cIPv4
	case field.IPv6:
		return cIPv6
	case field.AbsoluteTime:
		return cTime
	case field.RelativeTime:
		return cRel
	case field.String:
		return cString
	case field.Bytes, field.Ether, field.OID:
		return cBytes
	case field.Protocol:
		return cProto
	}
	return cNone
}

// numeric reports whether values of c are numbers that arithmetic and
// ranges of sets work on.
func (c class) numeric() bool { return c == cUint || c == cInt || c == cBool || c == cFloat }

// sequence reports whether values of c are byte sequences: sliced,
// searched (contains, matches), measured (len).
func (c class) sequence() bool { return c == cString || c == cBytes || c == cProto }

// compatible reports whether values of a and b compare with each other.
func compatible(a, b class) bool {
	switch {
	case a == b:
		return a != cNone
	case a.numeric() && b.numeric():
		return true
	case (a == cBytes || a == cProto) && (b == cBytes || b == cProto):
		return true
	}
	return false
}

// typeName is Wireshark's name of a field type in its messages.
func typeName(t field.Type) string {
	switch t {
	case field.None:
		return "Label"
	case field.Protocol:
		return "Protocol"
	case field.Boolean:
		return "Boolean"
	case field.FrameNum:
		return "Frame number"
	case field.AbsoluteTime:
		return "Date and time"
	case field.RelativeTime:
		return "Time offset"
	case field.Double:
		return "Floating point (double-precision)"
	case field.String:
		return "Character string"
	case field.Bytes:
		return "Byte sequence"
	case field.OID:
		return "ASN.1 object identifier"
	case field.Ether:
		return "Ethernet or other MAC address"
	case field.IPv4:
		return "IPv4 address"
	case field.IPv6:
		return "IPv6 address"
	}
	if n := intBytes(t); n > 0 {
		s := "Unsigned integer"
		if classOf(t) == cInt {
			s = "Signed integer"
		}
		unit := " bytes)"
		if n == 1 {
			unit = " byte)"
		}
		return s + " (" + strconv.Itoa(n) + unit
	}
	return t.String()
}

// intBytes is the width in bytes of an integer type; 0 for the others.
func intBytes(t field.Type) int {
	switch t {
	case field.Uint8, field.Int8:
		return 1
	case field.Uint16, field.Int16:
		return 2
	case field.Uint24:
		return 3
	case field.Uint32, field.Int32:
		return 4
	case field.Uint40:
		return 5
	case field.Uint48:
		return 6
	case field.Uint56:
		return 7
	case field.Uint64, field.Int64:
		return 8
	}
	return 0
}
