package main

import (
	"bufio"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// writeJSONFields prints what tshark -T json -e prints: for each displayed
// packet, a "layers" object of the fields named by -e that it has, in -e
// order, each an array of its values (of the first or the last occurrence
// only with -E occurrence=f or l), as -T fields prints each, but with the
// characters of a string as they are.
func writeJSONFields(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	w.WriteString("[\n")
	first := true
	tree := field.NewTree()
	var shown displayed
	var out []byte
	var vals values
	err := each(w, d, cfg, func(rec *wsdissect.Record) bool {
		if !matches(rec, cfg) {
			return false
		}
		rec.FillTree(tree, shown.delta(rec))
		out = out[:0]
		if !first {
			out = append(out, ",\n"...)
		}
		first = false
		out = append(out, "  {\n    \"_index\": \"packets-"...)
		out = rec.Time.UTC().AppendFormat(out, "2006-01-02")
		out = append(out, "\",\n    \"_type\": \"doc\",\n    \"_score\": null,\n    \"_source\": {\n      \"layers\": {"...)
		wrote := false
		for _, name := range cfg.fields {
			vals.reset()
			if f := cfg.registry().Lookup(name); f != nil {
				vals.ofTree(tree, f)
			} else {
				vals.ofRecord(rec, name)
			}
			vals.choose(cfg.occ)
			if len(vals.ends) == 0 {
				continue
			}
			if wrote {
				out = append(out, ',')
			}
			wrote = true
			out = append(out, "\n        "...)
			out = field.AppendJSONString(out, []byte(name))
			out = append(out, ": ["...)
			for i := range vals.ends {
				if i > 0 {
					out = append(out, ',')
				}
				out = append(out, "\n          "...)
				out = field.AppendJSONString(out, vals.at(i))
			}
			out = append(out, "\n        ]"...)
		}
		if wrote {
			out = append(out, "\n      "...)
		}
		out = append(out, "}\n    }\n  }"...)
		w.Write(out)
		return true
	})
	if !first {
		w.WriteString("\n")
	}
	w.WriteString("]\n")
	return err
}

// values are the occurrences of a field in a packet, one after the other
// in buf, each ending at its ends entry.
type values struct {
	buf  []byte
	ends []int
}

func (v *values) reset() { v.buf, v.ends = v.buf[:0], v.ends[:0] }

func (v *values) at(i int) []byte {
	start := 0
	if i > 0 {
		start = v.ends[i-1]
	}
	return v.buf[start:v.ends[i]]
}

// ofTree collects the values of f in the tree, as tshark's -e finds them
// (wsdissect.TreeHolds, wsdissect.AppendTreeValue).
func (v *values) ofTree(t *field.Tree, f *field.Field) {
	t.Walk(func(n field.Node, _ int) bool {
		if wsdissect.TreeHolds(t, n, f) {
			v.buf = wsdissect.AppendTreeValue(v.buf, t, n, f, field.FormJSON)
			v.ends = append(v.ends, len(v.buf))
		}
		return true
	})
}

// ofRecord collects the values of a field the tree does not hold yet from
// the record's own fields (wsdissect.Fields), which print as -T fields
// does: the tabs, newlines and carriage returns it escapes are put back
// (a text that held a backslash and a t gets a tab: the record's escaping
// cannot tell them apart, the tree's fields can).
func (v *values) ofRecord(r *wsdissect.Record, name string) {
	// NUL parts the occurrences: it cannot be in a value (tshark's values
	// are C strings)
	v.buf = r.AppendField(v.buf, name, "\x00", wsdissect.AllOccurrences)
	if len(v.buf) == 0 {
		return
	}
	for i, c := range v.buf {
		if c == 0 {
			v.ends = append(v.ends, i)
		}
	}
	v.ends = append(v.ends, len(v.buf))
	// the values without their separators and escapes
	n := 0
	start := 0
	for i, end := range v.ends {
		for j := start; j < end; j++ {
			c := v.buf[j]
			if c == '\\' && j+1 < end {
				switch v.buf[j+1] {
				case 't':
					c, j = '\t', j+1
				case 'n':
					c, j = '\n', j+1
				case 'r':
					c, j = '\r', j+1
				}
			}
			v.buf[n] = c
			n++
		}
		start = end + 1
		v.ends[i] = n
	}
	v.buf = v.buf[:n]
}

// choose keeps the occurrences -E occurrence asks for.
func (v *values) choose(occ wsdissect.Occurrence) {
	if len(v.ends) < 2 {
		return
	}
	switch occ {
	case wsdissect.FirstOccurrence:
		v.ends = v.ends[:1]
	case wsdissect.LastOccurrence:
		v.buf = v.buf[:copy(v.buf, v.at(len(v.ends)-1))]
		v.ends = append(v.ends[:0], len(v.buf))
	}
}
