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
// tshark -V (and -O, -P) prints them: the tree, then a blank line.
func writeDetails(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	var expand func(*field.Field) bool
	if cfg.expand != nil {
		expand = func(f *field.Field) bool { return f != nil && slices.Contains(cfg.expand, f.Abbrev) }
	}
	var shown displayed
	p := newTreePrinter(w, cfg.flush, func(out []byte, j *treeJob) []byte {
		out = append(out, j.prefix...)
		out = j.tree.AppendDetails(out, expand)
		return append(out, '\n')
	})
	err := each(nil, d, cfg, func(rec *wsdissect.Record) bool {
		if !matches(rec, cfg.filter) {
			return false
		}
		j := p.next()
		j.prefix = j.prefix[:0]
		if cfg.summary {
			j.prefix = append(rec.AppendSummary(j.prefix), '\n')
		}
		rec.FillTree(j.tree, shown.delta(rec))
		p.send()
		return true
	})
	p.close()
	return err
}
