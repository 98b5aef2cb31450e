package main

import (
	"bufio"

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
	first := true
	tree := field.NewTree()
	tree.FilterJSON(cfg.protocols, cfg.children)
	tree.JSONDuplicateKeys(cfg.dupKeys)
	var shown displayed
	var out []byte
	err := each(w, d, cfg, func(rec *wsdissect.Record) bool {
		if !matches(rec, cfg) {
			return false
		}
		if !first {
			w.WriteString(",\n")
		}
		first = false
		rec.FillTree(tree, shown.delta(rec))
		out = append(out[:0], "  {\n    \"_index\": \"packets-"...)
		out = rec.Time.UTC().AppendFormat(out, "2006-01-02")
		out = append(out, "\",\n    \"_type\": \"doc\",\n    \"_score\": null,\n    \"_source\": {\n      \"layers\": {"...)
		out, _ = tree.AppendJSONMembers(out, 4, false)
		w.Write(out)
		w.WriteString("\n      }\n    }\n  }")
		return true
	})
	if err != nil {
		w.WriteString("\n]\n")
		return err
	}
	if !first {
		w.WriteString("\n")
	}
	w.WriteString("]\n")
	return nil
}
