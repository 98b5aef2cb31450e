package wsdissect

import (
	"fmt"
	"github.com/wsdissect/wsdissect/field"

	"github.com/wsdissect/wsdissect/reassembly"
	"github.com/wsdissect/wsdissect/tcp"
)

// shard dissects the TCP connections that fall to it: every connection in
// serial mode, the connections whose tcp.stream maps to it with
// Options.Workers. It owns their state and the records of their frames
// until it releases them, so shards never share anything but the records
// they release.
type shard struct {
	opt *Options
	// shared is set when the shard runs on a goroutine of its own
	// (Options.Workers > 1): the records' part counts are then shared.
	shared bool
	conns  map[uint64]*conn // open connections; closed ones are forgotten
	// recent caches conns by the low bits of tcp.stream: the connections
	// of recent segments are found without hashing
	recent *[recentConns]*conn
	budget *reassembly.Budget // this shard's part of MaxTotalBufferedBytes
	dirs   directions         // of ended connections, for reuse
	recs   recordQueue        // its records not released yet, in frame order
	// scratch receives what a connection flushed on behalf of another
	// shard's record would attach to that record (see forget).
	scratch Record
}

// recentConns is the size of a shard's cache of recent connections.
const recentConns = 256

// newShard returns a shard whose connections may buffer budget bytes in
// all, reassembling large PDUs in buffers from bufs.
func newShard(opt *Options, budget int, bufs *largeBuffers) *shard {
	s := &shard{opt: opt, shared: opt.Workers > 1, conns: make(map[uint64]*conn), recent: new([recentConns]*conn), budget: &reassembly.Budget{Max: budget, Buffers: bufs}}
	s.dirs.inflate.Buffers = bufs
	return s
}

// forgetKind tells step whether a packet's record comes with a connection
// to forget: the one the tracker dropped to make room (Analysis.Dropped).
type forgetKind uint8

const (
	forgetNone  forgetKind = iota
	forgetOwn              // forget pkt.an.Dropped, then dissect the segment
	forgetOther            // only forget pkt.an.Dropped, for another shard's rec
)

// step is the per-packet loop's work for a TCP packet on the goroutine of
// the shard that owns its stream, whichever driver calls it (route says
// what to do): forget the connection the tracker dropped to make room
// when asked to, then dissect the segment and hand over the records that
// no longer wait. forgetOther only forgets, for a record of another
// shard's packet.
func (s *shard) step(rec *Record, p *packet, kind forgetKind) {
	switch kind {
	case forgetOther:
		s.forget(p, rec, false)
		rec.parts.release(s.shared)
		return
	case forgetOwn:
		s.forget(p, rec, true)
	}
	s.dissect(rec, p)
	if s.recs.len() == 0 && !rec.bytesPending {
		// nothing waits: the record is released as it would be from the
		// queue, without going through it
		rec.parts.release(s.shared)
		return
	}
	s.recs.push(rec)
	s.release(rec.Frame)
}

// dissect runs the reassembly and upper layers over one TCP segment; rec is
// the record of its frame.
func (s *shard) dissect(rec *Record, p *packet) {
	seg, an := &p.tcp.Segment, &p.tcp.Analysis
	payload := seg.Payload
	// the record takes the facts as they are (a copy cost a tenth of the
	// dissection); seg and an are its own from here on
	p.takeTCP(rec)
	seg.Payload = nil // not kept: it points into the capture's storage
	rec.Src, rec.Dst = seg.SrcIP, seg.DstIP
	rec.Protocol = "TCP"

	if seg.LengthExceeds {
		rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "tcp", Severity: field.SeverityError, Group: field.GroupMalformed,
			Message: "IP total length exceeds packet length: payload taken as what the frame holds"})
	}
	slot := &s.recent[an.Stream%recentConns]
	c := *slot
	if c == nil || c.stream != an.Stream {
		c = s.conns[an.Stream]
	}
	if c == nil {
		if !an.Events.Has(tcp.EventNew) {
			return // a late packet of a connection closed or forgotten: TCP only
		}
		c = newConn(an.Stream, s.opt, s.budget, &s.dirs)
		c.http.later = p.http
		c.table = p.table // the stream's for as long as the table keeps it
		s.conns[an.Stream] = c
	}
	*slot = c
	if cv := p.conversation(); cv != nil {
		c.info.TCP = *cv
	}
	if an.Events&(tcp.EventClosed|tcp.EventRST) != 0 {
		c.ended = true
	}
	s.segment(c, rec, seg, an, payload)
	if c.ended {
		s.retire(c, rec)
	}
}

// segment hands a connection one of its segments, seg with its analysis
// an, whose record is rec, and parses what its bytes complete.
func (s *shard) segment(c *conn, rec *Record, seg *tcp.Segment, an *tcp.Analysis, payload []byte) {
	dir := c.dir(an.FromInitiator)
	var flags reassembly.Flags
	if seg.Flags&tcp.SYN != 0 {
		flags |= reassembly.SYN
	}
	if seg.Flags&tcp.FIN != 0 {
		flags |= reassembly.FIN
	}
	if seg.Flags&tcp.RST != 0 {
		flags |= reassembly.RST
	}
	if seg.PayloadLen == 0 && flags == 0 {
		return
	}
	if seg.Truncated && seg.PayloadLen > len(payload) {
		rec.Truncated = true
		dir.acct.Truncated += int64(seg.PayloadLen - len(payload))
		start := an.RelSeq - 1
		dir.noteMissing(start+uint32(len(payload)), start+uint32(seg.PayloadLen))
		if dir.mode == modeHTTP && c.truncatedHTTP(dir, rec, payload) {
			// the head is taken whole: it ends the segment
			dir.stream.Add(seg.Seq, dir.padded(payload, seg.PayloadLen), rec.Frame, flags)
			dir.donePadding()
			dir.consume(len(dir.stream.Bytes()))
			return
		}
		if c.shadow {
			rec.Continuation = true
		}
		payload = dir.padded(payload, seg.PayloadLen)
	}
	var res reassembly.AddResult
	if lend := (dir.mode == modeWS || dir.mode == modeRaw) && dir.tls == nil && !seg.Truncated; lend {
		// WebSocket frames are parsed from the payload itself, which stays
		// valid and unchanged until the segment is dissected: only the
		// bytes of a frame it does not end are copied, when it settles
		res = dir.stream.Lend(seg.Seq, payload, rec.Frame, flags)
	} else {
		res = dir.stream.Add(seg.Seq, payload, rec.Frame, flags)
	}
	dir.donePadding()
	if len(payload) > 0 && (!s.opt.OnePass || s.opt.KeepFrames || res.Buffered) {
		dir.waiting = append(dir.waiting, rec)
		rec.bytesPending = true
	}
	dir.noteAdd(rec, &res)
	c.drain(dir, rec, &s.recs)
	dir.stream.Settle()
	dir.release()
}

// retire closes a connection that TCP has closed or reset: what its
// directions still hold can no longer complete. A late packet of it is
// then TCP only: the conversation table still knows its tcp.stream.
func (s *shard) retire(c *conn, cur *Record) {
	if c.ended && !c.closed {
		s.closeConn(c, cur)
		cur.closedConns = append(cur.closedConns, &c.info)
		s.drop(c)
	}
}

// forget closes the connection of the tcp.stream the conversation table
// dropped (evicted, or its ports reused by a new connection) at packet p,
// while dissecting rec. What the flush finds goes on rec, as if rec were its own:
// into the record's parts for another shard when rec is not ours, so that
// two shards never write the same fields.
func (s *shard) forget(p *packet, rec *Record, own bool) {
	c := s.conns[p.tcp.Analysis.Dropped]
	if c == nil {
		return
	}
	c.info.TCP = *p.dropped // its facts as the table dropped them
	s.drop(c)
	if own {
		s.closeConn(c, rec)
		rec.closedConns = append(rec.closedConns, &c.info)
		return
	}
	s.scratch.reset()
	s.closeConn(c, &s.scratch)
	rec.dropAnomalies = append(rec.dropAnomalies, s.scratch.Anomalies...)
	rec.dropConns = append(rec.dropConns, &c.info)
}

// drop forgets a connection.
func (s *shard) drop(c *conn) {
	delete(s.conns, c.stream)
	if slot := &s.recent[c.stream%recentConns]; *slot == c {
		*slot = nil
	}
}

// closeConn flushes a connection and releases the records waiting for its
// bytes, so memory follows the open connections, not the capture.
func (s *shard) closeConn(c *conn, cur *Record) {
	if c.closed {
		return
	}
	c.closed = true
	for _, dir := range c.dirs {
		if dir != nil {
			s.flushDir(c, dir, cur)
			s.dirs.put(dir)
		}
	}
	c.dirs = [2]*direction{}
}

// finish flushes every connection at the end of the capture and releases
// every record.
func (s *shard) finish() {
	for _, c := range s.conns {
		for _, dir := range c.dirs {
			if dir == nil {
				continue
			}
			var last *Record // what the flush finds goes on the direction's last record
			if n := len(dir.waiting); n > 0 {
				last = dir.waiting[n-1]
			}
			s.flushDir(c, dir, last)
		}
	}
	s.release(^uint64(0) >> 1)
}

// flushDir flushes what a direction still holds and releases the records
// waiting for its bytes.
func (s *shard) flushDir(c *conn, dir *direction, cur *Record) {
	c.flush(dir, cur, &s.recs)
	for _, r := range dir.waiting {
		if !r.forced {
			r.bytesPending = false
		}
	}
	clear(dir.waiting)
	dir.waiting = dir.waiting[:0]
}

// release hands over the records at the front of the queue whose bytes are
// all dissected, now that frame now has been read. A record still waiting
// for a PDU after Options.MaxPendingRecords more frames is handed over
// anyway, without the reassembly facts it waits for: the rule depends on
// frame numbers only, so serial and sharded runs force the same records.
func (s *shard) release(now uint64) {
	for {
		r := s.recs.front()
		if r == nil {
			return
		}
		if r.bytesPending {
			if now-r.Frame <= uint64(s.opt.MaxPendingRecords) {
				return
			}
			// still listed as waiting by its direction, which no longer
			// writes to it (forced): never recycled
			r.forced = true
			r.Anomalies = append(r.Anomalies, Anomaly{Layer: "reassembly", Severity: field.SeverityWarning, Group: field.GroupReassemble,
				Message: fmt.Sprintf("handed out before its PDU completed: more than %d frames waited for it (Options.MaxPendingRecords)", s.opt.MaxPendingRecords)})
		}
		s.recs.pop()
		r.parts.release(s.shared)
	}
}
