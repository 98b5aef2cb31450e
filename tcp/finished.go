package tcp

// finishedQueue lists the table's conversations in the order they
// finished (closed or reset), so that a full table evicts the one that
// finished first rather than the least recently active one, which may
// still be open: evicting an open connection makes its next packet a new
// conversation that evicts another, and so on down the table.
//
// Entries are checked when taken: a conversation released since, or
// reused for another stream, is passed over. The stale ones are dropped
// once they outnumber the table, so the queue stays within twice its
// size.
type finishedQueue struct {
	q    []finishedEntry
	head int
}

type finishedEntry struct {
	c      *Conversation
	stream uint64
}

// live reports whether e is still a finished conversation of t.
func (t *Table) live(e finishedEntry) bool {
	c := e.c
	return c.Stream == e.stream && c.State.Finished() && (c.prev != nil || c.next != nil || t.head == c)
}

// pushFinished lists c, which has just finished.
func (t *Table) pushFinished(c *Conversation) {
	f := &t.finished
	if n := len(f.q) - f.head; n >= 2*len(t.convs)+64 {
		// drop the stale entries
		q := f.q[:0]
		for _, e := range f.q[f.head:] {
			if t.live(e) {
				q = append(q, e)
			}
		}
		clear(f.q[len(q):])
		f.q, f.head = q, 0
	}
	f.q = append(f.q, finishedEntry{c, c.Stream})
}

// popFinished returns the conversation that finished first among those
// the table still holds, or nil.
func (t *Table) popFinished() *Conversation {
	f := &t.finished
	for f.head < len(f.q) {
		e := f.q[f.head]
		f.q[f.head] = finishedEntry{}
		f.head++
		if t.live(e) {
			return e.c
		}
	}
	f.q, f.head = f.q[:0], 0
	return nil
}
