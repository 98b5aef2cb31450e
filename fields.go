package wsdissect

import (
	"encoding/hex"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/wsdissect/wsdissect/dfilter"
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/httpupgrade"
	"github.com/wsdissect/wsdissect/wsframe"
)

// Fields lists, in a stable order, the tshark field names a Record can print
// with AppendField.
var Fields = []string{
	"frame.number", "frame.time_relative", "frame.len", "frame.cap_len",
	"ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
	"tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.len", "tcp.seq", "tcp.ack", "tcp.flags.str",
	"tcp.reassembled_in", "tcp.segment", "tcp.reassembled.length",
	"tcp.analysis.retransmission", "tcp.analysis.out_of_order", "tcp.analysis.lost_segment",
	"tls.record.version", "tls.record.content_type", "tls.record.length", "tls.record.opaque_type",
	"tls.handshake.type", "tls.handshake.ciphersuite", "tls.app_data_proto",
	"http.request.method", "http.request.uri", "http.response.code", "http.upgrade", "http.connection",
	"http.sec_websocket_key", "http.sec_websocket_accept", "http.sec_websocket_version",
	"http.sec_websocket_protocol", "http.sec_websocket_extensions",
	"websocket.fin", "websocket.rsv", "websocket.opcode", "websocket.mask", "websocket.pmc",
	"websocket.payload_length", "websocket.payload_length_ext_16", "websocket.payload_length_ext_64",
	"websocket.masking_key", "websocket.payload.text", "websocket.payload.close.status_code",
	"websocket.payload.close.reason", "websocket.payload.ping", "websocket.payload.pong",
	"_ws.col.Protocol", "_ws.col.Info",
}

// KnownField reports whether AppendField can print the named field.
func KnownField(name string) bool {
	for _, f := range Fields {
		if f == name {
			return true
		}
	}
	return false
}

// NeedsPayload reports whether printing the named field needs the payloads
// of data frames, which Options.SkipPayloads leaves out.
func NeedsPayload(field string) bool {
	return field == "websocket.payload.text"
}

// FilterNeedsPayload reports whether a display filter that reads the
// named field needs the payloads of data frames, which
// Options.SkipPayloads leaves out: their text and bytes, and the expert
// infos their checks raise.
func FilterNeedsPayload(field string) bool {
	return field == "websocket.payload" || strings.HasPrefix(field, "websocket.payload.") || strings.HasPrefix(field, "websocket.unmask") ||
		strings.HasPrefix(field, "_ws.expert") || strings.HasPrefix(field, "data") || field == "text" || strings.HasPrefix(field, "json") ||
		NeedsPayload(field)
}

// FilterNeedsFrames reports whether a display filter that reads the named
// field needs the frames' bytes (Options.KeepFrames) and the layers' trees
// built from them. It does not for the fields a record's typed values hold,
// which FillTree builds when the frame was not kept: the frame's number,
// lengths, times, encapsulation and marks; TCP's ports, tcp.stream,
// tcp.completeness and tcp.len; the WebSocket header fields, from
// websocket.fin to websocket.masking_key. A protocol's value is its bytes
// (frame contains "websocket"): it needs them. A filter on those fields
// alone (-Y 'websocket.opcode == 1 && tcp.stream in {1, 2, 3}') costs
// little more than the records.
func FilterNeedsFrames(field string) bool {
	switch field {
	case "frame.number", "frame.len", "frame.cap_len", "frame.encap_type", "frame.offset_shift",
		"frame.time", "frame.time_epoch", "frame.time_delta", "frame.time_delta_displayed", "frame.time_relative",
		"frame.marked", "frame.ignored",
		"tcp.srcport", "tcp.dstport", "tcp.port", "tcp.stream", "tcp.completeness", "tcp.len",
		"websocket.fin", "websocket.rsv", "websocket.pmc", "websocket.opcode", "websocket.mask",
		"websocket.payload_length", "websocket.payload_length_ext_16", "websocket.payload_length_ext_64", "websocket.masking_key":
		return false
	}
	return true
}

// FilterReadsFrames reports whether display filter f reads a field that
// needs the frames' bytes (FilterNeedsFrames): whether Options.Filter
// implies Options.KeepFrames.
func FilterReadsFrames(f *dfilter.Filter) bool {
	for _, fd := range f.Fields() {
		if fd == nil || FilterNeedsFrames(fd.Abbrev) {
			return true
		}
	}
	return false
}

// Occurrence selects which occurrences of a field AppendField prints, as
// tshark's -E occurrence=f|l|a.
type Occurrence int8

// Occurrence choices.
const (
	AllOccurrences  Occurrence = 0
	FirstOccurrence Occurrence = 1
	LastOccurrence  Occurrence = -1
)

// fieldWriter collects the occurrences of one field, appending in place.
type fieldWriter struct {
	dst   []byte
	start int
	sep   string
	occ   Occurrence
	n     int
	// out, when set, takes dst's bytes while a long text is escaped
	// (WriteFieldRef); err is its first error.
	out io.Writer
	err error
}

// next prepares for one more occurrence and reports whether to write it:
// empty values are dropped from the list, as tshark does.
func (w *fieldWriter) next(empty bool) bool {
	if empty {
		return false
	}
	switch w.occ {
	case FirstOccurrence:
		if w.n > 0 {
			return false
		}
	case LastOccurrence:
		w.dst, w.n = w.dst[:w.start], 0
	}
	if w.n > 0 {
		w.dst = append(w.dst, w.sep...)
	}
	w.n++
	return true
}

func (w *fieldWriter) addString(s string) {
	if w.next(s == "") {
		w.dst = append(w.dst, s...)
	}
}

func (w *fieldWriter) addUint(v uint64) {
	if w.next(false) {
		w.dst = strconv.AppendUint(w.dst, v, 10)
	}
}

func (w *fieldWriter) addBool(b bool) {
	if w.next(false) {
		w.dst = append(w.dst, "01"[boolIndex(b)])
	}
}

func (w *fieldWriter) addHex(b []byte) {
	if w.next(len(b) == 0) {
		w.dst = hex.AppendEncode(w.dst, b)
	}
}

func (w *fieldWriter) addText(b []byte) {
	if !w.next(len(b) == 0) {
		return
	}
	if w.out != nil && w.occ != LastOccurrence {
		b = w.streamText(b)
	}
	w.dst = field.AppendFieldText(w.dst, b)
}

func (w *fieldWriter) addAddr(a netip.Addr) {
	if w.next(!a.IsValid()) {
		w.dst = a.AppendTo(w.dst)
	}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AppendField appends the value of the named tshark field as `tshark -T
// fields` prints it: several occurrences joined by sep (tshark's -E
// aggregator, "," by default), booleans as 1/0, hex in lowercase, text with
// tab, newline and carriage return escaped. An unknown or absent field
// appends nothing.
func (r *Record) AppendField(dst []byte, name string, sep string, occ Occurrence) []byte {
	return r.AppendFieldRef(dst, RefField(name), sep, occ)
}

// FieldRef is a field name of AppendField looked up once (RefField), for a
// command that prints the same fields for every record.
type FieldRef struct {
	name string
	id   fieldID
}

// fieldID names the fields a FieldRef reaches without looking up its name:
// those of the speed target and the other WebSocket header fields.
type fieldID uint8

const (
	fieldByName fieldID = iota // looked up by name at each call
	fieldFrameNumber
	fieldTCPStream
	fieldWSFin
	fieldWSRsv
	fieldWSOpcode
	fieldWSMask
	fieldWSPayloadLength
	fieldWSMaskingKey
)

// RefField returns the FieldRef of a field name of AppendField.
func RefField(name string) FieldRef {
	id := fieldByName
	switch name {
	case "frame.number":
		id = fieldFrameNumber
	case "tcp.stream":
		id = fieldTCPStream
	case "websocket.fin":
		id = fieldWSFin
	case "websocket.rsv":
		id = fieldWSRsv
	case "websocket.opcode":
		id = fieldWSOpcode
	case "websocket.mask":
		id = fieldWSMask
	case "websocket.payload_length":
		id = fieldWSPayloadLength
	case "websocket.masking_key":
		id = fieldWSMaskingKey
	}
	return FieldRef{name: name, id: id}
}

// AppendFieldRef is AppendField for a field looked up once.
func (r *Record) AppendFieldRef(dst []byte, f FieldRef, sep string, occ Occurrence) []byte {
	w := fieldWriter{dst: dst, start: len(dst), sep: sep, occ: occ}
	r.fieldTo(&w, f)
	return w.dst
}

// fieldTo writes the field f names to w.
func (r *Record) fieldTo(w *fieldWriter, f FieldRef) {
	switch {
	case f.id == fieldByName:
		r.field(w, f.name)
	case f.id >= fieldWSFin:
		for i := range r.WebSocket {
			wsHeaderField(w, &r.WebSocket[i], f.id)
		}
	default:
		r.fieldOf(w, f.id)
	}
}

// fieldOf writes a field of the frame or of TCP that a FieldRef names.
func (r *Record) fieldOf(w *fieldWriter, id fieldID) {
	switch id {
	case fieldFrameNumber:
		w.addUint(r.Frame)
	case fieldTCPStream:
		if r.TCP != nil {
			w.addUint(r.TCP.Analysis.Stream)
		}
	}
}

func (r *Record) field(w *fieldWriter, name string) {
	switch name {
	case "frame.number":
		r.fieldOf(w, fieldFrameNumber)
		return
	case "frame.time_relative":
		if w.next(false) {
			w.dst = appendSeconds(w.dst, r.Rel, 9)
		}
		return
	case "frame.len":
		w.addUint(uint64(r.Len))
		return
	case "frame.cap_len":
		w.addUint(uint64(r.CapLen))
		return
	case "ip.src":
		if r.Src.Is4() {
			w.addAddr(r.Src)
		}
		return
	case "ip.dst":
		if r.Dst.Is4() {
			w.addAddr(r.Dst)
		}
		return
	case "ipv6.src":
		if r.Src.Is6() {
			w.addAddr(r.Src)
		}
		return
	case "ipv6.dst":
		if r.Dst.Is6() {
			w.addAddr(r.Dst)
		}
		return
	case "_ws.col.Protocol":
		w.addString(r.Protocol)
		return
	case "_ws.col.Info":
		if w.next(false) {
			w.dst = r.AppendInfo(w.dst)
		}
		return
	}
	if r.TCP != nil && r.tcpField(w, name) {
		return
	}
	if len(r.TLS) > 0 && r.tlsField(w, name) {
		return
	}
	for _, m := range r.HTTP {
		httpField(w, m, name)
	}
	for i := range r.WebSocket {
		wsField(w, &r.WebSocket[i], name)
	}
}

// tcpField writes a tcp.* field; it reports whether name is one.
func (r *Record) tcpField(w *fieldWriter, name string) bool {
	t := r.TCP
	a := &t.Analysis
	switch name {
	case "tcp.stream":
		r.fieldOf(w, fieldTCPStream)
	case "tcp.srcport":
		w.addUint(uint64(t.Segment.SrcPort))
	case "tcp.dstport":
		w.addUint(uint64(t.Segment.DstPort))
	case "tcp.len":
		w.addUint(uint64(a.Len))
	case "tcp.seq":
		w.addUint(uint64(a.RelSeq))
	case "tcp.ack":
		w.addUint(uint64(a.RelAck))
	case "tcp.flags.str":
		w.addString(t.Segment.Flags.String())
	case "tcp.reassembled_in":
		if r.ReassembledIn != 0 {
			w.addUint(r.ReassembledIn)
		}
	case "tcp.segment":
		for _, f := range r.Segments {
			w.addUint(f)
		}
	case "tcp.reassembled.length":
		if len(r.Segments) > 0 {
			w.addUint(uint64(r.ReassembledLength))
		}
	case "tcp.analysis.retransmission":
		if a.Retransmission || a.FastRetransmission || a.SpuriousRetransmission {
			w.addString("1")
		}
	case "tcp.analysis.out_of_order":
		if a.OutOfOrder {
			w.addString("1")
		}
	case "tcp.analysis.lost_segment":
		if a.LostSegment {
			w.addString("1")
		}
	default:
		return false
	}
	return true
}

// wsHeaderField writes a WebSocket header field a FieldRef names.
func wsHeaderField(w *fieldWriter, f *WSFrame, id fieldID) {
	h := &f.Header
	switch id {
	case fieldWSFin:
		w.addBool(h.Fin)
	case fieldWSRsv:
		if w.next(false) {
			w.dst = append(w.dst, '0', 'x', hexDigit(h.Rsv>>4), hexDigit(h.Rsv&0xf))
		}
	case fieldWSOpcode:
		w.addUint(uint64(h.Opcode))
	case fieldWSMask:
		w.addBool(h.Masked)
	case fieldWSPayloadLength:
		w.addUint(uint64(h.PayloadLen7))
	case fieldWSMaskingKey:
		if h.Masked {
			w.addHex(h.Key[:])
		}
	}
}

func wsField(w *fieldWriter, f *WSFrame, name string) {
	h := &f.Header
	switch name {
	case "websocket.fin":
		wsHeaderField(w, f, fieldWSFin)
	case "websocket.rsv":
		wsHeaderField(w, f, fieldWSRsv)
	case "websocket.opcode":
		wsHeaderField(w, f, fieldWSOpcode)
	case "websocket.mask":
		wsHeaderField(w, f, fieldWSMask)
	case "websocket.pmc":
		if f.PMC {
			w.addBool(h.Rsv&0x4 != 0)
		}
	case "websocket.payload_length":
		wsHeaderField(w, f, fieldWSPayloadLength)
	case "websocket.payload_length_ext_16":
		if h.PayloadLen7 == 126 {
			w.addUint(h.Length)
		}
	case "websocket.payload_length_ext_64":
		if h.PayloadLen7 == 127 {
			w.addUint(h.Length)
		}
	case "websocket.masking_key":
		wsHeaderField(w, f, fieldWSMaskingKey)
	case "websocket.payload.text":
		if m := f.Message; m != nil && m.Opcode == wsframe.OpText {
			w.addText(m.Data)
		}
	case "websocket.payload.close.status_code":
		if m := f.Message; m != nil && m.Opcode == wsframe.OpClose && m.HasCloseCode {
			w.addUint(uint64(m.CloseCode))
		}
	case "websocket.payload.close.reason":
		if m := f.Message; m != nil && m.Opcode == wsframe.OpClose {
			w.addText([]byte(m.CloseReason))
		}
	case "websocket.payload.ping":
		if h.Opcode == wsframe.OpPing {
			w.addHex(f.Payload)
		}
	case "websocket.payload.pong":
		if h.Opcode == wsframe.OpPong {
			w.addHex(f.Payload)
		}
	}
}

func hexDigit(b byte) byte { return "0123456789abcdef"[b&0xf] }

func httpField(w *fieldWriter, m *httpupgrade.Message, name string) {
	if v, ok := m.TSharkField(name); ok {
		w.addString(v)
	}
}
