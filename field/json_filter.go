package field

// FilterJSON limits what AppendJSON shows of the tree, as tshark's -j and
// -J do with -T json: the members whose key is not among names keep their
// value, but their children become {"filtered": "key"}; the children of a
// member named show under the same rule (-j), or all of them when children
// is set (-J). The key of a member is its filter name ("ip", "tcp.flags"),
// the label of a text item ("Timestamps"), "_ws.expert" for an expert
// info. No names shows everything again.
func (t *Tree) FilterJSON(names []string, children bool) {
	t.jsonNames = append(t.jsonNames[:0], names...)
	t.jsonChildren = children
	t.jsonOpen = false
}

// jsonFiltered reports whether the children of n's member are left out
// under FilterJSON.
func (t *Tree) jsonFiltered(n Node) bool {
	if len(t.jsonNames) == 0 || t.jsonOpen {
		return false
	}
	t.scratch = t.jsonKey(t.scratch[:0], n)
	for _, name := range t.jsonNames {
		if string(t.scratch) == name {
			return false
		}
	}
	return true
}

// appendFiltered appends what stands for the children of a member
// FilterJSON leaves out: {"filtered": "key"}.
func (t *Tree) appendFiltered(dst []byte, n Node, indent int) []byte {
	dst = append(dst, '{')
	inner := true
	dst = appendNameKey(dst, indent+1, &inner, "filtered")
	t.scratch = t.jsonKey(t.scratch[:0], n)
	dst = AppendJSONString(dst, t.scratch)
	dst = appendNewline(dst, indent)
	return append(dst, '}')
}

// openJSON is called on the way into the children of a member FilterJSON
// shows: under -J they show whole. It reports whether it opened the
// filter, which the caller closes on the way out.
func (t *Tree) openJSON() bool {
	if len(t.jsonNames) == 0 || t.jsonOpen || !t.jsonChildren {
		return false
	}
	t.jsonOpen = true
	return true
}

// JSONDuplicateKeys says whether AppendJSON writes the members of an object
// that share a key one by one, in their order, as tshark -T json does by
// default, instead of gathered into one array at the place of the first,
// as it does with --no-duplicate-keys (AppendJSON's default).
func (t *Tree) JSONDuplicateKeys(on bool) { t.jsonDuplicates = on }
