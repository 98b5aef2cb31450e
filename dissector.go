package wsdissect

import (
	"errors"
	"fmt"
	"github.com/wsdissect/wsdissect/field"
	"io"
	"iter"
	"os"
	"sync"

	"github.com/wsdissect/wsdissect/capture"
	"github.com/wsdissect/wsdissect/dfilter"
	"github.com/wsdissect/wsdissect/reassembly"
	"github.com/wsdissect/wsdissect/tcp"
	"github.com/wsdissect/wsdissect/tls"
	"github.com/wsdissect/wsdissect/wsframe"
)

// Options tune a Dissector. The zero value is ready to use: every cap has a
// sensible default.
type Options struct {
	// MaxConnections caps the TCP conversation table. When it is full, a
	// new connection evicts the one that finished (closed or reset) first,
	// or else the least recently active one, and the evicted connection is
	// reported. 0 means 32768 (defaultMaxConnections): 5–6 KB each
	// (scripts/conn-memory.sh: idle, or with an inflater), at most about
	// 200 MB when all are open.
	MaxConnections int
	// MaxBufferedBytes caps the bytes held per direction of a connection:
	// out-of-order segments and a PDU in progress. 0 means 16 MiB
	// (reassembly.DefaultMaxBufferedBytes).
	MaxBufferedBytes int
	// MaxTotalBufferedBytes caps the bytes held by all connections together.
	// 0 means 128 MiB.
	MaxTotalBufferedBytes int
	// MaxMessageSize caps one reassembled WebSocket message. 0 means 64 MiB
	// (wsframe.DefaultMaxMessageSize).
	MaxMessageSize int64
	// MaxDecompressedSize caps one inflated permessage-deflate message, so a
	// decompression bomb is an anomaly, not an allocation. 0 means 16 MiB
	// (wsframe.DefaultMaxDecompressedSize).
	MaxDecompressedSize int64
	// Workers puts more cores to work; the records are the same, in the
	// same order, as in a serial run (0, the default: decoding and
	// dissection on the caller's goroutine, though Open reads the file
	// ahead on one of its own). With 1, the reading, decoding and TCP tracking
	// run on a goroutine of their own and the caller's goroutine dissects:
	// the best use of a second core when the dissection is light (as with
	// SkipPayloads). With 2 or more, Workers goroutines dissect the
	// connections, each owning those whose tcp.stream falls to it, and
	// MaxTotalBufferedBytes is shared out between them: the way to scale
	// heavy dissection (payloads, inflation). Call Close to stop the
	// goroutines when you stop early.
	Workers int
	// MaxPendingRecords caps how many frames a record may wait for a PDU to
	// complete before it is handed out anyway (its tcp.reassembled_in is
	// then unknown; an anomaly says so), and so how many records wait. 0
	// means 32768: a 45 MB message in full-size segments.
	MaxPendingRecords int
	// OnePass hands each record out as soon as its own frame is dissected,
	// rather than holding it, and every record after it, until the PDUs
	// its payload begins complete: the frames before the one a PDU
	// completes in then lack tcp.reassembled_in (Record.ReassembledIn), as
	// tshark prints them without -2, and the memory held no longer grows
	// with the traffic that passes while a large message arrives. A record
	// whose bytes arrived out of order still waits for the hole to fill, so
	// that a PDU it completes is found on it. Ignored with KeepFrames,
	// whose packet tree lists the PDUs on each of their frames.
	OnePass bool
	// SkipPayloads leaves out the payloads of data frames (Text, Binary and
	// their continuations) when the caller needs the structure of the
	// traffic but not its bytes, as a tshark field view without
	// websocket.payload.text does: WSFrame.Payload and Message.Data are then
	// nil for data frames and messages (Message.Length still tells their
	// size), and frame payloads are neither stored, unmasked nor inflated, so
	// a frame of any size up to 1 GiB costs no memory. The checks that need
	// the bytes (UTF-8, inflation, MaxMessageSize) are not made. Control
	// frames (Close, Ping, Pong) are read whole as usual. NeedsPayload tells
	// which fields need the payloads.
	SkipPayloads bool
	// KeepFrames keeps each frame's captured bytes in Record.Data, for the
	// views that show every header (FillTree: packet details, -T json, hex
	// dumps); a frame is copied once more. With it, TCP tracking also
	// computes the values of tshark's [SEQ/ACK analysis] that need the
	// segments not yet acknowledged (tcp.Analysis.AckedFrame, AckRTT,
	// BytesInFlight, PushBytesSent, RTO); without it they are zero
	// (tcp.TableConfig.SkipValues).
	KeepFrames bool
	// TwoPass reads a capture file twice, as tshark -2 does, so that every
	// frame shows what only the end of its TCP stream tells: the
	// conversation's completeness (tcp.completeness) and its iRTT
	// (tcp.analysis.initial_rtt) as tshark -2 prints them, and, in the
	// packet tree, the HTTP frames a request points to before they come
	// (http.response_in, http.next_request_in, "[HTTP request 1/3]"). The
	// first pass dissects without WebSocket payloads (SkipPayloads) and
	// keeps two values per stream and two frame numbers per HTTP request;
	// with Workers 0 it decodes ahead on a second goroutine (as Workers
	// 1) when there is a second core.
	// Open does it for a file; it is ignored for standard input and New,
	// which read once.
	TwoPass bool
	// MaxFrames ends the capture after that many frames, as tshark -c does
	// (for both passes of TwoPass): messages and PDUs that need later
	// frames stay incomplete. 0 reads every frame.
	MaxFrames uint64
	// NoNameResolution shows link addresses as they are ("ff:ff:ff:ff:ff:ff",
	// not "Broadcast"), in the summary line and the packet tree: tshark -n.
	NoNameResolution bool
	// Filter hands out from Records only the records whose packet tree
	// passes it, as tshark -Y does: a display filter compiled against
	// Registry (dfilter.Compile). It implies KeepFrames when it reads a
	// field that needs the frames (FilterReadsFrames), and builds for
	// each record the protocols the filter names. A Filter is not safe for
	// concurrent use: give each Dissector its own.
	Filter *dfilter.Filter
	// KeyLog is an NSS key log (SSLKEYLOGFILE) to decrypt TLS with, as
	// tshark's -o tls.keylog_file; New and Open read it whole. The secrets
	// of a pcapng capture's Decryption Secrets Blocks are used without it.
	KeyLog io.Reader
	keys   *tls.KeyLog // KeyLog, read
	// passUpgraded: the bytes after an Upgrade are passed over, not parsed
	// as WebSocket frames; for TwoPass's first pass, which reads TCP's
	// analysis and the HTTP exchanges alone
	passUpgraded bool
}

// defaultMaxConnections is Options.MaxConnections' default: room for
// 20,000 connections open at once and those that closed in the last
// minutes, kept for their late retransmissions.
const defaultMaxConnections = 1 << 15

// defaultMaxPendingRecords is Options.MaxPendingRecords' default; the
// record pool keeps as many.
const defaultMaxPendingRecords = 1 << 15

func (o Options) withDefaults() Options {
	if o.MaxConnections <= 0 {
		o.MaxConnections = defaultMaxConnections
	}
	if o.MaxBufferedBytes <= 0 {
		o.MaxBufferedBytes = reassembly.DefaultMaxBufferedBytes
	}
	if o.MaxTotalBufferedBytes <= 0 {
		o.MaxTotalBufferedBytes = 128 << 20
	}
	if o.MaxMessageSize <= 0 {
		o.MaxMessageSize = wsframe.DefaultMaxMessageSize
	}
	if o.MaxDecompressedSize <= 0 {
		o.MaxDecompressedSize = wsframe.DefaultMaxDecompressedSize
	}
	if o.MaxPendingRecords <= 0 {
		o.MaxPendingRecords = defaultMaxPendingRecords
	}
	if o.Filter != nil && FilterReadsFrames(o.Filter) {
		o.KeepFrames = true // the tree is built from the frame's bytes
	}
	return o
}

// Dissector reads a capture in one streaming pass and hands out, per frame,
// what Wireshark shows for it.
type Dissector struct {
	opt    Options
	filter filtering // Options.Filter's tree
	stage  decoder   // the first stage: reading, decoding, TCP tracking
	par    *parallel // runs the stages on goroutines (Options.Workers > 1)
	pipe   *pipeline // runs the first stage on a goroutine (Options.Workers == 1)
	pkt    packet    // the current packet when the stages run inline
	name   string
	closer io.Closer
	shards []*shard // one in serial mode
	out    recordQueue
	clock  clock // frame.time_relative and frame.time_delta
	err    error
	done   bool
	// iterated is set once an iterator has started reading the capture.
	iterated bool

	free []*Record    // recycled records
	bufs largeBuffers // large payload storage of the records
	// pooledBytes is the payload storage the free records keep.
	pooledBytes int
	last        *Record // the record handed out last, recycled on the next call
	// released holds the records Release gave back, from any goroutine,
	// until next recycles them; recycling swaps it with releasing, so that
	// steady state allocates nothing.
	releaseMu sync.Mutex
	released  []*Record
	releasing []*Record
	holds     int // records held and not yet recycled: the iterating goroutine's
}

// maxPooledBytes is the payload storage the free records may keep in all.
// With Options.KeepFrames every record holds its frame besides: room for
// a wire-sized frame each (keptFrameRoom) is added, so that the records a
// burst left keep their storage rather than grow it again packet by
// packet. That is at most maxPooledRecords frames more, storage the
// records in flight held anyway.
func (d *Dissector) maxPooledBytes() int {
	if d.opt.KeepFrames {
		return maxPooledBytes + maxPooledRecords*keptFrameRoom
	}
	return maxPooledBytes
}

// keptFrameRoom is the storage a frame takes in a record with
// Options.KeepFrames: an Ethernet frame of 1514 bytes, rounded up to the
// allocator's size class.
const keptFrameRoom = 2 << 10

// packetSource hands out captured records one by one; capture.Reader is one.
type packetSource interface {
	Next() (data []byte, ci capture.CaptureInfo, err error)
}

// New returns a Dissector reading a pcap or pcapng capture from r, gzip'd
// or not (see package capture).
func New(r io.Reader, opt Options) (*Dissector, error) {
	opt, err := opt.readKeyLog()
	if err != nil {
		return nil, err
	}
	src, err := capture.NewReader(r)
	if err != nil {
		return nil, err
	}
	return newDissector(src, opt, nil), nil
}

// newDissector returns a Dissector over src; final holds each stream's
// values from a first pass (Options.TwoPass), or nil. It is set before any
// goroutine of the pipeline starts reading it.
func newDissector(src packetSource, opt Options, final finals) *Dissector {
	opt = opt.withDefaults()
	r, _ := src.(*capture.Reader)
	d := &Dissector{
		opt: opt,
		stage: decoder{
			src:   src,
			rd:    r,
			keep:  opt.KeepFrames,
			final: final,
			max:   opt.MaxFrames,
			keys:  opt.keys,
			dec:   newDecoder(opt),
			// the values of [SEQ/ACK analysis] cost a tenth of tracking and
			// only the packet tree shows them
			table: tcp.NewTable(tcp.TableConfig{MaxConversations: opt.MaxConnections, SkipValues: !opt.KeepFrames}),
		},
	}
	if opt.Workers > 0 && r != nil {
		// packets cross to other goroutines: rather than carrying copies of
		// their payloads, they point into the reader's chunks, which it
		// keeps until they are done with
		d.stage.retained = r.Retain()
	}
	n := max(opt.Workers, 1)
	for range n {
		d.shards = append(d.shards, newShard(&d.opt, opt.MaxTotalBufferedBytes/n, &d.bufs))
	}
	switch {
	case opt.Workers == 1:
		d.stage.batched = true
		d.pipe = startPipeline(&d.stage)
	case opt.Workers > 1:
		d.par = startParallel(d)
	}
	return d
}

// Open opens the capture file at path ("-" for standard input), gzip'd or
// not, whatever its name. A pcap file is read ahead on a goroutine of its
// own (capture.Reader.ReadAhead), so that reading, and decompressing,
// costs the dissection nothing; Close stops it.
func Open(path string, opt Options) (*Dissector, error) {
	opt, err := opt.readKeyLog()
	if err != nil {
		return nil, err
	}
	in, name := os.Stdin, ""
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		in, name = f, path
	}
	src, err := capture.NewReader(in)
	if err != nil {
		if name == "" {
			return nil, err
		}
		in.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var final finals
	if opt.TwoPass && name != "" {
		if final, err = firstPass(path, opt.withDefaults()); err != nil {
			in.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	src.ReadAhead()
	d := newDissector(src, opt, final)
	if name != "" {
		d.name, d.closer = name, in
	}
	return d, nil
}

// Close stops the goroutines of Options.Workers and of reading ahead, if
// any, and closes the file opened by Open.
func (d *Dissector) Close() error {
	if d.stage.rd != nil {
		d.stage.rd.Close()
	}
	if d.par != nil {
		d.par.stop()
	}
	if d.pipe != nil {
		d.pipe.stop()
	}
	if d.closer != nil {
		return d.closer.Close()
	}
	return nil
}

// ErrIterated is the error a Dissector's iterator yields when the capture
// is already being read, or has been, by another iterator call: a capture
// is read once, so a second pass would yield nothing. Records yields each
// record with its messages (Record.Messages) and the connections that end
// in it (Record.Closed): one pass gives all three.
var ErrIterated = errors.New("wsdissect: the capture is already read by another iterator")

// Records yields one Record per captured frame, in capture order. A record is
// handed out once every PDU its bytes belong to is complete, so its
// tcp.reassembled_in is known, as in tshark's two-pass view. A damaged capture
// ends the sequence with an error after every record that could be read.
//
// A record, and what it points to, is valid until the iterator moves on: the
// pipeline recycles its storage. Clone what you keep, or Hold a record
// until you Release it.
//
// The capture is read once: Records, Messages and Connections each read it
// whole, and any of them called after one has started yields only
// ErrIterated.
func (d *Dissector) Records() iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		if begin(d, yield) {
			d.records(yield)
		}
	}
}

// begin marks the capture as being read; when it already is, it yields
// ErrIterated and reports false.
func begin[T any](d *Dissector, yield func(T, error) bool) bool {
	if d.iterated {
		var zero T
		yield(zero, ErrIterated)
		return false
	}
	d.iterated = true
	return true
}

// records is Records without the check that the capture is read once.
func (d *Dissector) records(yield func(*Record, error) bool) {
	for {
		rec, err := d.next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				yield(nil, err)
			}
			return
		}
		if d.opt.Filter != nil && !d.filter.passes(rec, d.opt.Filter) {
			continue
		}
		if !yield(rec, nil) {
			return
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
	return &Record{bufs: &d.bufs}
}

// next returns the next record ready to be handed out. The record handed
// out before it is recycled: the iterators document that a record is valid
// until they move on.
func (d *Dissector) next() (*Record, error) {
	if r := d.last; r != nil && !r.held {
		d.recycle(r)
	}
	d.last = nil
	d.recycleReleased()
	rec, err := d.nextReady()
	d.last = rec
	return rec, err
}

// recycle takes back a record handed out, unless a shard may still write
// to it (forced).
func (d *Dissector) recycle(r *Record) {
	if r.forced {
		return
	}
	r.giveBack()
	switch {
	case d.par != nil:
		d.par.recycle(r)
	case len(d.free) < maxPooledRecords:
		r.shrink()
		if d.pooledBytes+cap(r.buf) > d.maxPooledBytes() {
			r.buf = nil
		}
		d.pooledBytes += cap(r.buf)
		d.free = append(d.free, r)
	}
}

func (d *Dissector) nextReady() (*Record, error) {
	for {
		// once the serial run has ended, every shard has released everything
		if rec := d.out.front(); rec != nil && (rec.parts.left(d.shared()) == 0 || d.done && d.par == nil) {
			d.out.pop()
			rec.settle()
			return rec, nil
		}
		if d.done && d.out.len() == 0 {
			if d.err != nil {
				err := d.err
				d.err = io.EOF
				return nil, err
			}
			return nil, io.EOF
		}
		if d.par != nil {
			d.par.wait(d)
		} else if rec := d.readOne(); rec != nil {
			rec.settle()
			return rec, nil
		}
	}
}

// readOne reads and dissects one frame, or ends the capture. The frame's
// record is queued to be handed out, unless it is complete and no record
// waits before it: readOne then returns it, to be handed out at once.
func (d *Dissector) readOne() *Record {
	p := &d.pkt
	if d.pipe != nil {
		p = d.pipe.next()
	} else {
		d.stage.next(p)
	}
	if p.err != nil {
		for _, s := range d.shards {
			s.finish()
		}
		d.end(p.err)
		return nil
	}
	rec := d.newRecord()
	d.frame(rec, p)
	if rec.parts.left(false) != 0 {
		own, kind, other := d.route(rec, &p.tcp.Analysis)
		if other >= 0 {
			d.shards[other].step(rec, p, forgetOther)
		}
		d.shards[own].step(rec, p, kind)
	}
	if d.out.len() == 0 && rec.parts.left(false) == 0 {
		return rec
	}
	d.out.push(rec)
	return nil
}

// route is the per-packet loop's dispatch of a TCP packet, the same for
// both drivers (readOne here, the first stage of parallel): the shard that
// owns its stream dissects it, first forgetting the connection the
// tracker dropped to make room when that connection is its own (kind);
// when it is another shard's, other is that shard (-1 when there is none)
// and the record waits for both.
func (d *Dissector) route(rec *Record, an *tcp.Analysis) (own int, kind forgetKind, other int) {
	own, other = d.shardIndex(an.Stream), -1
	if an.Events.Has(tcp.EventDropped) && an.Dropped != an.Stream {
		if o := d.shardIndex(an.Dropped); o != own {
			other = o
			rec.parts.set(2, d.shared())
		} else {
			kind = forgetOwn
		}
	}
	return own, kind, other
}

// frame fills in the frame facts of a record. A frame that is not TCP is
// then complete; a TCP one waits for its shard (rec.parts).
func (d *Dissector) frame(rec *Record, p *packet) {
	ci := &p.ci
	rec.Frame, rec.Time, rec.Len, rec.CapLen, rec.TimeDigits = ci.Frame, ci.Timestamp, ci.Length, ci.CaptureLength, ci.TimestampDigits
	rec.Rel, rec.Delta = d.clock.next(ci.Timestamp)
	rec.noResolve = d.opt.NoNameResolution
	rec.keyLog = p.keys
	rec.LinkType, rec.Section, rec.Interface, rec.InterfaceName = tcp.LinkType(ci.LinkType), p.section, ci.InterfaceIndex, p.ifaceName
	if d.opt.KeepFrames {
		rec.Data = rec.keep(p.frame)
	}
	if p.decErr != nil {
		o := &p.other
		rec.Src, rec.Dst = o.SrcIP, o.DstIP
		rec.LinkSrc, rec.LinkDst, rec.OtherInfo = o.Src, o.Dst, o.Info
		rec.Protocol = o.Protocol
		if rec.Protocol == "" {
			rec.Protocol = "other"
		}
		if !errors.Is(p.decErr, tcp.ErrNotTCP) {
			rec.Anomalies = append(rec.Anomalies, Anomaly{Layer: "tcp", Severity: field.SeverityWarning, Group: field.GroupMalformed, Message: p.decErr.Error()})
		}
		return
	}
	rec.parts.set(1, d.shared())
}

// end marks the end of the capture: cause is io.EOF or the damage that
// stopped the reading.
func (d *Dissector) end(cause error) {
	d.done = true
	if !isEOF(cause) {
		if d.name != "" {
			cause = fmt.Errorf("%s: %w", d.name, cause)
		}
		d.err = cause
	}
}

// shared reports whether shards release records on goroutines of their
// own (Options.Workers > 1), so that their part counts are shared.
func (d *Dissector) shared() bool { return d.opt.Workers > 1 }

// shardIndex returns the shard that owns a tcp.stream; with one shard
// (Workers 0 and 1) it divides nothing.
func (d *Dissector) shardIndex(stream uint64) int {
	if n := len(d.shards); n > 1 {
		return int(stream % uint64(n))
	}
	return 0
}
