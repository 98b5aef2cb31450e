package wsdissect

// connList orders the open connections by activity, so the one idle the
// longest can be forgotten when Options.MaxConnections is reached. All
// operations are O(1).
type connList struct {
	head, tail *conn
}

// touch moves c to the front, adding it if it is not in the list.
func (l *connList) touch(c *conn) {
	if l.head == c {
		return
	}
	l.remove(c)
	c.next = l.head
	if l.head != nil {
		l.head.prev = c
	}
	l.head = c
	if l.tail == nil {
		l.tail = c
	}
}

// remove takes c out of the list; removing a connection not in it is a no-op.
func (l *connList) remove(c *conn) {
	if c.prev == nil && l.head != c {
		return
	}
	if c.prev != nil {
		c.prev.next = c.next
	} else {
		l.head = c.next
	}
	if c.next != nil {
		c.next.prev = c.prev
	} else {
		l.tail = c.prev
	}
	c.prev, c.next = nil, nil
}

// oldest returns the connection idle the longest, or nil.
func (l *connList) oldest() *conn { return l.tail }
