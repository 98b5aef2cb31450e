package field

import (
	"slices"
	"strconv"
	"unsafe"
)

// AppendProtocols appends tshark -G protocols' listing of the registry's
// protocols: "Name\tShort\tabbrev" a line, in the order of their short
// names regardless of case, as Wireshark keeps its list, but for the few
// that tshark 4.0.17 lists before all others (listedFirst).
func (r *Registry) AppendProtocols(dst []byte) []byte {
	var protocols []*Field
	for _, f := range r.fields {
		if f.Type == Protocol || f.InNameOnly {
			protocols = append(protocols, f)
		}
	}
	slices.SortStableFunc(protocols, func(a, b *Field) int {
		if x, y := listedFirst(a.Abbrev), listedFirst(b.Abbrev); x >= 0 || y >= 0 {
			return cmpFirst(x, y)
		}
		return compareFold(a.Short, b.Short)
	})
	for _, f := range protocols {
		dst = append(dst, f.Name...)
		dst = append(dst, '\t')
		dst = append(dst, f.Short...)
		dst = append(dst, '\t')
		dst = append(dst, f.Abbrev...)
		dst = append(dst, '\n')
	}
	return dst
}

// listedFirst ranks the protocols tshark -G protocols lists before the
// sorted others, in its order (-1 for the others): epan's own, registered
// apart from the dissectors' list.
func listedFirst(abbrev string) int {
	switch abbrev {
	case "_ws.lua":
		return 0
	case "_ws.expert":
		return 1
	}
	return -1
}

// cmpFirst orders two indexes in listedFirst, -1 (not listed) last.
func cmpFirst(x, y int) int {
	switch {
	case x < 0:
		return 1
	case y < 0:
		return -1
	}
	return x - y
}

// compareFold compares ASCII strings regardless of case, as
// g_ascii_strcasecmp.
func compareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := lowerASCII(a[i]), lowerASCII(b[i])
		if x != y {
			return int(x) - int(y)
		}
	}
	return len(a) - len(b)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// AppendValues appends tshark -G values' listing of the names the fields
// give their values, field by field in registration order: an extended
// value table's "E\tabbrev\tcount\ttable\t[access]" before its values,
// "V\tabbrev\tvalue\tname" for a value (in hex for a BASE_HEX field with a
// plain table), "V64" for one of a 64-bit field, "R\tabbrev\tlow\thigh\tname"
// for a range, "T\tabbrev\ttrue\tfalse" for a Boolean's names,
// "U\tabbrev\tsingular\tplural" for a unit. Protocols and BASE_CUSTOM
// fields list none, as in tshark.
func (r *Registry) AppendValues(dst []byte) []byte {
	for _, f := range r.fields {
		for g := f; g != nil; g = g.SameName {
			dst = g.appendValues(dst)
		}
	}
	return dst
}

// appendValues appends the field's lines of AppendValues.
func (f *Field) appendValues(dst []byte) []byte {
	switch {
	case f.Type == Protocol || f.InNameOnly:
	case f.Type == Boolean:
		// True/False is what a Boolean without names shows: a field
		// names them so only to say it has none (Wireshark's tables of
		// our protocols never do)
		if f.TF != nil && *f.TF != (TrueFalse{"True", "False"}) {
			dst = appendTabbed(dst, "T", f.Abbrev, f.TF.True, f.TF.False)
		}
	case f.Type.bits() == 0 || f.Base == BaseCustom:
	case f.Ranges != nil:
		for _, v := range f.Ranges {
			dst = append(appendTabbed(dst, "R", f.Abbrev), '\t')
			dst = f.appendValueNumber(dst, v.Low, f.Base == BaseHex)
			dst = append(dst, '\t')
			dst = f.appendValueNumber(dst, v.High, f.Base == BaseHex)
			dst = append(append(dst, '\t'), v.Name...)
			dst = append(dst, '\n')
		}
	case f.Values != nil:
		if f.ValuesExt != "" {
			dst = appendTabbed(dst, "E", f.Abbrev, strconv.Itoa(len(f.Values)), f.ValuesExt, f.valuesAccess())
		}
		kind := "V"
		if f.Type.bits() == 64 {
			kind = "V64"
		}
		for _, v := range f.Values {
			dst = append(appendTabbed(dst, kind, f.Abbrev), '\t')
			// BASE_HEX exactly: an extended table's flag makes it another base
			dst = f.appendValueNumber(dst, v.Value, f.Base == BaseHex && f.ValuesExt == "" && kind == "V")
			dst = append(append(dst, '\t'), v.Name...)
			dst = append(dst, '\n')
		}
	case f.Unit != nil:
		dst = appendTabbed(dst, "U", f.Abbrev, f.Unit.Singular, f.Unit.Plural)
	}
	return dst
}

// appendValueNumber appends a value as -G values does: in decimal or in
// hex, as a 32-bit number below 64-bit fields (a negative one wraps).
func (f *Field) appendValueNumber(dst []byte, v uint64, hex bool) []byte {
	if f.Type.bits() < 64 {
		v = uint64(uint32(v))
	}
	if hex {
		return strconv.AppendUint(append(dst, "0x"...), v, 16)
	}
	return strconv.AppendUint(dst, v, 10)
}

// valuesAccess is how Wireshark looks a value up in an extended table, as
// -G values names it: by index when the values follow each other, by
// binary search when they are sorted, else one by one.
func (f *Field) valuesAccess() string {
	direct, sorted := true, true
	for i := 1; i < len(f.Values); i++ {
		if f.Values[i].Value != f.Values[0].Value+uint64(i) {
			direct = false
		}
		if f.Values[i].Value <= f.Values[i-1].Value {
			sorted = false
		}
	}
	switch {
	case direct:
		return "[Direct (indexed) Access]"
	case sorted:
		return "[Binary Search]"
	}
	return "[Linear Search]"
}

// appendTabbed appends the columns joined by tabs; with more than two, a
// whole line.
func appendTabbed(dst []byte, cols ...string) []byte {
	for i, c := range cols {
		if i > 0 {
			dst = append(dst, '\t')
		}
		dst = append(dst, c...)
	}
	if len(cols) > 2 {
		dst = append(dst, '\n')
	}
	return dst
}

// AppendFieldCount appends tshark -G fieldcount's report of the registry:
// how many fields it holds (the declarations of a name declared before
// included), of which how many are protocols and share a name, and the
// memory they take.
func (r *Registry) AppendFieldCount(dst []byte) []byte {
	protocols := 0
	for _, f := range r.fields {
		if f.Type == Protocol || f.InNameOnly {
			protocols++
		}
	}
	n := len(r.fields) + r.shared
	dst = append(dst, "There are "...)
	dst = strconv.AppendInt(dst, int64(n), 10)
	dst = append(dst, " header fields registered, of which:\n\t0 are deregistered\n\t"...)
	dst = strconv.AppendInt(dst, int64(protocols), 10)
	dst = append(dst, " are protocols\n\t"...)
	dst = strconv.AppendInt(dst, int64(r.shared), 10)
	dst = append(dst, " have the same name as another field\n\n"...)
	dst = strconv.AppendInt(dst, int64(n), 10)
	dst = append(dst, " fields were pre-allocated.\n\nThe header field table consumes "...)
	dst = strconv.AppendInt(dst, int64(n)*int64(unsafe.Sizeof((*Field)(nil)))/1024, 10)
	dst = append(dst, " KiB of memory.\nThe fields themselves consume "...)
	dst = strconv.AppendInt(dst, int64(n)*int64(unsafe.Sizeof(Field{}))/1024, 10)
	return append(dst, " KiB of memory.\n"...)
}
