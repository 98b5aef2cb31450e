package tcp

import "github.com/wsdissect/wsdissect/field"

// ReassembledSource is the name of the data source of a PDU carried by
// several segments, as tshark names it.
const ReassembledSource = "Reassembled TCP"

// AddPDU adds, under the TCP item n, what tshark shows of one PDU that the
// segment carries bytes of, a PDU found by its tcp_dissect_pdus (a
// WebSocket frame) or by the layer above (an HTTP message): "[PDU Size:
// N]" when a PDU of tcp_dissect_pdus (sized) completes in this frame,
// "[Reassembled PDU in frame: N]" when it completes in a later one, and
// "TCP segment data (N bytes)" when it spans segments. data is the
// segment's bytes of the PDU, at off in the frame.
func AddPDU(t *field.Tree, n field.Node, size int, in, frame uint64, multi, sized bool, off int, data []byte) {
	if in == frame {
		if sized {
			t.SetGenerated(t.AddUint(n, &fPduSize, off, len(data), uint64(size)))
		}
		if !multi {
			return
		}
	} else {
		t.SetGenerated(t.AddUint(n, &fReassembledIn, 0, 0, in))
	}
	addSegmentData(t, n, "TCP segment data (", off, data)
}

// AddSegmentData adds "TCP segment data (N bytes)": a payload the layer
// above took and still waits to complete.
func AddSegmentData(t *field.Tree, n field.Node, off int, data []byte) {
	addSegmentData(t, n, "TCP segment data (", off, data)
}

// AddRetransmittedData adds "Retransmitted TCP segment data (N bytes)":
// a payload the stream already had.
func AddRetransmittedData(t *field.Tree, n field.Node, off int, data []byte) {
	addSegmentData(t, n, "Retransmitted TCP segment data (", off, data)
}

func addSegmentData(t *field.Tree, n field.Node, text string, off int, data []byte) {
	d := t.AddBytes(n, &fSegmentData, off, len(data), data)
	b := field.AppendByteCount(append(t.Scratch(), text...), len(data)) // "1 byte" as tshark's plurality
	t.SetText(d, append(b, ')'))
	t.KeepScratch(b)
}

// FillSegments adds the tree tshark shows after the TCP layer of a frame
// that completes a PDU carried by several segments: "[3 Reassembled TCP
// Segments (5008 bytes): #10(524), #11(524), #13(3960)]", each frame's part,
// the count, the length and the PDU's bytes (data, as captured; nil when
// not kept). piece returns the i-th of count parts: its frame, where it
// starts in the PDU, its length, and whether it repeats bytes before it
// (a retransmission).
func FillSegments(t *field.Tree, count, length int, piece func(i int) (frame uint64, offset, size int, overlap bool), data []byte) field.Node {
	b := field.AppendInt(t.Scratch(), int64(count))
	b = append(b, " Reassembled TCP Segments ("...)
	b = field.AppendInt(b, int64(length))
	b = append(b, " bytes):"...)
	for i := range count {
		frame, _, size, _ := piece(i)
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, " #"...)
		b = field.AppendUint(b, frame)
		b = append(b, '(')
		b = field.AppendInt(b, int64(size))
		b = append(b, ')')
	}
	s := t.AddNone(field.NoNode, &fSegments, 0, length)
	t.SetText(s, b)
	t.SetGenerated(s)
	for i := range count {
		frame, offset, size, overlap := piece(i)
		n := t.AddUint(s, &fSegment, offset, size, frame)
		t.SetGenerated(n)
		b = append(b[:0], "Frame: "...)
		b = field.AppendUint(b, frame)
		b = append(b, ", payload: "...)
		b = field.AppendInt(b, int64(offset))
		b = append(b, '-')
		b = field.AppendInt(b, int64(offset+size-1))
		b = append(b, " ("...)
		b = field.AppendByteCount(b, size)
		t.SetText(n, append(b, ')'))
		if overlap {
			t.SetGenerated(t.AddBool(n, &fSegmentOverlap, offset, size, true))
		}
	}
	t.SetGenerated(t.AddUint(s, &fSegmentCount, 0, 0, uint64(count)))
	t.SetGenerated(t.AddUint(s, &fReassembledLength, 0, length, uint64(length)))
	if data != nil && len(t.Sources()) < 255 {
		// the PDU is a data source of its own, as tshark's "Reassembled
		// TCP", and the item its bytes there
		prev := t.CurrentSource()
		t.UseSource(t.AddSource(ReassembledSource, data))
		t.SetGenerated(t.AddBytes(s, &fReassembledData, 0, length, data))
		t.UseSource(prev)
	} else if data != nil {
		t.SetGenerated(t.AddBytes(s, &fReassembledData, 0, length, data))
	}
	t.KeepScratch(b)
	return s
}
