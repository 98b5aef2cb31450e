package httpupgrade

import "slices"

// Clone returns a deep copy of m: it shares no slice with m, so a caller
// may keep it while the original's owner reuses or changes it.
func (m *Message) Clone() *Message {
	if m == nil {
		return nil
	}
	c := *m
	c.Header = slices.Clone(m.Header)
	c.Protocols = slices.Clone(m.Protocols)
	c.Extensions = slices.Clone(m.Extensions)
	for i := range c.Extensions {
		c.Extensions[i].Params = slices.Clone(c.Extensions[i].Params)
	}
	return &c
}
