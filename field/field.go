package field

import (
	"strconv"
)

// Type is the type of a field's value, as Wireshark's ftenum (FT_UINT16,
// FT_ETHER, ...): it decides how the value is stored, compared and printed.
type Type uint8

// Field types. The names String returns are Wireshark's.
const (
	None         Type = iota // FT_NONE: a label with children, no value
	Protocol                 // FT_PROTOCOL: a protocol's top item
	Boolean                  // FT_BOOLEAN
	Uint8                    // FT_UINT8
	Uint16                   // FT_UINT16
	Uint24                   // FT_UINT24
	Uint32                   // FT_UINT32
	Uint64                   // FT_UINT64
	Uint40                   // FT_UINT40
	Uint48                   // FT_UINT48
	Uint56                   // FT_UINT56
	Int8                     // FT_INT8
	Int16                    // FT_INT16
	Int32                    // FT_INT32
	Int64                    // FT_INT64
	FrameNum                 // FT_FRAMENUM: a frame number
	AbsoluteTime             // FT_ABSOLUTE_TIME
	RelativeTime             // FT_RELATIVE_TIME
	Double                   // FT_DOUBLE
	String                   // FT_STRING
	Bytes                    // FT_BYTES
	Ether                    // FT_ETHER: a 6-byte MAC address
	IPv4                     // FT_IPv4
	IPv6                     // FT_IPv6
	OID                      // FT_OID: an ASN.1 object identifier, kept as its encoded bytes
)

var typeNames = [...]string{
	None: "FT_NONE", Protocol: "FT_PROTOCOL", Boolean: "FT_BOOLEAN",
	Uint8: "FT_UINT8", Uint16: "FT_UINT16", Uint24: "FT_UINT24", Uint32: "FT_UINT32", Uint64: "FT_UINT64",
	Uint40: "FT_UINT40", Uint48: "FT_UINT48", Uint56: "FT_UINT56",
	Int8: "FT_INT8", Int16: "FT_INT16", Int32: "FT_INT32", Int64: "FT_INT64", FrameNum: "FT_FRAMENUM",
	AbsoluteTime: "FT_ABSOLUTE_TIME", RelativeTime: "FT_RELATIVE_TIME", Double: "FT_DOUBLE",
	String: "FT_STRING", Bytes: "FT_BYTES", Ether: "FT_ETHER", IPv4: "FT_IPv4", IPv6: "FT_IPv6",
	OID: "FT_OID",
}

// String returns Wireshark's name of the type, as tshark -G fields prints it.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "FT_" + strconv.Itoa(int(t))
}

// bits is the width of an integer type, for the bit-field prefix of a
// masked field; 0 for the others.
func (t Type) bits() int {
	switch t {
	case Uint8, Int8:
		return 8
	case Uint16, Int16:
		return 16
	case Uint24:
		return 24
	case Uint32, Int32:
		return 32
	case Uint40:
		return 40
	case Uint48:
		return 48
	case Uint56:
		return 56
	case Uint64, Int64:
		return 64
	}
	return 0
}

// Base is how an integer field is printed (Wireshark's field_display_e).
// For a Boolean field Wireshark's base is the width in bits of the
// bit field it belongs to; Field.Bits holds that instead.
type Base uint8

// Display bases.
const (
	BaseNone    Base = iota // BASE_NONE
	BaseDec                 // BASE_DEC: 123
	BaseHex                 // BASE_HEX: 0x7b, as many digits as the type has nibbles
	BaseOct                 // BASE_OCT
	BaseDecHex              // BASE_DEC_HEX: 123 (0x7b)
	BaseHexDec              // BASE_HEX_DEC: 0x7b (123)
	BaseCustom              // BASE_CUSTOM: the layer formats the value
	BasePortTCP             // BASE_PT_TCP: a TCP port, printed in decimal
	BaseOUI                 // BASE_OUI: a 24-bit organizationally unique identifier
)

var baseNames = [...]string{
	BaseNone: "BASE_NONE", BaseDec: "BASE_DEC", BaseHex: "BASE_HEX", BaseOct: "BASE_OCT",
	BaseDecHex: "BASE_DEC_HEX", BaseHexDec: "BASE_HEX_DEC", BaseCustom: "BASE_CUSTOM",
	BasePortTCP: "BASE_PT_TCP", BaseOUI: "BASE_OUI",
}

// String returns Wireshark's name of the base.
func (b Base) String() string {
	if int(b) < len(baseNames) {
		return baseNames[b]
	}
	return "BASE_" + strconv.Itoa(int(b))
}

// Value names an integer value of a field (Wireshark's value_string).
type Value struct {
	Value uint64
	Name  string
}

// TrueFalse names the two values of a Boolean field (Wireshark's
// true_false_string). A Boolean field without one prints "True"/"False",
// or "Set"/"Not set" when it has a bitmask.
type TrueFalse struct {
	True, False string
}

// Range names the values of a field from Low to High (Wireshark's
// range_string).
type Range struct {
	Low, High uint64
	Name      string
}

// Unit is the unit of a field's value (Wireshark's unit_name_string):
// Singular after 1, Plural after any other value, each with its leading
// space (" byte", " bytes").
type Unit struct {
	Singular, Plural string
}

// Field describes one header field, as a Wireshark dissector's
// hf_register_info entry: what tshark -G fields lists, and all a view needs
// to print a value of it. Layers declare their fields as package-level
// tables that are never written.
type Field struct {
	Name   string // display name: "Source Port"
	Abbrev string // filter name: "tcp.srcport"
	Type   Type
	Base   Base
	// Bits is the width of the bit field a masked Boolean belongs to (tshark
	// -G fields prints it where the base is); 0 takes the width of Type.
	Bits   int
	Mask   uint64     // bitmask within the field's bytes; 0 for none
	Values []Value    // value names, or nil
	TF     *TrueFalse // names of a Boolean's values, or nil for the default
	Blurb  string     // description, as -G fields prints it
	Parent string     // abbreviation of the protocol the field belongs to; "" for a protocol
	// Dump marks a protocol (its items added with Tree.AddProtocol) whose
	// bytes packet details show as a hex dump under its line, as tshark -V
	// shows the data protocol's ("Data (16 bytes)"), unless the dump of
	// the whole packet follows (-x).
	Dump bool
	// Format, when set, appends the value part of an integer item's label
	// in place of Base and Values: the text a Wireshark dissector gives
	// with a BASE_CUSTOM function or proto_tree_add_uint_format_value
	// ("32 bytes (8)"), when the value alone makes it. Packet details call
	// it as they print the line, so a tree keeps no text for the item and
	// a Printer's cache knows the line; filters, -T fields and -T json
	// still see the value.
	Format func(dst []byte, v uint64) []byte
	// Label, when set, appends the whole label of an integer item, in
	// place of its bits, name and value: the text a Wireshark dissector
	// gives with proto_tree_add_uint_format when the value alone makes it
	// ("Flags: 0x018 (PSH, ACK)", "Frame Length: 60 bytes (480 bits)"). As
	// with Format, the tree keeps no text and a Printer's cache knows the
	// line.
	Label func(dst []byte, v uint64) []byte
	// InNameOnly marks a protocol registered in name only (Wireshark's
	// proto_register_protocol_in_name_only, as each TCP option): -G fields
	// lists it as a protocol, and its items have a value of Type; their
	// label, unless set, is the name, as a protocol's.
	InNameOnly bool

	// What -G values and -G protocols list besides: the name of the
	// extended value table Wireshark keeps Values in ("dscp_vals"; "" for
	// a plain one), names of ranges of values, the unit of the value, and a
	// protocol's short name ("TCP", "IPv4").
	ValuesExt string
	Ranges    []Range
	Unit      *Unit
	Short     string
	// SameName is a later declaration of the same filter name by another
	// dissector (tls.handshake.type: SSLv2's, then TLS's). -G fields and
	// lookups know the first only; -G values lists each one's names.
	SameName *Field
}

// width is the number of bits of the field's bit-field prefix.
func (f *Field) width() int {
	if f.Type == Boolean {
		if f.Bits > 0 {
			return f.Bits
		}
		return 8
	}
	return f.Type.bits()
}

// shift is the number of trailing zero bits of the mask.
func (f *Field) shift() uint {
	if f.Mask == 0 {
		return 0
	}
	var s uint
	for m := f.Mask; m&1 == 0; m >>= 1 {
		s++
	}
	return s
}

// ValueName returns the name of v, and whether the field has one for it.
func (f *Field) ValueName(v uint64) (string, bool) {
	for i := range f.Values {
		if f.Values[i].Value == v {
			return f.Values[i].Name, true
		}
	}
	return "", false
}

// AppendRegistration appends the field's line of tshark -G fields (without
// a newline): "F\tName\tabbrev\tFT_TYPE\tparent\tBASE\tmask\tblurb", or
// "P\tName\tabbrev" for a protocol.
func (f *Field) AppendRegistration(dst []byte) []byte {
	if f.Type == Protocol || f.InNameOnly {
		dst = append(dst, "P\t"...)
		dst = append(dst, f.Name...)
		dst = append(dst, '\t')
		return append(dst, f.Abbrev...)
	}
	dst = append(dst, "F\t"...)
	dst = append(dst, f.Name...)
	dst = append(dst, '\t')
	dst = append(dst, f.Abbrev...)
	dst = append(dst, '\t')
	dst = append(dst, f.Type.String()...)
	dst = append(dst, '\t')
	dst = append(dst, f.Parent...)
	dst = append(dst, '\t')
	switch {
	case f.Type == Boolean:
		dst = strconv.AppendInt(dst, int64(f.Bits), 10)
	case f.Type.bits() > 0:
		dst = append(dst, f.Base.String()...)
	}
	dst = append(dst, "\t0x"...)
	dst = strconv.AppendUint(dst, f.Mask, 16)
	dst = append(dst, '\t')
	return append(dst, f.Blurb...)
}
