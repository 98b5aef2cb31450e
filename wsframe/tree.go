package wsframe

import (
	"strconv"

	"github.com/wsdissect/wsdissect/field"
)

// The expert infos of Wireshark 4.0's WebSocket dissector.
var (
	// eiPayloadUnknown: the payload of an opcode RFC 6455 reserves.
	eiPayloadUnknown = field.Expert{Abbrev: "websocket.payload.unknown.expert", Group: field.GroupUndecoded, Severity: field.SeverityNote, Summary: "Dissector for Websocket Opcode"}
	// eiDecompressionFailed: a compressed message that does not inflate.
	eiDecompressionFailed = field.Expert{Abbrev: "websocket.decompression.failed.expert", Group: field.GroupProtocol, Severity: field.SeverityWarning, Summary: "Decompression failed"}
)

// MaxTreeUnmasked is how much of a masked payload the tree shows:
// Wireshark 4.0 unmasks only the first 256 KiB of a frame (its preference
// websocket.max_unmasked_len), and shows only those.
const MaxTreeUnmasked = 256 << 10

// Fragment is one frame of a fragmented message, as the reassembly tree
// of the message lists it (websocket.fragment).
type Fragment struct {
	Frame  uint64 // the capture frame that carried it
	Length int    // its payload length
}

// TreeFrame is what FillTree shows of one frame: its header and payload,
// and for the frame that ends a message, the message.
type TreeFrame struct {
	Header Header
	// Off is where the frame's first header byte is in the tree's current
	// data source (the frame, or a reassembled PDU).
	Off int
	// Payload is the unmasked payload as sent (compressed when the message
	// is); nil when it was not kept.
	Payload []byte
	// PMC shows websocket.pmc: permessage-deflate was negotiated.
	PMC bool
	// Cut is set when the capture lacks some of the frame's bytes (its snap
	// length): Wireshark's dissection stops at the payload, after the
	// "Masked payload" line of a masked one, and so does FillTree; the
	// caller says the packet is cut ("[Packet size limited during
	// capture: WebSocket truncated]").
	Cut bool
	// Ends is set when the frame ends a message (or is a control frame):
	// Opcode, Data and Compressed describe the message then.
	Ends       bool
	Opcode     Opcode // of the message: its first frame's
	Data       []byte // the message: unmasked, reassembled, inflated
	Compressed bool   // the message was compressed: Data is its inflation
	// InflateFailed is set when the compressed message did not inflate.
	InflateFailed bool
	// Fragments are, on the frame that ends a fragmented message, the
	// frames it was made of, in order.
	Fragments []Fragment
	// Reassembled is, for a fragmented message compressed as a whole, its
	// payloads joined before inflation (Message.Reassembled), shown as the
	// "Reassembled Message" source; Data is then its inflation.
	Reassembled []byte
}

// Body is what FillTree leaves to the layer above: a message's data,
// which Wireshark hands to another dissector (data-text-lines for Text,
// data for Binary). Data is in the data source Source, at Offset.
type Body struct {
	Opcode Opcode
	Data   []byte
	Source int
	Offset int
}

// FillHeaderTree adds what FillTree adds first, from the frame's header
// alone: the "WebSocket" item with its header fields, from Fin to the
// masking key. It is the WebSocket layer of a record whose frame was not
// kept, enough for a display filter on the opcode or the flags. It
// returns the "WebSocket" item.
func FillHeaderTree(t *field.Tree, f *TreeFrame) field.Node {
	if !t.Wants(&hfWebsocket) {
		return field.NoNode
	}
	h := &f.Header
	off := f.Off
	ws := t.AddProtocol(field.NoNode, &hfWebsocket, off, h.HeaderLen, nil)
	t.AddBool(ws, &hfWebsocketFin, off, 1, h.Fin)
	t.AddUint(ws, &hfWebsocketRsv, off, 1, uint64(h.Rsv))
	if f.PMC {
		t.AddBool(ws, &hfWebsocketPmc, off, 1, h.Rsv&0x4 != 0) // RSV1
	}
	t.AddUint(ws, &hfWebsocketOpcode, off, 1, uint64(h.Opcode))
	t.AddBool(ws, &hfWebsocketMask, off+1, 1, h.Masked)
	n := t.AddUint(ws, &hfWebsocketPayloadLength, off+1, 1, uint64(h.PayloadLen7))
	keyAt := off + 2
	switch h.PayloadLen7 {
	case 126:
		t.AppendText(n, []byte(" Extended Payload Length (16 bits)"))
		t.AddUint(ws, &hfWebsocketPayloadLengthExt16, off+2, 2, h.Length)
		keyAt += 2
	case 127:
		t.AppendText(n, []byte(" Extended Payload Length (64 bits)"))
		t.AddUint(ws, &hfWebsocketPayloadLengthExt64, off+2, 8, h.Length)
		keyAt += 8
	}
	if h.Masked {
		t.AddBytes(ws, &hfWebsocketMaskingKey, keyAt, 4, h.Key[:])
	}
	return ws
}

// FillTree adds frame f to t as Wireshark's WebSocket dissector shows it:
// the "WebSocket" item with a line per header field, the masking key and
// "Masked payload"; the payload under "Payload" (Text, Close with its
// status code and reason, Ping, Pong, or Unknown with an expert info),
// unmasked into the data source "Unmasked data" and inflated into
// "Decompressed payload"; a fragment's "Continue" bytes; and, on the frame
// that ends a fragmented message, its reassembly tree
// ("[3 Reassembled websocket Fragments (60 bytes): #13(10), ...]") over the
// "Reassembled Message" source. It returns the body to show after it, if
// any. The current data source is left as it was.
func FillTree(t *field.Tree, f *TreeFrame) (body Body, ok bool) {
	if !t.Wants(&hfWebsocket) {
		return Body{}, false
	}
	h := &f.Header
	off := f.Off
	hdr := t.CurrentSource()
	ws := FillHeaderTree(t, f)
	if h.Length == 0 {
		return Body{}, false
	}
	if f.Cut && !h.Masked {
		return Body{}, false
	}
	payloadAt := off + h.HeaderLen
	src := hdr // the payload's source, and where in it
	at := payloadAt
	p := f.Payload
	if h.Masked {
		t.AddNone(ws, &hfWebsocketMaskedPayload, payloadAt, int(min(h.Length, 1<<31-1)))
		if f.Cut {
			return Body{}, false
		}
		if len(p) > MaxTreeUnmasked {
			p = p[:MaxTreeUnmasked]
		}
		if p != nil && len(t.Sources()) < 255 {
			src, at = t.AddSource("Unmasked data", p), 0
		}
	}
	defer t.UseSource(hdr)
	t.UseSource(src)
	pl := t.AddNone(ws, &hfWebsocketPayload, at, len(p))
	if h.Opcode.IsControl() {
		fillControl(t, pl, h.Opcode, at, p)
		return Body{}, false
	}
	if !f.Ends {
		// a fragment before the last: its bytes, if it continues a message
		if h.Opcode == OpContinuation {
			t.AddBytes(field.NoNode, &hfWebsocketPayloadContinue, at, len(p), p)
		}
		return Body{}, false
	}
	data, dataAt := p, at
	if len(f.Fragments) > 0 && f.Data != nil && len(t.Sources()) < 255 {
		reassembled := f.Data
		if f.Compressed {
			reassembled = f.Reassembled // and the inflated message below
		}
		fillFragments(t, f.Fragments, reassembled)
		data, dataAt = f.Data, 0
	}
	if f.Compressed {
		if f.InflateFailed {
			t.AddExpert(field.NoNode, &eiDecompressionFailed, at, len(p), nil)
			return Body{}, false
		}
		if len(f.Data) > 0 && len(t.Sources()) < 255 {
			t.UseSource(t.AddSource("Decompressed payload", f.Data))
			data, dataAt = f.Data, 0
		}
	}
	switch f.Opcode {
	case OpText:
		t.AddStringBytes(pl, &hfWebsocketPayloadText, dataAt, len(data), data)
		return Body{Opcode: OpText, Data: data, Source: t.CurrentSource(), Offset: dataAt}, true
	case OpBinary:
		return Body{Opcode: OpBinary, Data: data, Source: t.CurrentSource(), Offset: dataAt}, true
	}
	addUnknown(t, pl, f.Opcode, dataAt, data)
	return Body{}, false
}

// fillControl adds the payload of a control frame under pl.
func fillControl(t *field.Tree, pl field.Node, op Opcode, at int, p []byte) {
	switch op {
	case OpClose:
		c := t.AddNone(pl, &hfWebsocketPayloadClose, at, len(p))
		if code, reason, ok, _ := ParseClose(p); ok {
			t.AddUint(c, &hfWebsocketPayloadCloseStatusCode, at, 2, uint64(code))
			if len(reason) > 0 {
				t.AddStringBytes(c, &hfWebsocketPayloadCloseReason, at+2, len(reason), reason)
			}
		}
	case OpPing:
		t.AddBytes(pl, &hfWebsocketPayloadPing, at, len(p), p)
	case OpPong:
		t.AddBytes(pl, &hfWebsocketPayloadPong, at, len(p), p)
	default:
		addUnknown(t, pl, op, at, p)
	}
}

// addUnknown adds the payload of a reserved opcode, with Wireshark's
// expert info.
func addUnknown(t *field.Tree, pl field.Node, op Opcode, at int, p []byte) {
	n := t.AddBytes(pl, &hfWebsocketPayloadUnknown, at, len(p), p)
	b := append(t.Scratch(), "Dissector for Websocket Opcode ("...)
	b = strconv.AppendInt(b, int64(op), 10)
	b = append(b, ") code not implemented, Contact Wireshark developers if you want this supported"...)
	t.AddExpert(n, &eiPayloadUnknown, at, len(p), b)
	t.KeepScratch(b)
}

// fillFragments adds the reassembly tree of a fragmented message at the
// top of t: "[3 Reassembled websocket Fragments (60 bytes): #13(10),
// #15(20), #16(30)]", a line a fragment, the count and the length. data,
// when not nil, is the reassembled message, added as the source
// "Reassembled Message" and made current.
func fillFragments(t *field.Tree, frags []Fragment, data []byte) {
	total := 0
	for _, fr := range frags {
		total += fr.Length
	}
	if data != nil {
		t.UseSource(t.AddSource("Reassembled Message", data))
	}
	b := strconv.AppendInt(t.Scratch(), int64(len(frags)), 10)
	b = append(b, " Reassembled websocket Fragments ("...)
	b = strconv.AppendInt(b, int64(total), 10)
	b = append(b, " bytes):"...)
	for i, fr := range frags {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, " #"...)
		b = strconv.AppendUint(b, fr.Frame, 10)
		b = append(b, '(')
		b = strconv.AppendInt(b, int64(fr.Length), 10)
		b = append(b, ')')
	}
	s := t.AddNone(field.NoNode, &hfWebsocketFragments, 0, total)
	t.SetText(s, b)
	t.SetGenerated(s)
	at := 0
	for _, fr := range frags {
		n := t.AddUint(s, &hfWebsocketFragment, at, fr.Length, fr.Frame)
		t.SetGenerated(n)
		b = append(b[:0], "Frame: "...)
		b = strconv.AppendUint(b, fr.Frame, 10)
		b = append(b, ", payload: "...)
		b = strconv.AppendInt(b, int64(at), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(at+fr.Length-1), 10)
		b = append(field.AppendByteCount(append(b, " ("...), fr.Length), ')')
		t.SetText(n, b)
		at += fr.Length
	}
	t.SetGenerated(t.AddUint(s, &hfWebsocketFragmentCount, 0, 0, uint64(len(frags))))
	t.SetGenerated(t.AddUint(s, &hfWebsocketReassembledLength, 0, total, uint64(total)))
	t.KeepScratch(b)
}
