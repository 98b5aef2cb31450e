package wsdissect

import (
	"strconv"
	"time"

	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/httpupgrade"
	"github.com/wsdissect/wsdissect/tcp"
	"github.com/wsdissect/wsdissect/tls"
	"github.com/wsdissect/wsdissect/wsframe"
)

// hfShortFrame is tshark's "[Packet size limited during capture: ...]"
// item: the _ws.short protocol, which -T json shows with its label as a
// value, hence a string here.
// It is registered as a protocol in name only, as tshark -G lists it.
var hfShortFrame = field.Field{Name: "Short Frame", Abbrev: "_ws.short", Type: field.String, InNameOnly: true, Short: "Short frame"}

// Registry returns every field wsdissect knows, by filter name, as tshark
// -G fields lists them.
func Registry() *field.Registry {
	return field.NewRegistry([]*field.Field{&hfShortFrame}, epanFields(), frameFields(), tcp.LinkFields(), tcp.Fields(), tls.Fields(), tls.X509Fields(), httpupgrade.Fields(), wsframe.Fields(), textFields())
}

// FillTree builds the record's packet tree in t, as tshark shows a packet's
// details, from the frame's bytes (Options.KeepFrames) and the typed values
// of the record. deltaDisplayed is frame.time_delta_displayed: the time
// since the previous frame the view shows, which only the view knows (the
// record's Delta when it shows every frame). t is reset first; what it
// wants (field.Tree.Want) limits what is built.
//
// It builds the frame, link, IP and TCP layers with TCP's reassembly, then
// HTTP and each WebSocket frame, with the bodies tshark shows after them
// (Line-based text data, Data). Without the frame's bytes it builds what
// the typed values hold: the frame's fields, TCP's leading fields and each
// WebSocket frame's header, all a filter FilterReadsFrames lets go reads.
func (r *Record) FillTree(t *field.Tree, deltaDisplayed time.Duration) {
	t.Reset()
	t.AddSource("Frame", r.Data)
	var fr field.Node = field.NoNode
	if t.Wants(&hfFrame) {
		fr = fillFrame(t, r, deltaDisplayed)
	}
	if r.Data == nil {
		r.fillTyped(t)
		return
	}
	var room [128]byte // frame.protocols, built while the layers are filled
	protocols := room[:0]
	var l tcp.Link
	l, protocols = tcp.FillLink(t, r.LinkType, r.Data, protocols, !r.noResolve)
	switch {
	case l.Transport == 0:
	case l.Proto == 6:
		protocols = append(protocols, ":tcp"...)
		if r.TCP != nil {
			payload := min(l.Transport+r.TCP.Segment.HeaderLen, l.End) // where the TCP payload starts
			protocols = r.appendTLSProtocols(protocols)
			protocols = r.appendUpperProtocols(protocols, payload, l.End)
			if r.fillTCP(t, l, payload) {
				if len(r.TLS) > 0 {
					c := tlsCursor{r: r}
					r.fillTLS(t)
					r.fillHTTPOverTLS(t, &c)
					r.fillWebSocket(t, payload, &c)
				} else {
					r.fillHTTP(t, payload, l.End)
					r.fillWebSocket(t, payload, nil)
				}
			}
		}
	case l.Proto == 17:
		protocols = append(protocols, ":udp"...)
	case l.Proto == 1:
		protocols = append(protocols, ":icmp"...)
	case l.Proto == 58:
		protocols = append(protocols, ":icmpv6"...)
	}
	if fr != field.NoNode {
		setProtocols(t, fr, protocols)
	}
}

// fillTyped adds, to a record whose frame was not kept, what its typed
// values hold of the layers above the frame: TCP's leading fields and each
// WebSocket frame's header (FilterNeedsFrames).
func (r *Record) fillTyped(t *field.Tree) {
	if r.TCP == nil {
		return
	}
	seg := r.TCP.Segment
	tcp.FillTCPTyped(t, field.NoNode, 0, seg.HeaderLen, &seg, &r.TCP.Analysis)
	for i := range r.WebSocket {
		w := &r.WebSocket[i]
		wsframe.FillHeaderTree(t, &wsframe.TreeFrame{Header: w.Header, PMC: w.PMC})
	}
}

// fillTCP adds the TCP layer and what tshark's reassembly shows with it:
// each PDU the payload carries bytes of, then the reassembly tree of one
// completed after several segments.
func (r *Record) fillTCP(t *field.Tree, l tcp.Link, payload int) bool {
	seg := r.TCP.Segment
	seg.Payload = r.Data[payload:l.End]
	hdr := r.Data[l.Transport:min(l.Transport+seg.HeaderLen, len(r.Data))]
	n := tcp.FillTCP(t, field.NoNode, hdr, l.Transport, &seg, &r.TCP.Analysis)
	if n == field.NoNode {
		return true
	}
	if len(hdr) < seg.HeaderLen {
		s := t.AddString(field.NoNode, &hfShortFrame, 0, 0, "[Packet size limited during capture: TCP truncated]")
		t.SetText(s, []byte("Packet size limited during capture: TCP truncated"))
		t.SetGenerated(s)
		return false
	}
	for i := range r.PDUs {
		p := &r.PDUs[i]
		data := seg.Payload[min(p.Offset, len(seg.Payload)):min(p.Offset+p.Bytes, len(seg.Payload))]
		tcp.AddPDU(t, n, p.Length, p.In, r.Frame, p.Multi, !p.HTTP, payload+p.Offset, data)
	}
	switch {
	case len(r.PDUs) > 0 || len(r.HTTP) > 0 || r.ReassembledIn != 0 || len(seg.Payload) == 0:
		// dissected above, or nothing to show
	case r.TCP.Analysis.Retransmission || r.TCP.Analysis.OutOfOrder:
		// bytes the stream already had
		tcp.AddRetransmittedData(t, n, payload, seg.Payload)
	case !r.Continuation:
		// handed to the layer above, which waits for more that never comes
		tcp.AddSegmentData(t, n, payload, seg.Payload)
	}
	for i := range r.PDUs {
		if p := &r.PDUs[i]; p.Pieces != nil {
			tcp.FillSegments(t, len(p.Pieces), p.Length, func(i int) (uint64, int, int, bool) {
				q := &p.Pieces[i]
				return q.Frame, q.Offset, q.Length, q.Overlap
			}, p.Data)
		}
	}
	return true
}

// fillWebSocket adds each WebSocket frame that completes in the record, in
// stream order, each followed by what shows its message's body: "Line-based
// text data" for text, "Data" for binary. payload is where the TCP
// payload starts in the frame. A frame is found in its PDU: in the frame
// itself, or in the "Reassembled TCP" source of one that spans segments.
//
// Over TLS (c not nil), the frames are in the decrypted records' content.
func (r *Record) fillWebSocket(t *field.Tree, payload int, c *tlsCursor) {
	pdus := r.PDUs
	var f wsframe.TreeFrame
	for i := range r.WebSocket {
		w := &r.WebSocket[i]
		src := 0
		var off int
		var multi *PDU
		var cut bool
		if c != nil {
			var ok bool
			if src, off, _, ok = c.next(t, w.Header.HeaderLen+int(w.Header.Length)); !ok {
				// the records' bytes are not kept (Options.SkipPayloads
				// passes a data frame's over): the frame's fields still are
				src, off = 0, payload
			}
		} else if off, multi, cut = r.wsPlace(&pdus, w, payload); multi != nil {
			src = max(sourceOf(t, multi.Data), 0)
		}
		f = wsframe.TreeFrame{Header: w.Header, Off: off, Payload: w.Payload, PMC: w.PMC, Fragments: w.Fragments, Reassembled: w.Reassembled}
		if m := w.Message; m != nil {
			f.Ends, f.Opcode, f.Data, f.Compressed, f.InflateFailed = true, m.Opcode, m.Data, m.Compressed, w.InflateFailed
		}
		t.UseSource(src)
		if cut {
			// tshark stops where the capture does
			f.Cut = true
			wsframe.FillTree(t, &f)
			s := t.AddString(field.NoNode, &hfShortFrame, 0, 0, "[Packet size limited during capture: WebSocket truncated]")
			t.SetText(s, []byte("Packet size limited during capture: WebSocket truncated"))
			t.SetGenerated(s)
			t.UseSource(0)
			continue
		}
		body, ok := wsframe.FillTree(t, &f)
		if ok && len(body.Data) > 0 {
			t.UseSource(body.Source)
			if body.Opcode == wsframe.OpText {
				fillTextLines(t, body.Offset, body.Data, "")
			} else {
				fillData(t, body.Offset, body.Data)
			}
		}
		t.UseSource(0)
	}
}

// fillHTTP adds the HTTP layer of each message that completes in the frame,
// from its bytes: the frame's, the reassembled PDU's, or, for a head cut by
// the snap length, what the frame holds of it.
func (r *Record) fillHTTP(t *field.Tree, payload, end int) {
	if r.Continuation && len(r.HTTP) == 0 && end > payload {
		b := r.Data[payload:end]
		n, data, read := httpupgrade.FillContinuation(t, b, payload)
		if n != field.NoNode && data < len(b) {
			fillDataIn(t, n, payload+data, b[data:])
		}
		if n != field.NoNode && read {
			addHTTPTruncated(t)
		}
		return
	}
	next := 0 // the PDUs of the HTTP messages that complete here, in order
	for _, m := range r.HTTP {
		raw, off, src := r.Data[payload:end], payload, 0
		for ; next < len(r.PDUs); next++ {
			p := &r.PDUs[next]
			if !p.HTTP || p.In != r.Frame {
				continue
			}
			raw = r.Data[payload+p.Offset : min(payload+p.Offset+p.Bytes, end)]
			off = payload + p.Offset
			if p.Multi {
				raw, off, src = p.Data, 0, sourceOf(t, p.Data)
				if src < 0 && p.Data != nil {
					// the TCP layer is not built (-e http.host): the PDU's
					// source is still the message's
					src = t.AddSource(tcp.ReassembledSource, p.Data)
				}
			}
			next++
			break
		}
		if src < 0 {
			continue
		}
		r.fillHTTPMessage(t, m, raw, off, src)
	}
}

// fillHTTPMessage adds the HTTP layer of message m from its bytes raw, at
// off in source src, and the body tshark shows after it.
func (r *Record) fillHTTPMessage(t *field.Tree, m *httpupgrade.Message, raw []byte, off, src int) {
	prev := t.CurrentSource()
	t.UseSource(src)
	filled := httpupgrade.FillTree(t, m, raw, off)
	if filled.Body != nil && m.BodyProtocol() == "data-text-lines" {
		fillTextLines(t, filled.BodyStart, filled.Body, filled.MediaType)
	}
	t.UseSource(prev)
	if filled.Cut {
		addHTTPTruncated(t)
	}
}

// addHTTPTruncated adds tshark's mark of an HTTP layer the snap length cut.
func addHTTPTruncated(t *field.Tree) {
	s := t.AddString(field.NoNode, &hfShortFrame, 0, 0, "[Packet size limited during capture: HTTP truncated]")
	t.SetText(s, []byte("Packet size limited during capture: HTTP truncated"))
	t.SetGenerated(s)
}

// wsPlace finds the bytes of WebSocket frame w, the next among pdus (which
// moves past it): at off in the frame, or at off in the data of multi, a
// PDU that spans segments. cut tells whether the snap length cut the
// frame's bytes short.
func (r *Record) wsPlace(pdus *[]PDU, w *WSFrame, payload int) (off int, multi *PDU, cut bool) {
	off = payload
	for len(*pdus) > 0 && ((*pdus)[0].HTTP || (*pdus)[0].In != r.Frame) {
		*pdus = (*pdus)[1:]
	}
	if len(*pdus) == 0 {
		return off, nil, false
	}
	p := &(*pdus)[0]
	*pdus = (*pdus)[1:]
	need := uint64(w.Header.HeaderLen) + w.Header.Length
	if p.Multi {
		return 0, p, uint64(len(p.Data)) < need
	}
	off += p.Offset
	return off, nil, r.Data != nil && uint64(max(len(r.Data)-off, 0)) < need
}

// sourceOf returns the index of the tree's data source that holds data,
// -1 when none does.
func sourceOf(t *field.Tree, data []byte) int {
	for i, s := range t.Sources() {
		if len(s.Data) > 0 && len(data) > 0 && &s.Data[0] == &data[0] {
			return i
		}
	}
	return -1
}

// appendUpperProtocols appends the names frame.protocols gives what rides
// on TCP: http, then a body's dissector; websocket, then for each frame
// that completes a message, data-text-lines for text and data for binary.
func (r *Record) appendUpperProtocols(dst []byte, payload, end int) []byte {
	captured := end - payload
	if len(r.HTTP) == 0 && len(r.WebSocket) == 0 && !r.Continuation {
		return dst
	}
	dst = append(dst, ":http"...)
	if r.Continuation && captured > 0 && httpupgrade.ContinuationHasData(r.Data[payload:end]) {
		dst = append(dst, ":data"...)
	}
	for _, m := range r.HTTP {
		if p := m.BodyProtocol(); p != "" {
			dst = append(append(dst, ':'), p...)
		}
	}
	if len(r.WebSocket) > 0 {
		dst = append(dst, ":websocket"...)
	}
	// a WebSocket frame reassembled from earlier segments is dissected on
	// its own: tshark names http and websocket again for the frames after it
	again := len(r.PDUs) > 0 && r.PDUs[0].Multi && r.PDUs[0].In == r.Frame && !r.PDUs[0].HTTP
	pdus := r.PDUs
	for i := range r.WebSocket {
		if i == 1 && again {
			dst = append(dst, ":http:websocket"...)
		}
		w := &r.WebSocket[i]
		cut := false
		if len(r.TLS) == 0 {
			// over TLS the frames are in the decrypted records, whole
			// (fillWebSocket): the capture's length cuts none
			_, _, cut = r.wsPlace(&pdus, w, payload)
		}
		m := w.Message
		if m == nil || m.Length == 0 || w.Header.Length == 0 || cut {
			// an empty last fragment is not reassembled: tshark never
			// completes its message; nor one the snap length cut
			continue
		}
		switch m.Opcode {
		case wsframe.OpText:
			dst = append(dst, ":data-text-lines"...)
		case wsframe.OpBinary:
			dst = append(dst, ":data"...)
		}
	}
	return dst
}

// AppendTreeField appends the values of the items of field f in t as tshark
// -T fields prints them: every occurrence joined by aggregator, or only the
// first or the last. Each value is AppendTreeValue's.
func AppendTreeField(dst []byte, t *field.Tree, f *field.Field, aggregator string, occ Occurrence) []byte {
	start, n := len(dst), 0
	t.Walk(func(node field.Node, _ int) bool {
		if !TreeHolds(t, node, f) {
			return true
		}
		if occ == FirstOccurrence && n > 0 {
			return false
		}
		if occ == LastOccurrence {
			dst = dst[:start]
		} else if n > 0 {
			dst = append(dst, aggregator...)
		}
		dst = AppendTreeValue(dst, t, node, f, field.FormFields)
		n++
		return true
	})
	return dst
}

// TreeHolds reports whether item n of t is an occurrence of field f, as
// tshark's -e finds them: an item of f, an expert info whose filter name
// is f's (tcp.analysis.retransmission), or any expert info for the
// _ws.expert fields.
func TreeHolds(t *field.Tree, n field.Node, f *field.Field) bool {
	if e := t.Expert(n); e != nil {
		return e.Abbrev == f.Abbrev || f.Parent == hfWsExpert.Abbrev || f == &hfWsExpert
	}
	return t.Field(n) == f
}

// AppendTreeValue appends the value of item n, an occurrence of field f
// (TreeHolds), as tshark's -e prints it: a protocol's label ("Internet
// Protocol Version 4, Src: ...") or its filter name when the label is only
// its name ("http"); "1" for a field without a value and an expert info
// named by its own filter name; an expert info's label, message, severity
// or group for the _ws.expert fields; else field.Tree.AppendValue's in
// form (FormFields for -T fields, FormJSON for -T json -e, which prints
// strings as they are).
func AppendTreeValue(dst []byte, t *field.Tree, n field.Node, f *field.Field, form field.Form) []byte {
	if e := t.Expert(n); e != nil {
		switch f {
		case &hfWsExpert:
			return t.AppendLabel(dst, n)
		case &hfWsExpertMessage:
			return append(dst, t.ExpertMessage(n)...)
		case &hfWsExpertSeverity:
			return strconv.AppendUint(dst, uint64(e.Severity), 10)
		case &hfWsExpertGroup:
			return strconv.AppendUint(dst, uint64(e.Group), 10)
		}
		return append(dst, '1')
	}
	switch f.Type {
	case field.Protocol:
		start := len(dst)
		dst = t.AppendLabel(dst, n)
		if string(dst[start:]) == f.Name {
			dst = append(dst[:start], f.Abbrev...)
		}
		return dst
	case field.None:
		return append(dst, '1')
	}
	if form == field.FormJSON && f.Type != field.String {
		form = field.FormFields
	}
	return t.AppendValue(dst, n, form)
}
