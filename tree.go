package wsdissect

import (
	"time"

	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/tcp"
)

// Registry returns every field wsdissect knows, by filter name, as tshark
// -G fields lists them.
func Registry() *field.Registry {
	return field.NewRegistry(frameFields(), tcp.LinkFields(), tcp.Fields())
}

// FillTree builds the record's packet tree in t, as tshark shows a packet's
// details, from the frame's bytes (Options.KeepFrames) and the typed values
// of the record. deltaDisplayed is frame.time_delta_displayed: the time
// since the previous frame the view shows, which only the view knows (the
// record's Delta when it shows every frame). t is reset first; what it
// wants (field.Tree.Want) limits what is built.
//
// Today it builds the frame, link, IP and TCP layers (without the lines of
// TCP reassembly); HTTP and WebSocket follow.
func (r *Record) FillTree(t *field.Tree, deltaDisplayed time.Duration) {
	t.Reset()
	t.AddSource("Frame", r.Data)
	var fr field.Node = field.NoNode
	if t.Wants(&hfFrame) {
		fr = fillFrame(t, &frameFacts{
			number: r.Frame, time: r.Time, delta: r.Delta, deltaDisplayed: deltaDisplayed, rel: r.Rel,
			length: r.Len, capLen: r.CapLen, link: r.LinkType,
			pcapng: r.Section > 0, iface: r.Interface, ifaceName: r.InterfaceName,
		})
	}
	var room [128]byte // frame.protocols, built while the layers are filled
	protocols := room[:0]
	var l tcp.Link
	l, protocols = tcp.FillLink(t, r.LinkType, r.Data, protocols)
	switch {
	case l.Transport == 0:
	case l.Proto == 6:
		protocols = append(protocols, ":tcp"...)
		if r.TCP != nil {
			r.fillTCP(t, l)
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

// fillTCP adds the TCP layer and what tshark's reassembly shows with it:
// each PDU the payload carries bytes of, then the reassembly tree of one
// completed after several segments.
func (r *Record) fillTCP(t *field.Tree, l tcp.Link) {
	seg := r.TCP.Segment
	payload := min(l.Transport+seg.HeaderLen, l.End)
	seg.Payload = r.Data[payload:l.End]
	hdr := r.Data[l.Transport:min(l.Transport+seg.HeaderLen, len(r.Data))]
	n := tcp.FillTCP(t, field.NoNode, hdr, l.Transport, &seg, &r.TCP.Analysis)
	if n == field.NoNode {
		return
	}
	for i := range r.PDUs {
		p := &r.PDUs[i]
		data := seg.Payload[min(p.Offset, len(seg.Payload)):min(p.Offset+p.Bytes, len(seg.Payload))]
		tcp.AddPDU(t, n, p.Length, p.In, r.Frame, p.Multi, payload+p.Offset, data)
	}
	switch {
	case len(r.PDUs) > 0 || len(r.HTTP) > 0 || r.ReassembledIn != 0 || len(seg.Payload) == 0:
	case r.TCP.Analysis.Retransmission:
		tcp.AddRetransmittedData(t, n, payload, seg.Payload)
	}
	for i := range r.PDUs {
		if p := &r.PDUs[i]; p.Pieces != nil {
			tcp.FillSegments(t, len(p.Pieces), p.Length, func(i int) (uint64, int, int) {
				return p.Pieces[i].Frame, p.Pieces[i].Offset, p.Pieces[i].Length
			}, p.Data)
		}
	}
}
