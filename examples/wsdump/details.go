package main

import (
	"bufio"
	"slices"
	"time"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// displayed tracks frame.time_delta_displayed: the time since the previous
// frame shown.
type displayed struct {
	prev  time.Time
	shown bool
}

// delta returns the record's frame.time_delta_displayed and notes it shown.
func (s *displayed) delta(r *wsdissect.Record) time.Duration {
	d := time.Duration(0)
	if s.shown {
		d = r.Time.Sub(s.prev)
	}
	s.prev, s.shown = r.Time, true
	return d
}

// writeDetails prints the packet details of each displayed frame, as
// tshark -V (and -O, -P) prints them: the tree, then a blank line; and the
// bytes of its data sources after them, as -x prints them (alone, or after
// a blank line when the summary or the tree is printed too).
func writeDetails(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	var expand func(*field.Field) bool
	if cfg.expand != nil {
		expand = func(f *field.Field) bool { return f != nil && slices.Contains(cfg.expand, f.Abbrev) }
	}
	var shown displayed
	p := newRenderer(w, d, cfg.flush, func() renderFunc {
		tree := field.NewTree()
		tree.SetDataDumps(!cfg.hex) // tshark dumps a Data item's bytes under it, unless -x dumps them all
		tree.BuildHidden(false)     // details and dumps show no hidden item
		dp := &field.Printer{Expand: expand}
		if cfg.verbose {
			tree.BuildFor(dp) // the printer's blocks of lines stand in for items
		}
		return func(out []byte, rec *wsdissect.Record, delta time.Duration, _ bool) []byte {
			if cfg.summary {
				out = append(rec.AppendSummary(out), '\n')
			}
			rec.FillTree(tree, delta)
			if cfg.verbose {
				out = dp.AppendDetails(out, tree)
				if !cfg.hex {
					out = append(out, '\n')
				}
			}
			if cfg.hex {
				if cfg.summary || cfg.verbose {
					out = append(out, '\n')
				}
				out = append(tree.AppendDump(out, cfg.dump), '\n')
			}
			return out
		}
	})
	err := each(nil, d, cfg, func(rec *wsdissect.Record) bool {
		if !matches(rec, cfg) {
			return false
		}
		p.add(rec, shown.delta(rec))
		return true
	})
	p.close()
	return err
}
