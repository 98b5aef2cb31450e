package wsdissect

import (
	"errors"
	"fmt"
	"github.com/wsdissect/wsdissect/field"

	"github.com/wsdissect/wsdissect/httpupgrade"
	"github.com/wsdissect/wsdissect/reassembly"
	"github.com/wsdissect/wsdissect/tcp"
	"github.com/wsdissect/wsdissect/wsframe"
)

// mode is what a direction's bytes are parsed as.
type mode uint8

const (
	modeHTTP mode = iota // HTTP/1.1 heads until the Upgrade
	modeWS               // WebSocket frames after a 101 answer
	modeRaw              // nothing we dissect: bytes are passed over
)

// maxSkippedFrame is the largest frame whose payload Options.SkipPayloads
// lets pass unbuffered: sequence numbers must not wrap inside one frame.
const maxSkippedFrame = 1 << 30

// conn is the dissection state of one TCP connection (one tcp.stream).
type conn struct {
	// what every packet reads comes first, in one cache line
	stream uint64
	dirs   [2]*direction // 0: sent by the initiator, 1: by the responder
	ended  bool          // TCP closed or reset
	closed bool          // flushed and handed to Connections
	pmc    bool          // permessage-deflate negotiated: websocket.pmc is shown
	// shadow is set when the connection switched on a handshake tshark could
	// not read whole: messages are made but frames are not shown.
	shadow bool
	tls    *tlsConn // set once the connection is found to be TLS
	opt    *Options
	budget *reassembly.Budget // shared by the streams of every connection
	pool   *directions        // the shard's, where directions come from
	req    *httpupgrade.Message
	http   exchanges  // the pairs of requests and responses
	info   Connection // what a user sees of the connection
	// table is the conversation table's own conversation of the
	// connection, whose facts Remaining copies to info.TCP once the
	// capture has ended: info.TCP is set only at the packets that start or
	// end the connection (packet.conversation).
	table *tcp.Conversation
}

// direction is one direction of a connection.
type direction struct {
	c          *conn
	acct       *Accounting // where this direction's bytes went
	stream     *reassembly.Stream
	http       httpupgrade.Parser
	mode       mode
	asm        *wsframe.Assembler
	fromClient bool
	hadHTTP    bool
	waiting    []*Record // records whose bytes are not all consumed, in frame order
	consumed   uint32    // stream offset of the first unconsumed byte
	missing    []span    // stream offsets of bytes cut by the snap length
	// lostInMessage counts the payload bytes of the message being assembled
	// that the capture does not hold.
	lostInMessage int
	// frags are the frames of the fragmented message being assembled, for
	// WSFrame.Fragments.
	frags []wsframe.Fragment
	pad   []byte // scratch for a cut segment padded to its length
	// tls is set on a direction of a TLS connection: its decrypted bytes
	// are read by tls.inner, whose wire is the direction itself.
	tls  *tlsDir
	wire *direction
}

func newConn(stream uint64, opt *Options, budget *reassembly.Budget, pool *directions) *conn {
	return &conn{stream: stream, opt: opt, budget: budget, pool: pool, info: Connection{Stream: stream}}
}

// dir returns the direction of a segment, creating it on first use.
func (c *conn) dir(fromInitiator bool) *direction {
	i := 1
	if fromInitiator {
		i = 0
	}
	if c.dirs[i] == nil {
		c.dirs[i] = c.pool.get(c, i)
	}
	return c.dirs[i]
}

func (c *conn) other(d *direction) *direction {
	if d.wire != nil { // a decrypted stream: the other one
		if o := c.other(d.wire); o != nil && o.tls != nil {
			return o.tls.inner
		}
		return nil
	}
	if c.dirs[0] == d {
		return c.dirs[1]
	}
	return c.dirs[0]
}

// noteAdd records what the reassembler said of a segment.
func (d *direction) noteAdd(rec *Record, res *reassembly.AddResult) {
	if res.Conflict {
		rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "reassembly", Severity: field.SeverityWarning, Group: field.GroupReassemble,
			Message: "retransmitted bytes differ from the bytes first seen"})
	}
	if res.CapHit {
		rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "reassembly", Severity: field.SeverityWarning, Group: field.GroupReassemble,
			Message: fmt.Sprintf("buffer cap hit (%d bytes or %d segments per direction, or the total): %d bytes dropped, %d out-of-order bytes refused",
				d.c.opt.MaxBufferedBytes, max(d.c.opt.MaxBufferedBytes/reassembly.SegmentCost, 16), res.Dropped, res.Refused)})
	}
	d.acct.Duplicate += int64(res.Duplicate)
	d.acct.Dropped += int64(res.Dropped)
	if res.Dropped > 0 && d.mode != modeRaw {
		// the readable bytes no longer continue what was parsed: a frame
		// boundary cannot be found again
		rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "reassembly", Severity: field.SeverityError, Group: field.GroupReassemble,
			Message: "stream lost its place after bytes were dropped: rest of the direction not dissected"})
		d.mode = modeRaw
	}
}

// streamConfig is the reassembly configuration of a direction's stream:
// each frame's part of a PDU is listed only for the packet tree.
func (c *conn) streamConfig() reassembly.Config {
	return reassembly.Config{MaxBufferedBytes: c.opt.MaxBufferedBytes, Budget: c.budget, FramesOnly: !c.opt.KeepFrames}
}

// rsvAllowed returns the RSV bits the negotiated extensions may set.
func (c *conn) rsvAllowed() uint8 {
	if c.pmc {
		return 0x4
	}
	return 0
}

// consume takes n readable bytes as one dissected PDU.
func (d *direction) consume(n int) reassembly.PDU {
	d.acct.Dissected += int64(n)
	d.consumed += uint32(n)
	return d.stream.Consume(n)
}

// take is consume for a WebSocket frame whose payload the record it
// completes in keeps: own is the buffer that holds it, when the stream
// hands it over (see reassembly.Stream.Take).
func (d *direction) take(n int) (pdu reassembly.PDU, own []byte) {
	d.acct.Dissected += int64(n)
	d.consumed += uint32(n)
	return d.stream.Take(n)
}

// passOver takes n readable bytes that are not dissected.
func (d *direction) passOver(n int) {
	d.acct.Undissected += int64(n)
	d.consumed += uint32(n)
	d.stream.Consume(n)
}

// release marks the records whose bytes are all consumed as complete.
func (d *direction) release() {
	if len(d.waiting) == 0 {
		return // most segments, with OnePass: no need to know what is pending
	}
	frame, ok := d.pendingFrame()
	n := 0
	for _, r := range d.waiting {
		if ok && r.Frame >= frame {
			break
		}
		if !r.forced {
			r.bytesPending = false
		}
		n++
	}
	if n > 0 {
		d.waiting = append(d.waiting[:0], d.waiting[n:]...)
	}
}

// drain parses every complete PDU now readable in d. cur is the record of
// the frame being dissected: PDUs complete in it.
func (c *conn) drain(d *direction, cur *Record, q *recordQueue) {
	if d.mode != modeRaw && !d.plain() && c.drainTLS(d, cur, q) { // plain: no call
		return
	}
	for {
		b := d.stream.Bytes()
		if d.mode == modeRaw {
			// elided bytes count too: a skipped payload cut by a hole
			if n := d.stream.Readable(); n > 0 {
				d.passOver(n)
			}
			return
		}
		if len(b) == 0 {
			return
		}
		var more bool
		switch d.mode {
		case modeHTTP:
			more = c.drainHTTP(d, b, cur, q)
		case modeWS:
			more = c.drainWS(d, b, cur, q)
		}
		if !more {
			return
		}
	}
}

// drainHTTP parses one HTTP message from b; it reports whether it consumed any.
func (c *conn) drainHTTP(d *direction, b []byte, cur *Record, q *recordQueue) bool {
	if !d.hadHTTP && !httpupgrade.LooksLikeRequest(b) && !httpupgrade.LooksLikeResponse(b) {
		d.mode = modeRaw
		return true
	}
	msg, n, _, err := d.http.Parse(b)
	if errors.Is(err, httpupgrade.ErrIncomplete) {
		return false
	}
	if err != nil {
		cur.Anomalies = append(cur.Anomalies, Anomaly{Layer: "http", Severity: field.SeverityWarning, Group: field.GroupMalformed, Message: err.Error()})
		d.mode = modeRaw
		return true
	}
	d.hadHTTP = true
	pdu := d.consume(n)
	target := d.attach(&pdu, cur, q)
	d.notePDU(&pdu, target, q, b, true)
	target.HTTP = append(target.HTTP, msg)
	msg.Secure = d.wire != nil
	if msg.IsRequest {
		msg.Exchange = c.http.request(msg, target.Frame, target.Time)
	} else {
		msg.Exchange = c.http.response(target.Frame, target.Time)
	}
	if target.Protocol == "TCP" || d.wire != nil {
		target.Protocol = "HTTP"
	}
	if msg.BodyUntilClose {
		d.mode = modeRaw // the body runs to the end of the connection
	}
	if msg.IsRequest {
		c.req = msg
		c.info.Request = msg
		d.fromClient = true
		if o := c.other(d); o != nil {
			o.fromClient = false
			if msg.Method == "HEAD" {
				o.http.ExpectNoBody()
			}
		}
		return true
	}
	c.info.Response = msg
	if ok, _ := httpupgrade.Switches(c.req, msg); ok {
		c.upgrade(msg, target)
		if o := c.other(d); o != nil {
			c.drain(o, cur, q)
		}
	}
	return true
}

// upgrade switches both directions to WebSocket after a 101 answer.
func (c *conn) upgrade(resp *httpupgrade.Message, rec *Record) {
	ext := resp.ExtensionsRaw
	_, c.pmc = wsframe.ParseDeflateParams(ext)
	c.info.Response = resp
	c.info.WebSocket = true
	c.info.Subprotocol = resp.ProtocolRaw
	c.info.Extensions = ext
	for _, a := range httpupgrade.Check(c.req, resp) {
		an := httpAnomaly(a)
		rec.Anomalies = append(rec.Anomalies, an)
		c.info.Anomalies = append(c.info.Anomalies, an)
	}
	for _, fromInitiator := range []bool{true, false} {
		d := c.appDir(fromInitiator)
		if c.opt.passUpgraded {
			d.mode = modeRaw
			continue
		}
		d.mode = modeWS
		d.asm = wsframe.NewAssembler(wsframe.Config{
			FromClient:          d.fromClient,
			Extensions:          ext,
			MaxMessageSize:      c.opt.MaxMessageSize,
			MaxDecompressedSize: c.opt.MaxDecompressedSize,
			SkipData:            c.opt.SkipPayloads,
			Scratch:             &c.pool.inflate,
		})
	}
}

// drainWS parses one WebSocket frame from b; it reports whether it consumed any.
func (c *conn) drainWS(d *direction, b []byte, cur *Record, q *recordQueue) bool {
	var h wsframe.Header
	hn, err := wsframe.ParseHeader(b, &h)
	if err != nil && errors.Is(err, wsframe.ErrShortHeader) {
		return false
	}
	if err != nil {
		cur.Anomalies = append(cur.Anomalies, Anomaly{Layer: "websocket", Severity: field.SeverityError, Group: field.GroupMalformed, Message: err.Error()})
		d.mode = modeRaw
		return true
	}
	// a payload that is skipped is not buffered: only the sequence
	// arithmetic of the reassembly bounds it
	skip := c.opt.SkipPayloads && !h.Opcode.IsControl()
	limit := uint64(c.opt.MaxBufferedBytes)
	if skip {
		limit = maxSkippedFrame
	}
	if h.Length > limit {
		// the frame is refused, but what its header breaks is still said
		for _, a := range wsframe.CheckHeader(&h, d.fromClient, c.rsvAllowed(), nil) {
			cur.Anomalies = append(cur.Anomalies, wsAnomaly(a))
		}
		cur.Anomalies = append(cur.Anomalies, Anomaly{Layer: "websocket", Severity: field.SeverityError, Group: field.GroupUndecoded,
			Message: fmt.Sprintf("frame of %d bytes exceeds the %d-byte buffer cap: rest of the direction not dissected", h.Length, limit)})
		d.mode = modeRaw
		return true
	}
	total := hn + int(h.Length)
	if skip {
		if d.stream.Readable() < total {
			d.stream.Elide(hn, total) // wait for the payload without keeping it
			return false
		}
	} else if len(b) < total {
		// a large frame is reassembled in a buffer of its size, which its
		// record then takes over
		d.stream.Reserve(total)
		return false
	}
	if len(d.missing) > 0 && d.missingIn(d.consumed, d.consumed+uint32(hn)) > 0 {
		cur.Anomalies = append(cur.Anomalies, Anomaly{Layer: "websocket", Severity: field.SeverityError, Group: field.GroupMalformed,
			Message: "WebSocket frame header cut by the snap length: rest of the direction not dissected"})
		d.mode = modeRaw
		return true
	}
	lost, start := 0, d.consumed+uint32(hn)
	if len(d.missing) > 0 {
		lost = d.missingIn(start, d.consumed+uint32(total))
	}
	// b stays valid until the next stream call, or for as long as own is
	// kept: the record the frame completes in takes it
	var pdu reassembly.PDU
	var own []byte
	if skip || h.Length <= maxPooledBuf {
		pdu = d.consume(total)
	} else {
		pdu, own = d.take(total)
	}
	target := cur
	if !c.shadow {
		target = d.attach(&pdu, cur, q)
		d.notePDU(&pdu, target, q, b, false)
		target.Protocol = "WebSocket"
	}
	var payload []byte
	captured := 0
	if !skip {
		if own != nil {
			target.own(own)
			payload = b[hn:total:total]
		} else {
			payload = target.keep(b[hn:total])
		}
		if h.Masked {
			wsframe.Mask(h.Key, 0, payload)
		}
		captured = len(payload)
		if lost > 0 {
			captured = d.zeroMissing(payload, start)
		}
	}
	wf := WSFrame{Header: h, Payload: payload, PMC: c.pmc, Stream: c.stream, FromClient: d.fromClient}
	fragmented := !h.Opcode.IsControl() && (!h.Fin || h.Opcode == wsframe.OpContinuation)
	if fragmented {
		if h.Opcode != wsframe.OpContinuation {
			d.frags = d.frags[:0]
		}
		if h.Length > 0 { // tshark reassembles only frames with a payload
			d.frags = append(d.frags, wsframe.Fragment{Frame: target.Frame, Length: int(h.Length)})
		}
	}
	m := d.asm.FrameCut(&h, payload, target.Frame, captured)
	for _, a := range d.asm.Anomalies() {
		target.Anomalies = append(target.Anomalies, wsAnomaly(a))
	}
	if lost > 0 {
		d.lostInMessage += lost
	}
	if m != nil {
		msg := c.message(m, payload, d, target)
		if d.lostInMessage > 0 {
			msg.Anomalies = append(msg.Anomalies, Anomaly{Layer: "websocket", Severity: field.SeverityWarning, Group: field.GroupMalformed,
				Message: fmt.Sprintf("%d payload bytes cut by the snap length (zeros in Data)", d.lostInMessage)})
			d.lostInMessage = 0
		}
		wf.Message = msg
		for _, a := range m.Anomalies {
			wf.InflateFailed = wf.InflateFailed || a.Kind == wsframe.AnomalyInflateFailed
		}
		if fragmented {
			start := len(target.frags)
			target.frags = append(target.frags, d.frags...)
			wf.Fragments = target.frags[start:len(target.frags):len(target.frags)]
			if m.Reassembled != nil && c.opt.KeepFrames {
				wf.Reassembled = target.keep(m.Reassembled)
			}
			d.frags = d.frags[:0]
		}
		target.Messages = append(target.Messages, msg)
		c.noteMessage(msg)
	}
	if !c.shadow {
		target.WebSocket = append(target.WebSocket, wf)
	}
	return true
}

// message copies an assembled message out of the assembler's buffers into
// storage owned by the record it completes in.
func (c *conn) message(m *wsframe.Message, payload []byte, d *direction, rec *Record) *Message {
	msg := rec.newMessage()
	msg.Frame, msg.Time = rec.Frame, rec.Time
	msg.Stream = c.stream
	msg.FromClient = d.fromClient
	msg.Opcode = m.Opcode
	start := len(rec.frames)
	rec.frames = append(rec.frames, m.Frames...)
	msg.Frames = rec.frames[start:len(rec.frames):len(rec.frames)]
	msg.Compressed = m.Compressed
	msg.Length = m.Length
	switch own := d.asm.Take(m.Data); {
	case len(m.Data) > 0 && len(payload) == len(m.Data) && &payload[0] == &m.Data[0]:
		msg.Data = payload // a single uncompressed frame: the payload is the message
	case own != nil:
		// inflated, or fragments joined: the record takes the buffer
		rec.own(own)
		msg.Data = m.Data[:len(m.Data):len(m.Data)]
	case m.Data != nil:
		msg.Data = rec.keep(m.Data)
	}
	msg.CloseCode = m.CloseCode
	msg.HasCloseCode = m.HasCloseCode
	if len(m.CloseReason) > 0 {
		msg.CloseReason = string(m.CloseReason)
	}
	for _, a := range m.Anomalies {
		msg.Anomalies = append(msg.Anomalies, wsAnomaly(a))
	}
	return msg
}

// attach records the reassembly facts of a PDU on the records of its frames
// and returns the record of the frame it completes in.
func attach(pdu *reassembly.PDU, cur *Record, q *recordQueue) *Record {
	target := cur
	if pdu.Frame != cur.Frame {
		if r := q.find(pdu.Frame); r != nil {
			target = r
		}
	}
	if !pdu.Multi {
		return target
	}
	target.Segments = append(target.Segments, pdu.Frames...)
	target.ReassembledLength = pdu.Length
	for _, f := range pdu.Frames {
		if f == target.Frame {
			continue
		}
		if r := q.find(f); r != nil {
			r.ReassembledIn = target.Frame
		}
	}
	return target
}

// notePDU lists a WebSocket frame's PDU on the records of the frames that
// carried it (Record.PDUs); target is the record it completes in and raw
// its bytes as captured, as far as the stream holds them (not at all when
// payloads are skipped).
// Only the packet tree shows them: nothing is listed without
// Options.KeepFrames.
func (c *conn) notePDU(pdu *reassembly.PDU, target *Record, q *recordQueue, raw []byte, http bool) {
	if !c.opt.KeepFrames {
		return
	}
	for _, p := range pdu.Pieces {
		if p.Length == 0 {
			continue
		}
		r := target
		if p.Frame != target.Frame {
			if r = q.find(p.Frame); r == nil {
				continue
			}
		}
		u := PDU{Length: pdu.Length, In: target.Frame, Bytes: p.Length, Offset: p.At, Multi: pdu.Multi, HTTP: http}
		if r == target && pdu.Multi {
			start := len(r.pieces)
			r.pieces = append(r.pieces, pdu.Pieces...)
			u.Pieces = r.pieces[start:len(r.pieces):len(r.pieces)]
			if len(raw) >= pdu.Length {
				u.Data = r.keep(raw[:pdu.Length])
			}
		}
		r.PDUs = append(r.PDUs, u)
	}
}

// flush releases what a direction still holds at the end of the capture:
// bytes before a hole that never filled can not complete their PDU, and the
// bytes after it can not be framed, so both are reported and passed over;
// so are the bytes of a PDU the capture ends in the middle of.
func (c *conn) flush(d *direction, cur *Record, q *recordQueue) {
	if d.tls != nil {
		defer c.flush(d.tls.inner, cur, q) // after the last records are read
	}
	for {
		if cur != nil {
			c.drain(d, cur, q)
		}
		res := d.stream.Flush()
		if res.Gap == 0 && res.Released == 0 && res.Dropped == 0 {
			break
		}
		d.acct.Gap += int64(res.Gap)
		d.acct.Dropped += int64(res.Dropped)
		if cur != nil {
			cur.Anomalies = append(cur.Anomalies, Anomaly{Layer: "reassembly", Severity: field.SeverityWarning, Group: field.GroupReassemble,
				Message: fmt.Sprintf("%d bytes never arrived (gap in the stream); %d bytes before it dropped, %d after it passed over", res.Gap, res.Dropped, res.Released)})
		}
		d.mode = modeRaw
	}
	if n := d.stream.Readable(); n > 0 {
		if cur != nil {
			cur.Anomalies = append(cur.Anomalies, Anomaly{Layer: "reassembly", Severity: field.SeverityWarning, Group: field.GroupReassemble,
				Message: fmt.Sprintf("%d bytes of a PDU that never completed dropped", n)})
		}
		d.acct.Dropped += int64(n)
		d.consumed += uint32(n)
		d.stream.Consume(n)
	}
}
