package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/wsframe"
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
// packet tree's layers (frame, link, IP, TCP and its reassembly, HTTP), then
// the WebSocket layers, which the tree does not hold yet.
func writeJSON(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	w.WriteString("[\n")
	first := true
	tree := field.NewTree()
	tree.FilterJSON(cfg.protocols, cfg.children)
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
		for _, m := range filterLayers(upperLayers(rec), cfg.protocols) {
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

// upperLayers are the WebSocket layers of a record's JSON.
func upperLayers(r *wsdissect.Record) object {
	var layers object
	switch len(r.WebSocket) {
	case 0:
	case 1:
		layers.add("websocket", wsObject(&r.WebSocket[0]))
	default:
		list := make([]object, len(r.WebSocket))
		for i := range r.WebSocket {
			list[i] = wsObject(&r.WebSocket[i])
		}
		layers.add("websocket", list)
	}
	return layers
}

// wsObject is tshark's websocket layer object for one frame.
func wsObject(f *wsdissect.WSFrame) object {
	h := &f.Header
	var o object
	o.add("websocket.fin", boolString(h.Fin))
	o.add("websocket.rsv", "0x"+string([]byte{"0123456789abcdef"[h.Rsv>>4&0xf], "0123456789abcdef"[h.Rsv&0xf]}))
	if f.PMC {
		o.add("websocket.pmc", boolString(h.Rsv&0x4 != 0))
	}
	o.add("websocket.opcode", strconv.Itoa(int(h.Opcode)))
	o.add("websocket.mask", boolString(h.Masked))
	o.add("websocket.payload_length", strconv.Itoa(int(h.PayloadLen7)))
	switch h.PayloadLen7 {
	case 126:
		o.add("websocket.payload_length_ext_16", strconv.FormatUint(h.Length, 10))
	case 127:
		o.add("websocket.payload_length_ext_64", strconv.FormatUint(h.Length, 10))
	}
	if h.Masked {
		o.add("websocket.masking_key", colonHex(h.Key[:]))
	}
	if h.Length == 0 {
		return o
	}
	if h.Masked {
		o.add("websocket.masked_payload", "")
	}
	m := f.Message
	switch {
	case h.Opcode == wsframe.OpPing:
		o.add("websocket.payload", object{{"websocket.payload.ping", colonHex(f.Payload)}})
	case h.Opcode == wsframe.OpPong:
		o.add("websocket.payload", object{{"websocket.payload.pong", colonHex(f.Payload)}})
	case h.Opcode == wsframe.OpClose && m != nil:
		var c object
		if m.HasCloseCode {
			c.add("websocket.payload.close.status_code", strconv.Itoa(int(m.CloseCode)))
		}
		if m.CloseReason != "" {
			c.add("websocket.payload.close.reason", m.CloseReason)
		}
		o.add("websocket.payload", object{{"websocket.payload.close", c}})
	case m != nil && m.Opcode == wsframe.OpText:
		o.add("websocket.payload", object{{"websocket.payload.text", validText(m.Data)}})
	default:
		o.add("websocket.payload", "")
	}
	return o
}

func boolString(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func colonHex(b []byte) string {
	var s strings.Builder
	for i, c := range b {
		if i > 0 {
			s.WriteByte(':')
		}
		s.WriteByte("0123456789abcdef"[c>>4])
		s.WriteByte("0123456789abcdef"[c&0xf])
	}
	return s.String()
}

// validText replaces invalid UTF-8 with U+FFFD, as tshark shows text.
func validText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
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
