package main

import (
	"bufio"
	"time"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// writeJSON prints what `tshark -T json --no-duplicate-keys` prints: the
// packet tree's layers: frame, link, IP, TCP and its reassembly, HTTP,
// WebSocket and the bodies after them, the members of an object that share
// a key gathered into an array; with --duplicate-keys what plain tshark -T
// json prints, those members one after the other.
func writeJSON(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	w.WriteString("[\n")
	var shown displayed
	p := newRenderer(w, d, cfg.flush, func() renderFunc {
		tree := field.NewTree()
		tree.FilterJSON(cfg.protocols, cfg.children)
		tree.JSONDuplicateKeys(cfg.dupKeys)
		return func(out []byte, rec *wsdissect.Record, delta time.Duration, first bool) []byte {
			if !first {
				out = append(out, ",\n"...)
			}
			rec.FillTree(tree, delta)
			out = append(out, "  {\n    \"_index\": \"packets-"...)
			out = rec.Time.UTC().AppendFormat(out, "2006-01-02")
			out = append(out, "\",\n    \"_type\": \"doc\",\n    \"_score\": null,\n    \"_source\": {\n      \"layers\": {"...)
			out, _ = tree.AppendJSONMembers(out, 4, false)
			return append(out, "\n      }\n    }\n  }"...)
		}
	})
	printed := false
	err := each(nil, d, cfg, func(rec *wsdissect.Record) bool {
		if !matches(rec, cfg) {
			return false
		}
		p.add(rec, shown.delta(rec))
		printed = true
		return true
	})
	p.close()
	if err != nil {
		w.WriteString("\n]\n")
		return err
	}
	if printed {
		w.WriteString("\n")
	}
	w.WriteString("]\n")
	return nil
}
