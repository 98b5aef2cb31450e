package wsdissect

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"os"

	"github.com/wsdissect/wsdissect/reassembly"
	"github.com/wsdissect/wsdissect/tcp"
)

// Options tune a Dissector. The zero value is ready to use: every cap has a
// sensible default.
type Options struct {
	// MaxConnections caps the TCP conversation table; the oldest idle
	// connection is evicted (and reported) when it is full. 0 means 16384:
	// about 3.5 KiB each (with the TCP table), 56 MiB when all are open.
	MaxConnections int
	// MaxBufferedBytes caps the bytes held per direction of a connection:
	// out-of-order segments and a PDU in progress. 0 means 16 MiB.
	MaxBufferedBytes int
	// MaxTotalBufferedBytes caps the bytes held by all connections together.
	// 0 means 128 MiB.
	MaxTotalBufferedBytes int
	// MaxMessageSize caps one reassembled WebSocket message. 0 means 64 MiB.
	MaxMessageSize int64
	// MaxDecompressedSize caps one inflated permessage-deflate message, so a
	// decompression bomb is an anomaly, not an allocation. 0 means 16 MiB.
	MaxDecompressedSize int64
	// Parallel runs the reading, decoding and TCP analysis of the capture on
	// a goroutine of its own, so they overlap with the reassembly and the
	// upper layers on another core. The records are the same, in the same
	// order. Call Close to stop the goroutine when you stop early.
	Parallel bool
	// MaxPendingRecords caps how many records may wait for a PDU to complete
	// before they are handed out anyway (their tcp.reassembled_in is then
	// unknown; an anomaly says so). 0 means 32768: a 45 MB message in
	// full-size segments.
	MaxPendingRecords int
}

func (o Options) withDefaults() Options {
	if o.MaxConnections <= 0 {
		o.MaxConnections = 1 << 14
	}
	if o.MaxBufferedBytes <= 0 {
		o.MaxBufferedBytes = 16 << 20
	}
	if o.MaxTotalBufferedBytes <= 0 {
		o.MaxTotalBufferedBytes = 128 << 20
	}
	if o.MaxMessageSize <= 0 {
		o.MaxMessageSize = 64 << 20
	}
	if o.MaxDecompressedSize <= 0 {
		o.MaxDecompressedSize = 16 << 20
	}
	if o.MaxPendingRecords <= 0 {
		o.MaxPendingRecords = 1 << 15
	}
	return o
}

// Dissector reads a capture in one streaming pass and hands out, per frame,
// what Wireshark shows for it.
type Dissector struct {
	opt     Options
	stage   decoder   // the first stage: reading, decoding, TCP tracking
	par     *parallel // runs stage on its own goroutine (Options.Parallel)
	pkt     packet    // the current packet when stage runs inline
	name    string
	closer  io.Closer
	conns   map[uint64]*conn
	budget  *reassembly.Budget // MaxTotalBufferedBytes, shared by every stream
	pending recordQueue
	lru     connList      // open connections, most recently active first
	retired []*Connection // ended connections not yet handed out by Connections
	// collectConns is set while Connections runs: only then are ended
	// connections kept for it.
	collectConns bool
	first        bool
	err          error
	done         bool

	free []*Record // recycled records
	// pooledBytes is the payload storage the free records keep.
	pooledBytes int
	last        *Record // the record handed out last, recycled on the next call
}

// packetSource hands out captured records one by one; tcp.Reader is one.
type packetSource interface {
	Next() (data []byte, ci tcp.CaptureInfo, err error)
}

// New returns a Dissector reading a pcap or pcapng capture from r.
func New(r io.Reader, opt Options) (*Dissector, error) {
	src, err := tcp.NewReader(r)
	if err != nil {
		return nil, err
	}
	return newDissector(src, opt), nil
}

func newDissector(src packetSource, opt Options) *Dissector {
	opt = opt.withDefaults()
	d := &Dissector{
		opt: opt,
		stage: decoder{
			src:   src,
			dec:   tcp.NewDecoder(),
			table: tcp.NewTable(tcp.TableConfig{MaxConversations: opt.MaxConnections}),
		},
		conns:  make(map[uint64]*conn),
		first:  true,
		budget: &reassembly.Budget{Max: opt.MaxTotalBufferedBytes},
	}
	if opt.Parallel {
		d.par = startParallel(&d.stage)
	}
	return d
}

// Open opens the capture file at path ("-" for standard input).
func Open(path string, opt Options) (*Dissector, error) {
	if path == "-" {
		return New(os.Stdin, opt)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	d, err := New(f, opt)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d.name, d.closer = path, f
	return d, nil
}

// Close stops the parallel stage, if any, and closes the file opened by Open.
func (d *Dissector) Close() error {
	if d.par != nil {
		d.par.stop()
	}
	if d.closer != nil {
		return d.closer.Close()
	}
	return nil
}

// Records yields one Record per captured frame, in capture order. A record is
// handed out once every PDU its bytes belong to is complete, so its
// tcp.reassembled_in is known, as in tshark's two-pass view. A damaged capture
// ends the sequence with an error after every record that could be read.
func (d *Dissector) Records() iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		for {
			rec, err := d.next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					yield(nil, err)
				}
				return
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}

// newRecord returns an empty record, recycled when one is free.
func (d *Dissector) newRecord() *Record {
	if n := len(d.free); n > 0 {
		r := d.free[n-1]
		d.free = d.free[:n-1]
		d.pooledBytes -= cap(r.buf)
		r.reset()
		return r
	}
	return new(Record)
}

// next returns the next record ready to be handed out. The record handed
// out before it is recycled: the iterators document that a record is valid
// until they move on.
func (d *Dissector) next() (*Record, error) {
	if r := d.last; r != nil && !r.forced && len(d.free) < maxPooledRecords {
		if d.pooledBytes+cap(r.buf) > maxPooledBytes {
			r.buf = nil
		}
		d.pooledBytes += cap(r.buf)
		d.free = append(d.free, r)
	}
	d.last = nil
	rec, err := d.nextReady()
	d.last = rec
	return rec, err
}

func (d *Dissector) nextReady() (*Record, error) {
	for {
		if rec := d.pending.popReady(d.opt.MaxPendingRecords); rec != nil {
			return rec, nil
		}
		if d.done {
			if rec := d.pending.popAny(); rec != nil {
				return rec, nil
			}
			if d.err != nil {
				err := d.err
				d.err = io.EOF
				return nil, err
			}
			return nil, io.EOF
		}
		d.readOne()
	}
}

// readOne reads and dissects one frame, or marks the end of the capture.
func (d *Dissector) readOne() {
	p := d.nextPacket()
	if p.err != nil {
		d.finish()
		if !isEOF(p.err) {
			err := p.err
			if d.name != "" {
				err = fmt.Errorf("%s: %w", d.name, err)
			}
			d.err = err
		}
		return
	}
	ci := &p.ci
	rec := d.newRecord()
	rec.Frame, rec.Time, rec.Len, rec.CapLen, rec.TimeDigits = ci.Frame, ci.Timestamp, ci.Length, ci.CaptureLength, ci.TimestampDigits
	if d.first {
		d.pending.start = ci.Timestamp
		d.first = false
	}
	rec.Rel = ci.Timestamp.Sub(d.pending.start)
	d.pending.push(rec)
	if p.decErr != nil {
		rec.Src, rec.Dst = p.seg.SrcIP, p.seg.DstIP
		rec.Protocol = "other"
		if !errors.Is(p.decErr, tcp.ErrNotTCP) {
			rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "tcp", Severity: SeverityWarn, Message: p.decErr.Error()})
		}
		return
	}
	d.dissectTCP(rec, p)
}

// nextPacket returns the next decoded frame, from the first stage's
// goroutine in parallel mode.
func (d *Dissector) nextPacket() *packet {
	if d.par != nil {
		return d.par.next()
	}
	d.stage.next(&d.pkt)
	return &d.pkt
}

// dissectTCP runs the reassembly and upper layers over one segment.
func (d *Dissector) dissectTCP(rec *Record, p *packet) {
	seg, an := &p.seg, p.an
	rec.Src, rec.Dst = seg.SrcIP, seg.DstIP
	rec.Protocol = "TCP"
	rec.tcp = TCPInfo{Segment: *seg, Analysis: an}
	rec.tcp.Segment.Payload = nil
	rec.TCP = &rec.tcp

	if seg.LengthExceeds {
		rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "tcp", Severity: SeverityError,
			Message: "IP total length exceeds packet length: payload taken as what the frame holds"})
	}
	if an.Events.Has(tcp.EventDropped) {
		// the conversation table forgot a stream: so do we
		if old := d.conns[an.Dropped]; old != nil && old.stream != an.Stream {
			d.forget(old, rec)
		}
	}
	c := d.conns[an.Stream]
	if c == nil {
		c = newConn(an.Stream, &d.opt, d.budget)
		d.conns[an.Stream] = c
		if len(d.conns) > d.opt.MaxConnections {
			old := d.lru.oldest()
			if !old.closed {
				rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "tcp", Severity: SeverityWarn,
					Message: fmt.Sprintf("%d connections open: tcp.stream %d, idle longest, forgotten (Options.MaxConnections)", len(d.conns), old.stream)})
			}
			d.forget(old, rec)
		}
	}
	d.lru.touch(c)
	if c.closed {
		return // a late packet of a closed connection, already handed out: TCP only
	}
	c.info.TCP = p.conv
	if an.Events&(tcp.EventClosed|tcp.EventRST) != 0 {
		c.ended = true
	}
	defer d.retire(c, rec)
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
	payload := seg.Payload
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
	res := dir.stream.Add(seg.Seq, payload, rec.Frame, flags)
	dir.donePadding()
	if len(payload) > 0 {
		dir.waiting = append(dir.waiting, rec)
		rec.bytesPending = true
	}
	dir.noteAdd(rec, res)
	c.drain(dir, rec, &d.pending)
	dir.release()
}

// retire closes a connection that TCP has closed or reset: what its
// directions still hold can no longer complete. It stays known, as a
// tombstone without buffers, so that a late FIN or RST is still its own.
func (d *Dissector) retire(c *conn, cur *Record) {
	if c.ended && !c.closed {
		d.closeConn(c, cur)
		c.dirs = [2]*direction{}
	}
}

// closeConn flushes a connection, releases the records waiting for its
// bytes and hands it to Connections, so memory follows the open
// connections, not the capture.
func (d *Dissector) closeConn(c *conn, cur *Record) {
	if c.closed {
		return
	}
	c.closed = true
	for _, dir := range c.dirs {
		if dir != nil {
			d.flushDir(c, dir, cur)
		}
	}
	if d.collectConns {
		d.retired = append(d.retired, &c.info)
	}
}

// forget closes a connection and drops it from the table.
func (d *Dissector) forget(c *conn, cur *Record) {
	d.closeConn(c, cur)
	if d.conns[c.stream] == c {
		delete(d.conns, c.stream)
	}
	d.lru.remove(c)
}

// finish flushes every connection at the end of the capture.
func (d *Dissector) finish() {
	d.done = true
	for _, c := range d.conns {
		for _, dir := range c.dirs {
			if dir == nil {
				continue
			}
			var last *Record // what the flush finds goes on the direction's last record
			if n := len(dir.waiting); n > 0 {
				last = dir.waiting[n-1]
			}
			d.flushDir(c, dir, last)
		}
	}
}

// flushDir flushes what a direction still holds and releases the records
// waiting for its bytes.
func (d *Dissector) flushDir(c *conn, dir *direction, cur *Record) {
	c.flush(dir, cur, &d.pending)
	for _, r := range dir.waiting {
		r.bytesPending = false
	}
	dir.waiting = nil
}
