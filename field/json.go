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
// array at the place of the first (unless JSONDuplicateKeys). Hidden items
// are included. indent is the indentation of the object's members, in
// levels of two spaces.
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

// appendNameKey is appendKey for a key that needs no escaping: a filter
// name.
func appendNameKey(dst []byte, indent int, first *bool, name string) []byte {
	if !*first {
		dst = append(dst, ',')
	}
	*first = false
	dst = appendNewline(dst, indent)
	dst = append(dst, '"')
	dst = append(dst, name...)
	return append(dst, `": `...)
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
		return x.f == y.f || x.f != nil && y.f != nil && x.f.Abbrev == y.f.Abbrev
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

// group is the members of an object that share a key, gathered as
// AppendJSON prints them: count items, withTree of them with a value and
// children, the first at head and the others chained by member.next.
type group struct {
	head, tail      int32 // indexes in Tree.members
	count, withTree int32
}

// member is a sibling on the way to its group.
type member struct {
	n    Node
	next int32 // the next member of its group, or -1
}

// appendMembers appends the members of the items from c on, siblings:
// the items of each key in one member (an array when there are several),
// keys in the order of their first item. The siblings are gathered into
// groups first, in t.groups and t.members above what the callers use, so
// that a long list (a segment an item) costs a look at each group of it,
// not at each sibling before it.
func (t *Tree) appendMembers(dst []byte, c Node, indent int, first *bool) []byte {
	gbase, mbase := len(t.groups), len(t.members)
	for n := c; n != NoNode; n = t.items[n].next {
		g := -1
		for i := len(t.groups) - 1; i >= gbase && !t.jsonDuplicates; i-- { // likely the last: same keys are neighbours
			if t.sameKey(t.members[t.groups[i].head].n, n) {
				g = i
				break
			}
		}
		m := int32(len(t.members))
		t.members = append(t.members, member{n, -1})
		if g < 0 {
			g = len(t.groups)
			t.groups = append(t.groups, group{head: m, tail: m})
		} else {
			t.members[t.groups[g].tail].next = m
			t.groups[g].tail = m
		}
		t.groups[g].count++
		if t.items[n].first != NoNode && t.hasValue(n) {
			t.groups[g].withTree++
		}
	}
	for g := gbase; g < len(t.groups); g++ {
		// t.groups grows and shrinks back in the calls below: no pointer
		// into it is kept across them
		gr := t.groups[g]
		n := t.members[gr.head].n
		t.scratch = t.jsonKey(t.scratch[:0], n)
		dst = appendKey(dst, indent, first, t.scratch)
		if gr.count == 1 {
			dst = t.appendValue(dst, n, indent)
			if gr.withTree == 1 {
				t.scratch = append(t.jsonKey(t.scratch[:0], n), "_tree"...)
				dst = appendKey(dst, indent, first, t.scratch)
				dst = t.appendObject(dst, n, indent)
			}
			continue
		}
		dst = t.appendArray(dst, gr.head, indent, false)
		if gr.withTree > 0 {
			t.scratch = append(t.jsonKey(t.scratch[:0], n), "_tree"...)
			dst = appendKey(dst, indent, first, t.scratch)
			if gr.withTree == 1 {
				for m := gr.head; m >= 0; m = t.members[m].next {
					if n := t.members[m].n; t.items[n].first != NoNode {
						dst = t.appendObject(dst, n, indent)
					}
				}
			} else {
				dst = t.appendArray(dst, gr.head, indent, true)
			}
		}
	}
	t.groups, t.members = t.groups[:gbase], t.members[:mbase]
	return dst
}

// appendArray appends the values (or with trees, the children objects of
// those that have them) of the members of a group, from its head.
func (t *Tree) appendArray(dst []byte, head int32, indent int, trees bool) []byte {
	dst = append(dst, '[')
	firstItem := true
	for m := head; m >= 0; m = t.members[m].next {
		n := t.members[m].n
		if trees && t.items[n].first == NoNode {
			continue
		}
		if !firstItem {
			dst = append(dst, ',')
		}
		firstItem = false
		dst = appendNewline(dst, indent+1)
		if trees {
			dst = t.appendObject(dst, n, indent+1)
		} else {
			dst = t.appendValue(dst, n, indent+1)
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
	case it.expert != nil && t.jsonFiltered(n):
		return t.appendFiltered(dst, n, indent)
	case it.expert != nil:
		dst = append(dst, '{')
		inner := true
		dst = appendNameKey(dst, indent+1, &inner, it.expert.Abbrev)
		dst = append(dst, `""`...)
		dst = appendNameKey(dst, indent+1, &inner, "_ws.expert.message")
		dst = AppendJSONString(dst, t.ExpertMessage(n))
		dst = appendNameKey(dst, indent+1, &inner, "_ws.expert.severity")
		dst = append(dst, '"')
		dst = strconv.AppendUint(dst, uint64(it.expert.Severity), 10)
		dst = append(dst, '"')
		dst = appendNameKey(dst, indent+1, &inner, "_ws.expert.group")
		dst = append(dst, '"')
		dst = strconv.AppendUint(dst, uint64(it.expert.Group), 10)
		dst = append(dst, '"')
		dst = appendNewline(dst, indent)
		return append(dst, '}')
	case t.hasValue(n) && it.f.Type != String:
		// numbers, hex, addresses, times: nothing to escape
		dst = append(dst, '"')
		dst = t.AppendValue(dst, n, FormJSON)
		return append(dst, '"')
	case t.hasValue(n):
		// a string, as it is (AppendValue's FormJSON), escaped
		dst = append(dst, '"')
		dst = appendJSONEscaped(dst, t.Bytes(n))
		return append(dst, '"')
	case it.first == NoNode:
		return append(dst, `""`...)
	}
	return t.appendObject(dst, n, indent)
}

// appendObject appends the object of n's children.
func (t *Tree) appendObject(dst []byte, n Node, indent int) []byte {
	if t.jsonFiltered(n) {
		return t.appendFiltered(dst, n, indent)
	}
	opened := t.openJSON()
	dst = append(dst, '{')
	inner := true
	dst = t.appendMembers(dst, t.items[n].first, indent+1, &inner)
	t.jsonOpen = t.jsonOpen && !opened
	dst = appendNewline(dst, indent)
	return append(dst, '}')
}

// AppendJSONString appends s as a JSON string the way tshark's JSON
// writer does: quotes and backslashes escaped, control characters as \n,
// \t... or \u00XX, "</" as "<\/" (so that a page can embed it), every
// other character as it is, invalid UTF-8 as U+FFFD.
func AppendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	dst = appendJSONEscaped(dst, s)
	return append(dst, '"')
}

// jsonControl is how tshark escapes each control character.
var jsonControl = [0x20]string{
	"u0000", "u0001", "u0002", "u0003", "u0004", "u0005", "u0006", "u0007", "b", "t", "n", "u000b", "f", "r", "u000e", "u000f",
	"u0010", "u0011", "u0012", "u0013", "u0014", "u0015", "u0016", "u0017", "u0018", "u0019", "u001a", "u001b", "u001c", "u001d", "u001e", "u001f",
}

func appendJSONEscaped(dst, s []byte) []byte {
	prev := byte(0)
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] >= 0x20 && s[i] < utf8.RuneSelf && s[i] != '"' && s[i] != '\\' && (s[i] != '/' || i == 0 && prev != '<' || i > 0 && s[i-1] != '<') {
			i++
		}
		dst = append(dst, s[:i]...) // a run of plain ASCII at once
		if i > 0 {
			prev = s[i-1]
		}
		if s = s[i:]; len(s) == 0 {
			break
		}
		c := s[0]
		switch {
		case c < 0x20:
			dst = append(dst, '\\')
			dst = append(dst, jsonControl[c]...)
		case c == '"' || c == '\\' || c == '/':
			dst = append(dst, '\\', c)
		default:
			var size int
			dst, size = appendRuneOrReplacement(dst, s)
			s = s[size:]
			prev = 0
			continue
		}
		prev = c
		s = s[1:]
	}
	return dst
}
