package wsdissect

import (
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/tls"
)

// tlsCursor walks the decrypted application data of a frame's TLS
// records in stream order, to find where each HTTP message and WebSocket
// frame that completes in the frame lies: in one record's content (its
// "Decrypted TLS" source) or, when it spans records, in the PDU tshark
// reassembles from them (its "Reassembled TLS" source).
type tlsCursor struct {
	r       *Record
	rec     int  // the record in r.TLS
	off     int  // where the next PDU starts in its content
	multi   int  // the next of r.tlsPDUs
	started bool // a PDU was placed: the first may have begun in an earlier frame
}

// appData reports whether record x holds decrypted application data.
func appData(x *TLSRecord) bool {
	return x.Type == tls.TypeApplicationData && x.Decrypted && len(x.plain) > 0
}

// next places the next PDU of the frame, length bytes long: the source
// of its bytes in t, where it starts there, and the bytes; ok is false
// when the records do not hold it.
func (c *tlsCursor) next(t *field.Tree, length int) (src, off int, data []byte, ok bool) {
	r := c.r
	if length < 0 {
		return 0, 0, nil, false // a length no record holds
	}
	for c.rec < len(r.TLS) && (!appData(&r.TLS[c.rec]) || c.off >= len(r.TLS[c.rec].plain)) {
		c.rec, c.off = c.rec+1, 0
	}
	if c.rec >= len(r.TLS) {
		return 0, 0, nil, false
	}
	x := &r.TLS[c.rec]
	multi := length > len(x.plain)-c.off
	if !c.started && c.multi < len(r.tlsPDUs) {
		// the frame's first bytes may end a PDU begun in an earlier frame
		if p := &r.tlsPDUs[c.multi]; len(p.Pieces) > 0 && p.Pieces[0].Frame != r.Frame {
			multi = true
		}
	}
	c.started = true
	if !multi {
		src = sourceOf(t, x.plain)
		off, data = c.off, x.plain[c.off:c.off+length]
		c.off += length
		return src, off, data, src >= 0
	}
	if c.multi >= len(r.tlsPDUs) {
		return 0, 0, nil, false
	}
	p := &r.tlsPDUs[c.multi]
	c.multi++
	n := 0 // the PDU's bytes in this frame's records
	for _, q := range p.Pieces {
		if q.Frame == r.Frame {
			n += q.Length
		}
	}
	for n > 0 && c.rec < len(r.TLS) {
		if x := &r.TLS[c.rec]; appData(x) {
			k := min(n, len(x.plain)-c.off)
			n, c.off = n-k, c.off+k
			if c.off < len(x.plain) {
				break
			}
		}
		c.rec, c.off = c.rec+1, 0
	}
	src = sourceOf(t, p.Data)
	return src, 0, p.Data, src >= 0
}

// fillHTTPOverTLS adds the HTTP layer of each message that completes in
// the frame's decrypted records.
func (r *Record) fillHTTPOverTLS(t *field.Tree, c *tlsCursor) {
	for _, m := range r.HTTP {
		src, off, raw, ok := c.next(t, m.HeadLen+m.BodyLen)
		if !ok {
			continue
		}
		r.fillHTTPMessage(t, m, raw, off, src)
	}
}
