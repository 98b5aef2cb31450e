package field

import (
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the tree's layers as tshark -T json prints them: an
// object a top-level protocol, "abbrev": "value" a field, an item's children
// in "abbrev_tree", a text item's children under its label, an expert info
// as a "_ws.expert" object. Hidden items are included. Keys repeat where
// tshark's do (it is run without --no-duplicate-keys). indent is the
// indentation of the object's members, in levels of two spaces.
func (t *Tree) AppendJSON(dst []byte, indent int) []byte {
	dst = append(dst, '{')
	first := true
	for n := t.first; n != NoNode; n = t.items[n].next {
		dst = t.appendMember(dst, n, indent, &first)
	}
	if !first {
		dst = appendNewline(dst, indent-1)
	}
	return append(dst, '}')
}

func appendNewline(dst []byte, indent int) []byte {
	dst = append(dst, '\n')
	for i := 0; i < indent; i++ {
		dst = append(dst, "  "...)
	}
	return dst
}

// appendKey starts a member: the comma before it, its indentation, its key.
func appendKey(dst []byte, indent int, first *bool, key []byte) []byte {
	if !*first {
		dst = append(dst, ',')
	}
	*first = false
	dst = appendNewline(dst, indent)
	dst = AppendJSONString(dst, key)
	return append(dst, ": "...)
}

func (t *Tree) appendMember(dst []byte, n Node, indent int, first *bool) []byte {
	it := &t.items[n]
	f := it.f
	var key []byte
	switch {
	case it.expert != nil:
		dst = appendKey(dst, indent, first, []byte("_ws.expert"))
		dst = append(dst, '{')
		inner := true
		dst = appendKey(dst, indent+1, &inner, []byte(it.expert.Abbrev))
		dst = append(dst, `""`...)
		dst = appendKey(dst, indent+1, &inner, []byte("_ws.expert.message"))
		dst = AppendJSONString(dst, t.ExpertMessage(n))
		dst = appendKey(dst, indent+1, &inner, []byte("_ws.expert.severity"))
		dst = append(dst, '"')
		dst = strconv.AppendUint(dst, uint64(it.expert.Severity), 10)
		dst = append(dst, '"')
		dst = appendKey(dst, indent+1, &inner, []byte("_ws.expert.group"))
		dst = append(dst, '"')
		dst = strconv.AppendUint(dst, uint64(it.expert.Group), 10)
		dst = append(dst, '"')
		dst = appendNewline(dst, indent)
		return append(dst, '}')
	case f == nil:
		t.scratch = t.appendLabel(t.scratch[:0], n)
		key = t.scratch
	default:
		key = []byte(f.Abbrev)
	}
	dst = appendKey(dst, indent, first, key)
	hasValue := f != nil && f.Type != Protocol && f.Type != None
	if !hasValue && it.first == NoNode {
		return append(dst, `""`...)
	}
	if hasValue {
		dst = append(dst, '"')
		t.scratch = t.AppendValue(t.scratch[:0], n, FormJSON)
		dst = appendJSONEscaped(dst, t.scratch)
		dst = append(dst, '"')
		if it.first == NoNode {
			return dst
		}
		t.scratch = append(append(t.scratch[:0], f.Abbrev...), "_tree"...)
		dst = appendKey(dst, indent, first, t.scratch)
	}
	dst = append(dst, '{')
	inner := true
	for c := it.first; c != NoNode; c = t.items[c].next {
		dst = t.appendMember(dst, c, indent+1, &inner)
	}
	dst = appendNewline(dst, indent)
	return append(dst, '}')
}

// AppendJSONString appends s as a JSON string the way tshark writes one:
// quotes, backslashes and control characters escaped, and every character
// beyond ASCII as \uXXXX.
func AppendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	dst = appendJSONEscaped(dst, s)
	return append(dst, '"')
}

func appendJSONEscaped(dst, s []byte) []byte {
	for len(s) > 0 {
		r, size := utf8.DecodeRune(s)
		s = s[size:]
		switch {
		case r == '"' || r == '\\':
			dst = append(dst, '\\', byte(r))
		case r == '\n':
			dst = append(dst, `\n`...)
		case r == '\r':
			dst = append(dst, `\r`...)
		case r == '\t':
			dst = append(dst, `\t`...)
		case r < 0x20 || r >= 0x7f:
			if r > 0xffff {
				r1, r2 := utf16Surrogates(r)
				dst = appendU(appendU(dst, r1), r2)
			} else {
				dst = appendU(dst, r)
			}
		default:
			dst = append(dst, byte(r))
		}
	}
	return dst
}

func utf16Surrogates(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}

func appendU(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}
