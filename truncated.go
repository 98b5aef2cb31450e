package wsdissect

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/wsdissect/wsdissect/field"

	"github.com/wsdissect/wsdissect/httpupgrade"
)

// span is a range of stream offsets [start, end) whose bytes the capture
// does not hold (cut by the snap length).
type span struct{ start, end uint32 }

// noteMissing records that the stream bytes [from, to) were not captured.
func (d *direction) noteMissing(from, to uint32) {
	if to-from > 0 {
		d.missing = append(d.missing, span{from, to})
	}
}

// missingIn counts the bytes of [from, to) that were not captured and
// forgets the spans that end before from.
func (d *direction) missingIn(from, to uint32) int {
	n, keep := 0, d.missing[:0]
	for _, s := range d.missing {
		if int32(s.end-from) <= 0 {
			continue
		}
		keep = append(keep, s)
		lo, hi := s.start, s.end
		if int32(lo-from) < 0 {
			lo = from
		}
		if int32(hi-to) > 0 {
			hi = to
		}
		if int32(hi-lo) > 0 {
			n += int(hi - lo)
		}
	}
	d.missing = keep
	return n
}

// zeroMissing zeroes the bytes of p, the stream bytes from offset from on,
// that the capture does not hold (unmasking turned the zeros standing in for
// them into the masking key's bytes), and returns the index of the first of
// them: len(p) when there is none.
func (d *direction) zeroMissing(p []byte, from uint32) int {
	first, to := len(p), from+uint32(len(p))
	for _, s := range d.missing {
		lo, hi := s.start, s.end
		if int32(hi-from) <= 0 || int32(lo-to) >= 0 {
			continue
		}
		if int32(lo-from) < 0 {
			lo = from
		}
		if int32(hi-to) > 0 {
			hi = to
		}
		clear(p[lo-from : hi-from])
		first = min(first, int(lo-from))
	}
	return first
}

// padded returns the captured payload followed by zeros up to the length
// the IP header gives, so stream offsets stay right after a cut segment.
// Call donePadding once the result is used.
func (d *direction) padded(captured []byte, length int) []byte {
	d.pad = append(d.pad[:0], captured...)
	d.pad = append(d.pad, make([]byte, length-len(captured))...)
	return d.pad
}

// donePadding drops a large padding scratch: a jumbo segment must not cost
// memory for the rest of the connection.
func (d *direction) donePadding() {
	if cap(d.pad) > maxKeptPad {
		d.pad = nil
	}
}

// maxKeptPad bounds the padding scratch a direction keeps between segments.
const maxKeptPad = 2 << 10

// truncatedHTTP handles a segment cut by the snap length on a connection
// still in HTTP: tshark shows what lines of a head it holds, or shows the
// bytes as "Continuation". It reports whether the segment's bytes were used
// up here.
func (c *conn) truncatedHTTP(d *direction, rec *Record, captured []byte) bool {
	if len(d.stream.Bytes()) > 0 {
		rec.Continuation = d.hadHTTP
		return false
	}
	if !httpupgrade.LooksLikeRequest(captured) && !httpupgrade.LooksLikeResponse(captured) {
		rec.Continuation = d.hadHTTP
		return false
	}
	msg, err := partialHead(captured)
	if err != nil {
		rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "http", Severity: field.SeverityWarning, Group: field.GroupMalformed, Message: err.Error()})
		rec.Continuation = d.hadHTTP
		return false
	}
	d.hadHTTP = true
	rec.HTTP = append(rec.HTTP, msg)
	rec.Protocol = "HTTP"
	rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "http", Severity: field.SeverityWarning, Group: field.GroupMalformed,
		Message: "HTTP head cut by the snap length: only its complete lines are shown"})
	if msg.IsRequest {
		c.req = msg
		d.fromClient = true
		if o := c.other(d); o != nil {
			o.fromClient = false
		}
		return true
	}
	if ok, _ := httpupgrade.Switches(c.req, msg); ok {
		// tshark does not switch on a head it could not finish; we do, so
		// no message is lost, but its records keep tshark's view.
		c.upgrade(msg, rec)
		c.shadow = true
		rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "websocket", Severity: field.SeverityNote, Group: field.GroupAssumption,
			Message: "WebSocket followed after a handshake cut by the snap length: messages only, frames not shown"})
	}
	return true
}

// partialHead parses the complete lines of a head cut short.
func partialHead(b []byte) (*httpupgrade.Message, error) {
	i := bytes.LastIndexByte(b, '\n')
	if i < 0 {
		return nil, errors.New("HTTP head cut by the snap length before its first line ended")
	}
	head := append(append([]byte(nil), b[:i+1]...), '\r', '\n')
	var p httpupgrade.Parser
	p.ExpectNoBody()
	msg, _, _, err := p.Parse(head)
	if err != nil {
		return nil, fmt.Errorf("HTTP head cut by the snap length: %w", err)
	}
	return msg, nil
}
