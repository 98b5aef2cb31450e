package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// object is a JSON object that keeps its keys in order, as tshark prints them.
// A value is a string, an object or a list of objects.
type object []member

type member struct {
	key   string
	value any
}

func (o *object) add(k string, v any) { *o = append(*o, member{k, v}) }

// writeJSON prints what `tshark -T json --no-duplicate-keys` prints: the
// packet tree's layers (frame, link, IP, TCP and its reassembly,
// WebSocket and the bodies after it), then the HTTP layer, which the tree
// does not hold yet.
func writeJSON(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	w.WriteString("[\n")
	first := true
	tree := field.NewTree()
	var shown displayed
	var out []byte
	err := each(w, d, cfg, func(rec *wsdissect.Record) bool {
		if !matches(rec, cfg.filter) {
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
		out, wrote := tree.AppendJSONMembers(out, 4, false)
		w.Write(out)
		for _, m := range upperLayers(rec) {
			if wrote {
				w.WriteByte(',')
			}
			wrote = true
			w.WriteString("\n        ")
			writeString(w, m.key)
			w.WriteString(": ")
			writeValue(w, m.value, 4)
		}
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

// upperLayers are the HTTP layer of a record's JSON, which the tree does
// not hold yet.
func upperLayers(r *wsdissect.Record) object {
	var layers object
	if len(r.HTTP) > 0 {
		var h object
		for _, f := range wsdissect.Fields {
			if strings.HasPrefix(f, "http.") {
				if v := r.AppendField(nil, f, ",", wsdissect.AllOccurrences); len(v) > 0 {
					h.add(f, string(v))
				}
			}
		}
		layers.add("http", h)
	}
	return layers
}

// writeValue prints v with tshark's two-space indentation at depth.
func writeValue(w *bufio.Writer, v any, depth int) {
	indent := strings.Repeat("  ", depth)
	switch v := v.(type) {
	case nil:
		w.WriteString("null")
	case string:
		writeString(w, v)
	case object:
		if len(v) == 0 {
			w.WriteString("{}")
			return
		}
		w.WriteString("{\n")
		for i, m := range v {
			w.WriteString(indent + "  ")
			writeString(w, m.key)
			w.WriteString(": ")
			writeValue(w, m.value, depth+1)
			if i < len(v)-1 {
				w.WriteByte(',')
			}
			w.WriteByte('\n')
		}
		w.WriteString(indent + "}")
	case []object:
		w.WriteString("[\n")
		for i, o := range v {
			w.WriteString(indent + "  ")
			writeValue(w, o, depth+1)
			if i < len(v)-1 {
				w.WriteByte(',')
			}
			w.WriteByte('\n')
		}
		w.WriteString(indent + "]")
	}
}

func writeString(w *bufio.Writer, s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	w.Write(bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}))
}
