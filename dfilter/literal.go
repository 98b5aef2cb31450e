package dfilter

import (
	"encoding/binary"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/wsdissect/wsdissect/field"
)

// value is one value a filter compares: a field's occurrence, a
// literal, or what a function or slice made of one.
type value struct {
	n    uint64     // integers, Booleans, IPv4, times, float bits
	b    []byte     // strings, bytes, IPv6
	bits uint8      // a literal address's prefix length (CIDR); 0 for the whole
	node field.Node // the tree item it came from, or NoNode
}

// typ is what a literal is converted to: the type of the other side of a
// comparison, and its field when it is one (for value names).
type typ struct {
	t field.Type
	f *field.Field
}

// literal converts the literal n (a word, string or character constant)
// to a value of type to, with tshark's message when it cannot be one.
func (c *compiler) literal(n *node, to typ) (value, error) {
	text := c.src[n.pos:n.end]
	s := text // what the literal says
	switch n.kind {
	case nString, nRaw, nChar:
		s = n.val
	}
	quoted := n.kind == nString || n.kind == nRaw
	fail := func(msg string) (value, error) { return value{}, errAt(c.src, n.pos, n.end-n.pos, msg) }
	notFromString := func() (value, error) {
		return fail(typeName(to.t) + ` cannot be converted from a string ("` + s + `").`)
	}
	v := value{node: field.NoNode}
	switch cl := classOf(to.t); cl {
	case cUint, cInt, cBool:
		if n.kind == nChar {
			v.n = uint64(s[0])
			return c.bound(v, n, to)
		}
		if cl == cBool {
			if b, ok := boolName(to.f, s); ok {
				v.n = b
				return v, nil
			}
			if quoted {
				return fail(`"` + s + `" cannot be found among the possible values for ` + to.f.Abbrev + ".")
			}
		}
		if !quoted {
			if x, neg, ok := parseInt(s); ok {
				if neg {
					v.n = uint64(-int64(x))
					if cl == cUint {
						return value{n: v.n, node: field.NoNode, bits: 1}, nil // negative: see cmpNum
					}
				} else {
					v.n = x
				}
				if cl == cBool {
					v.n = b2u(v.n != 0)
					return v, nil
				}
				return c.bound(v, n, to)
			}
		}
		if to.f != nil && len(to.f.Values) > 0 {
			for _, nv := range to.f.Values {
				if strings.EqualFold(nv.Name, s) {
					v.n = nv.Value
					return v, nil
				}
			}
			return fail(`"` + s + `" cannot be found among the possible values for ` + to.f.Abbrev + ".")
		}
		if cl == cBool && to.f != nil {
			return fail(`"` + s + `" cannot be found among the possible values for ` + to.f.Abbrev + ".")
		}
		if quoted {
			return notFromString()
		}
		return fail(`"` + s + `" is not a valid number.`)
	case cFloat:
		if quoted {
			return notFromString()
		}
		f, err := strconv.ParseFloat(s, 64)
		if n.kind == nChar {
			f, err = float64(s[0]), nil
		}
		if err != nil {
			return fail(`"` + s + `" is not a valid floating point number.`)
		}
		v.n = math.Float64bits(f)
		return v, nil
	case cIPv4:
		if quoted {
			return notFromString()
		}
		addr, pfx, _ := strings.Cut(s, "/")
		a, err := netip.ParseAddr(addr)
		if err != nil || !a.Is4() {
			return fail(`"` + addr + `" is not a valid hostname or IPv4 address.`)
		}
		b := a.As4()
		v.n, v.bits = uint64(binary.BigEndian.Uint32(b[:])), 32
		if pfx != "" {
			bits, err := strconv.Atoi(pfx)
			if err != nil || bits > 32 {
				return fail("Netmask bits in a CIDR IPv4 address should be <= 32, not " + pfx)
			}
			v.bits = uint8(bits)
		}
		return v, nil
	case cIPv6:
		if quoted {
			return notFromString()
		}
		addr, pfx, _ := strings.Cut(s, "/")
		a, err := netip.ParseAddr(addr)
		if err != nil || a.Zone() != "" {
			return fail(`"` + addr + `" is not a valid hostname or IPv6 address.`)
		}
		b := a.As16()
		v.b, v.bits = b[:], 128
		if pfx != "" {
			bits, err := strconv.Atoi(pfx)
			if err != nil || bits > 128 {
				return fail("Prefix in a IPv6 address should be <= 128, not " + pfx)
			}
			v.bits = uint8(bits)
		}
		return v, nil
	case cTime:
		t, ok := parseAbsTime(s)
		if !ok {
			return fail(`"` + s + `" is not a valid absolute time. Example: "Nov 12, 1999 08:55:44.123" or "2011-07-04 12:34:56"`)
		}
		v.n = uint64(t.UnixNano())
		return v, nil
	case cRel:
		if quoted {
			return notFromString()
		}
		d, ok := parseSeconds(s)
		if !ok {
			return fail(`"` + s + `" is not a valid time.`)
		}
		v.n = uint64(d)
		return v, nil
	case cString:
		v.b = []byte(s)
		return v, nil
	case cBytes, cProto:
		if quoted || n.kind == nChar {
			v.b = []byte(s)
			return v, nil
		}
		if to.t == field.Ether {
			b, ok := parseBytes(s)
			switch {
			case !ok:
				return fail(`"` + s + `" is not a valid Ethernet address.`)
			case len(b) < 6:
				return fail(`"` + s + `" contains too few bytes to be a valid Ethernet address.`)
			case len(b) > 6:
				return fail(`"` + s + `" contains too many bytes to be a valid Ethernet address.`)
			}
			v.b = b
			return v, nil
		}
		if len(s) > 2 && len(s) <= 4 && (s[:2] == "0x" || s[:2] == "0X") {
			if x, err := strconv.ParseUint(s[2:], 16, 8); err == nil {
				v.b = []byte{byte(x)}
				return v, nil
			}
		}
		b, ok := parseBytes(s)
		if !ok {
			return fail(`"` + s + `" is not a valid byte string.`)
		}
		v.b = b
		return v, nil
	}
	return fail(`"` + s + `" cannot be compared with ` + to.f.Abbrev + ".")
}

// bound checks that an integer literal fits the field's type.
func (c *compiler) bound(v value, n *node, to typ) (value, error) {
	w := intBytes(to.t)
	if to.t == field.FrameNum {
		w = 4
	}
	if w == 0 || w == 8 {
		return v, nil
	}
	text := c.src[n.pos:n.end]
	if classOf(to.t) == cInt {
		lim := int64(1) << (8*w - 1)
		switch x := int64(v.n); {
		case x >= lim:
			return v, errAt(c.src, n.pos, n.end-n.pos, `"`+text+`" too big for this field, maximum `+strconv.FormatInt(lim-1, 10)+".")
		case x < -lim:
			return v, errAt(c.src, n.pos, n.end-n.pos, `"`+text+`" too small for this field, minimum `+strconv.FormatInt(-lim, 10)+".")
		}
		return v, nil
	}
	if lim := uint64(1)<<(8*w) - 1; v.n > lim {
		return v, errAt(c.src, n.pos, n.end-n.pos, `"`+text+`" too big for this field, maximum `+strconv.FormatUint(lim, 10)+".")
	}
	return v, nil
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// boolName reads a Boolean's names: True and False, or the field's own.
func boolName(f *field.Field, s string) (uint64, bool) {
	switch s {
	case "True":
		return 1, true
	case "False":
		return 0, true
	}
	if f == nil {
		return 0, false
	}
	tf := field.TrueFalse{True: "True", False: "False"}
	if f.TF != nil {
		tf = *f.TF
	} else if f.Mask != 0 {
		tf = field.TrueFalse{True: "Set", False: "Not set"}
	}
	switch s {
	case tf.True:
		return 1, true
	case tf.False:
		return 0, true
	}
	return 0, false
}

// parseInt reads an integer as tshark does: decimal, 0x hex, 0b binary,
// 0 octal, with a sign.
func parseInt(s string) (x uint64, neg bool, ok bool) {
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	base := 10
	switch {
	case len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X"):
		base, s = 16, s[2:]
	case len(s) > 2 && (s[:2] == "0b" || s[:2] == "0B"):
		base, s = 2, s[2:]
	case len(s) > 1 && s[0] == '0':
		base, s = 8, s[1:]
	}
	x, err := strconv.ParseUint(s, base, 64)
	if err != nil || neg && x > 1<<63 {
		return 0, false, false
	}
	return x, neg, true
}

// parseBytes reads a byte string: hex pairs separated by ':', '.' or '-'
// (one separator throughout), or hex digits without separators.
func parseBytes(s string) ([]byte, bool) {
	if s == "" {
		return nil, false
	}
	sep := byte(0)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ':' || c == '.' || c == '-' {
			sep = c
			break
		}
	}
	var out []byte
	if sep == 0 {
		if len(s)%2 == 1 {
			s = "0" + s
		}
		for i := 0; i < len(s); i += 2 {
			if !isHex(s[i]) || !isHex(s[i+1]) {
				return nil, false
			}
			out = append(out, hexVal(s[i])<<4|hexVal(s[i+1]))
		}
		return out, true
	}
	for _, p := range strings.Split(s, string(sep)) {
		switch {
		case len(p) == 2 && isHex(p[0]) && isHex(p[1]):
			out = append(out, hexVal(p[0])<<4|hexVal(p[1]))
		case len(p) == 1 && isHex(p[0]):
			out = append(out, hexVal(p[0]))
		case len(p) == 4 && sep == '.' && isHex(p[0]) && isHex(p[1]) && isHex(p[2]) && isHex(p[3]):
			out = append(out, hexVal(p[0])<<4|hexVal(p[1]), hexVal(p[2])<<4|hexVal(p[3]))
		default:
			return nil, false
		}
	}
	return out, true
}

// parseSeconds reads a relative time in seconds: "0.5", "-1", "3".
func parseSeconds(s string) (time.Duration, bool) {
	if s == "" || strings.ContainsAny(s, "eEpPxX_") || strings.Contains(s, "Inf") || strings.Contains(s, "NaN") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.Abs(f) > 9e9 {
		return 0, false
	}
	return time.Duration(math.Round(f * 1e9)), true
}

// absLayouts are the absolute times tshark reads, in local time.
var absLayouts = []string{
	"Jan 2, 2006 15:04:05.999999999", "Jan 2, 2006 15:04:05", "Jan 2, 2006 15:04", "Jan 2, 2006",
	"Jan  2, 2006 15:04:05.999999999", "Jan  2, 2006 15:04:05", "Jan  2, 2006 15:04", "Jan  2, 2006",
	"2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
	"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02T15:04",
}

// parseAbsTime reads an absolute time as tshark does: "Nov 12, 1999
// 08:55:44.123" or "2011-07-04 12:34:56", in local time unless it ends in
// " UTC" or "Z".
func parseAbsTime(s string) (time.Time, bool) {
	loc := time.Local
	switch {
	case strings.HasSuffix(s, " UTC"):
		s, loc = strings.TrimSuffix(s, " UTC"), time.UTC
	case strings.HasSuffix(s, "Z"):
		s, loc = strings.TrimSuffix(s, "Z"), time.UTC
	}
	for _, l := range absLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
