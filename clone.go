package wsdissect

import (
	"slices"

	"github.com/wsdissect/wsdissect/httpupgrade"
)

// Clone returns a deep copy of the record that shares no storage with the
// pipeline: it stays as it is after the iterator moves on and the original
// is recycled. Its messages, frames, HTTP heads and ended connections
// (Closed) are copies too; a frame's Message points to the clone's own copy.
func (r *Record) Clone() *Record {
	c := &Record{
		Frame:             r.Frame,
		Time:              r.Time,
		Rel:               r.Rel,
		TimeDigits:        r.TimeDigits,
		Delta:             r.Delta,
		Len:               r.Len,
		CapLen:            r.CapLen,
		LinkType:          r.LinkType,
		Section:           r.Section,
		Interface:         r.Interface,
		InterfaceName:     r.InterfaceName,
		Data:              slices.Clone(r.Data),
		noResolve:         r.noResolve,
		Src:               r.Src,
		Dst:               r.Dst,
		Protocol:          r.Protocol,
		LinkSrc:           r.LinkSrc,
		LinkDst:           r.LinkDst,
		OtherInfo:         r.OtherInfo,
		ReassembledIn:     r.ReassembledIn,
		Segments:          slices.Clone(r.Segments),
		ReassembledLength: r.ReassembledLength,
		Continuation:      r.Continuation,
		Truncated:         r.Truncated,
		Anomalies:         slices.Clone(r.Anomalies),
	}
	if r.PDUs != nil {
		c.PDUs = make([]PDU, len(r.PDUs))
		for i, p := range r.PDUs {
			p.Pieces, p.Data = slices.Clone(p.Pieces), slices.Clone(p.Data)
			c.PDUs[i] = p
		}
	}
	if r.TLS != nil {
		c.TLS = make([]TLSRecord, len(r.TLS))
		for i, t := range r.TLS {
			t.Handshakes, t.CipherSuites = slices.Clone(t.Handshakes), slices.Clone(t.CipherSuites)
			t.raw, t.plain = slices.Clone(t.raw), slices.Clone(t.plain)
			c.TLS[i] = t
		}
	}
	if r.tlsPDUs != nil {
		c.tlsPDUs = make([]PDU, len(r.tlsPDUs))
		for i, p := range r.tlsPDUs {
			p.Pieces, p.Data = slices.Clone(p.Pieces), slices.Clone(p.Data)
			c.tlsPDUs[i] = p
		}
	}
	if r.TCP != nil {
		t := *r.TCP
		t.Analysis.Conv = nil // the table's, reused once the connection ends
		t.Segment.Payload = nil
		c.TCP = &t
	}
	if r.HTTP != nil {
		c.HTTP = make([]*httpupgrade.Message, len(r.HTTP))
		for i, h := range r.HTTP {
			c.HTTP[i] = h.Clone()
		}
	}
	// a frame that completes a message points to it: to the clone's copy
	clones := make(map[*Message]*Message, len(r.Messages))
	if r.Messages != nil {
		c.Messages = make([]*Message, len(r.Messages))
		for i, m := range r.Messages {
			c.Messages[i] = m.Clone()
			clones[m] = c.Messages[i]
		}
	}
	if r.WebSocket != nil {
		c.WebSocket = make([]WSFrame, len(r.WebSocket))
		for i, f := range r.WebSocket {
			f.Payload = slices.Clone(f.Payload)
			f.Fragments = slices.Clone(f.Fragments)
			f.Reassembled = slices.Clone(f.Reassembled)
			if m, ok := clones[f.Message]; ok {
				f.Message = m
			} else {
				f.Message = f.Message.Clone()
			}
			c.WebSocket[i] = f
		}
	}
	for _, conn := range r.closedConns {
		c.closedConns = append(c.closedConns, conn.Clone())
	}
	return c
}

// Clone returns a deep copy of the message that shares no storage with the
// pipeline: it stays as it is after the iterator moves on.
func (m *Message) Clone() *Message {
	if m == nil {
		return nil
	}
	c := *m
	c.Frames = slices.Clone(m.Frames)
	c.Data = slices.Clone(m.Data)
	c.Anomalies = slices.Clone(m.Anomalies)
	return &c
}

// Clone returns a deep copy of the connection: its HTTP heads, Close
// messages and anomalies are copies too.
func (c *Connection) Clone() *Connection {
	if c == nil {
		return nil
	}
	n := *c
	n.Request = c.Request.Clone()
	n.Response = c.Response.Clone()
	n.ClientClose = c.ClientClose.Clone()
	n.ServerClose = c.ServerClose.Clone()
	n.Anomalies = slices.Clone(c.Anomalies)
	if c.TLS != nil {
		t := *c.TLS
		t.ALPN = slices.Clone(t.ALPN)
		n.TLS = &t
	}
	return &n
}
