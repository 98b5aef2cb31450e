package wsdissect

import (
	"time"

	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/tcp"
)

// Registry returns every field wsdissect knows, by filter name, as tshark
// -G fields lists them.
func Registry() *field.Registry {
	return field.NewRegistry(frameFields(), tcp.LinkFields())
}

// FillTree builds the record's packet tree in t, as tshark shows a packet's
// details, from the frame's bytes (Options.KeepFrames) and the typed values
// of the record. deltaDisplayed is frame.time_delta_displayed: the time
// since the previous frame the view shows, which only the view knows (the
// record's Delta when it shows every frame). t is reset first; what it
// wants (field.Tree.Want) limits what is built.
//
// Today it builds the frame, link and IP layers; TCP, HTTP and WebSocket
// follow.
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
