package stats

import (
	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// Set is the taps of one run, fed together: a packet's tree is filled once
// for all those that need it, and they print in tshark's order.
type Set struct {
	taps  []Tap
	needs Needs
	tree  *field.Tree
}

// NewSet gathers taps, in the order they were asked for (-z after -z).
func NewSet(taps ...Tap) *Set {
	s := &Set{taps: taps}
	for _, t := range taps {
		s.needs |= t.Needs()
	}
	switch {
	case s.needs&NeedTree != 0:
		s.tree = field.NewTree()
	case s.needs&NeedTCPTree != 0:
		// the tree as far as TCP: built from the frame's bytes
		s.needs |= NeedFrames
		s.tree = field.NewTree()
		reg := wsdissect.Registry()
		s.tree.Want(reg.Lookup("eth"), reg.Lookup("ip"), reg.Lookup("ipv6"), reg.Lookup("tcp"))
	}
	return s
}

// Needs is what the taps need together.
func (s *Set) Needs() Needs { return s.needs }

// Len is the number of taps.
func (s *Set) Len() int { return len(s.taps) }

// Add feeds one record to every tap.
func (s *Set) Add(rec *wsdissect.Record) {
	if len(s.taps) == 0 {
		return
	}
	if s.tree != nil {
		rec.FillTree(s.tree, rec.Delta)
	}
	for _, t := range s.taps {
		t.Add(rec, s.tree)
	}
}

// AppendText prints every tap as tshark does at the end of a capture: the
// last asked for first (tshark draws its tap listeners in that order).
func (s *Set) AppendText(dst []byte) []byte {
	for i := len(s.taps) - 1; i >= 0; i-- {
		dst = s.taps[i].AppendText(dst)
	}
	return dst
}
