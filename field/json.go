package field

import (
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the tree's layers as tshark -T json
// --no-duplicate-keys prints them: an object a top-level protocol,
// "abbrev": "value" a field, an item's children in "abbrev_tree", a text
// item's children under its label, an expert info as a "_ws.expert"
// object, and the members of an object that share a key gathered into one
// array at the place of the first. Hidden items are included. indent is
// the indentation of the object's members, in levels of two spaces.
func (t *Tree) AppendJSON(dst []byte, indent int) []byte {
	dst = append(dst, '{')
	dst, wrote := t.AppendJSONMembers(dst, indent, false)
	if wrote {
		dst = appendNewline(dst, indent-1)
	}
	return append(dst, '}')
}

// AppendJSONMembers appends the members of AppendJSON's object without its
// braces, for a caller that adds members of its own; after is whether the
// object already has members (a comma goes first). It reports whether it
// wrote any.
func (t *Tree) AppendJSONMembers(dst []byte, indent int, after bool) ([]byte, bool) {
	first := !after
	dst = t.appendMembers(dst, t.first, indent, &first)
	return dst, first != !after
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

// jsonKey is the key of n's member: its field's filter name, its label
// for a text item, "_ws.expert" for an expert info.
func (t *Tree) jsonKey(dst []byte, n Node) []byte {
	it := &t.items[n]
	switch {
	case it.expert != nil:
		return append(dst, "_ws.expert"...)
	case it.f == nil:
		return t.appendLabel(dst, n)
	}
	return append(dst, it.f.Abbrev...)
}

// sameKey reports whether two items are members under one key.
func (t *Tree) sameKey(a, b Node) bool {
	x, y := &t.items[a], &t.items[b]
	switch {
	case x.expert != nil || y.expert != nil:
		return x.expert != nil && y.expert != nil
	case x.f != nil || y.f != nil:
		return x.f != nil && y.f != nil && x.f.Abbrev == y.f.Abbrev
	}
	t.scratch = t.appendLabel(t.scratch[:0], a)
	n := len(t.scratch)
	t.scratch = t.appendLabel(t.scratch, b)
	return string(t.scratch[:n]) == string(t.scratch[n:])
}

// hasValue reports whether n's member has a string value (a field that is
// not a protocol or a label).
func (t *Tree) hasValue(n Node) bool {
	f := t.items[n].f
	return t.items[n].expert == nil && f != nil && f.Type != Protocol && f.Type != None
}

// appendMembers appends the members of the items from c on, siblings.
func (t *Tree) appendMembers(dst []byte, c Node, indent int, first *bool) []byte {
	for n := c; n != NoNode; n = t.items[n].next {
		if t.seenBefore(c, n) {
			continue
		}
		count, withTree := 0, 0
		for m := n; m != NoNode; m = t.items[m].next {
			if t.sameKey(n, m) {
				count++
				if t.items[m].first != NoNode && t.hasValue(m) {
					withTree++
				}
			}
		}
		t.scratch = t.jsonKey(t.scratch[:0], n)
		dst = appendKey(dst, indent, first, t.scratch)
		if count == 1 {
			dst = t.appendValue(dst, n, indent)
			if withTree == 1 {
				t.scratch = append(t.jsonKey(t.scratch[:0], n), "_tree"...)
				dst = appendKey(dst, indent, first, t.scratch)
				dst = t.appendObject(dst, n, indent)
			}
			continue
		}
		dst = t.appendArray(dst, n, indent, false)
		if withTree > 0 {
			t.scratch = append(t.jsonKey(t.scratch[:0], n), "_tree"...)
			dst = appendKey(dst, indent, first, t.scratch)
			if withTree == 1 {
				for m := n; m != NoNode; m = t.items[m].next {
					if t.sameKey(n, m) && t.items[m].first != NoNode {
						dst = t.appendObject(dst, m, indent)
					}
				}
			} else {
				dst = t.appendArray(dst, n, indent, true)
			}
		}
	}
	return dst
}

// seenBefore reports whether a sibling between c and n has n's key.
func (t *Tree) seenBefore(c, n Node) bool {
	for m := c; m != n; m = t.items[m].next {
		if t.sameKey(m, n) {
			return true
		}
	}
	return false
}

// appendArray appends the values (or with trees, the children objects of
// those that have them) of n and its later siblings of the same key.
func (t *Tree) appendArray(dst []byte, n Node, indent int, trees bool) []byte {
	dst = append(dst, '[')
	firstItem := true
	for m := n; m != NoNode; m = t.items[m].next {
		if !t.sameKey(n, m) || trees && t.items[m].first == NoNode {
			continue
		}
		if !firstItem {
			dst = append(dst, ',')
		}
		firstItem = false
		dst = appendNewline(dst, indent+1)
		if trees {
			dst = t.appendObject(dst, m, indent+1)
		} else {
			dst = t.appendValue(dst, m, indent+1)
		}
	}
	dst = appendNewline(dst, indent)
	return append(dst, ']')
}

// appendValue appends the value of n's member: its string, or the object of
// its children when it has no string.
func (t *Tree) appendValue(dst []byte, n Node, indent int) []byte {
	it := &t.items[n]
	switch {
	case it.expert != nil:
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
	case t.hasValue(n):
		dst = append(dst, '"')
		t.scratch = t.AppendValue(t.scratch[:0], n, FormJSON)
		dst = appendJSONEscaped(dst, t.scratch)
		return append(dst, '"')
	case it.first == NoNode:
		return append(dst, `""`...)
	}
	return t.appendObject(dst, n, indent)
}

// appendObject appends the object of n's children.
func (t *Tree) appendObject(dst []byte, n Node, indent int) []byte {
	dst = append(dst, '{')
	inner := true
	dst = t.appendMembers(dst, t.items[n].first, indent+1, &inner)
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
