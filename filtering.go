package wsdissect

import (
	"time"

	"github.com/wsdissect/wsdissect/dfilter"
	"github.com/wsdissect/wsdissect/field"
)

// filtering is the state of Options.Filter: the tree it is evaluated on,
// and the previous record shown, for frame.time_delta_displayed.
type filtering struct {
	tree  *field.Tree
	prev  time.Time
	shown bool
}

// passes builds the record's tree, as far as f needs, and evaluates f.
func (s *filtering) passes(r *Record, f *dfilter.Filter) bool {
	if s.tree == nil {
		s.tree = field.NewTree()
		f.Prime(s.tree)
	}
	var delta time.Duration
	if s.shown {
		delta = r.Time.Sub(s.prev)
	}
	r.FillTree(s.tree, delta)
	if !f.Match(s.tree) {
		return false
	}
	s.prev, s.shown = r.Time, true
	return true
}
