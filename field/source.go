package field

// AddSourceCopy adds a data source holding a copy of data, for a buffer a
// layer builds while it fills the tree (HTTP's "De-chunked entity body"),
// and returns its index. The tree keeps the copy until Reset and reuses its
// storage from packet to packet.
func (t *Tree) AddSourceCopy(name string, data []byte) int {
	if t.nowned == len(t.owned) {
		t.owned = append(t.owned, nil)
	}
	b := append(t.owned[t.nowned][:0], data...)
	t.owned[t.nowned] = b
	t.nowned++
	return t.AddSource(name, b)
}
