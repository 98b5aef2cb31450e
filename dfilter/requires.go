package dfilter

import (
	"sort"

	"github.com/wsdissect/wsdissect/field"
)

// requires returns the protocols a packet must have for e to be true: a
// caller that knows a packet lacks one need not build its tree. It errs
// on the side of fewer.
func (c *compiler) requires(e *expr) map[*field.Field]bool {
	switch e.op {
	case eAnd:
		return union(c.requires(e.a), c.requires(e.b))
	case eOr:
		a, b := c.requires(e.a), c.requires(e.b)
		for p := range a {
			if !b[p] {
				delete(a, p)
			}
		}
		return a
	case eExists, eMatches, eIn:
		return c.needs(e.a)
	case eRel, eContains:
		// 4.0 compares values: none on either side is false, even for !=
		return union(c.needs(e.a), c.needs(e.b))
	}
	return map[*field.Field]bool{}
}

// needs returns the protocols an entity needs to have a value.
func (c *compiler) needs(e *expr) map[*field.Field]bool {
	out := map[*field.Field]bool{}
	switch e.op {
	case eField:
		s := c.slots[e.slot]
		if s.expert == expertNone {
			if p := c.reg.Protocol(s.f); p != nil {
				out[p] = true
			}
		}
	case eSlice, eNeg:
		return c.needs(e.a)
	case eArith:
		return union(c.needs(e.a), c.needs(e.b))
	case eCall:
		switch e.fn {
		case "len", "count", "upper", "lower", "string", "abs":
			return c.needs(e.args[0])
		}
	}
	return out
}

func union(a, b map[*field.Field]bool) map[*field.Field]bool {
	for p := range b {
		a[p] = true
	}
	return a
}

// Requires returns protocols a packet must have to pass the filter (not
// necessarily all of them): a caller that can tell cheaply that a packet
// lacks one (wsdissect.Record.Has) may skip building its tree.
func (f *Filter) Requires() []*field.Field { return f.requires }

func sorted(m map[*field.Field]bool) []*field.Field {
	var out []*field.Field
	for p := range m {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Abbrev < out[j].Abbrev })
	return out
}
