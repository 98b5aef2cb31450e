package stats

import (
	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// tcpPayload returns the captured TCP payload of a record whose tree t was
// filled from its frame bytes: it starts after the TCP header, where the
// tree's TCP item starts, and stops at the captured end of the segment.
func tcpPayload(rec *wsdissect.Record, t *field.Tree) []byte {
	if rec.TCP == nil || t == nil || rec.TCP.Segment.PayloadLen == 0 {
		return nil
	}
	n := t.Find("tcp")
	if n == field.NoNode {
		return nil
	}
	src, start, _ := t.Range(n)
	if src != 0 {
		return nil
	}
	off := start + rec.TCP.Segment.HeaderLen
	end := min(off+rec.TCP.Segment.PayloadLen, len(rec.Data))
	if off >= end {
		return nil
	}
	return rec.Data[off:end]
}
