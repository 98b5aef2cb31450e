package wsdissect

import (
	"errors"
	"io"
	"net/netip"

	"github.com/wsdissect/wsdissect/capture"
	"github.com/wsdissect/wsdissect/tcp"
	"github.com/wsdissect/wsdissect/tls"
)

// packet is one captured frame decoded down to TCP and tracked in the
// conversation table: the work of the first stage of the pipeline, which
// may run on a goroutine of its own (Options.Workers).
type packet struct {
	ci     capture.CaptureInfo
	err    error // the capture ends here: io.EOF or damage
	decErr error // the frame is not TCP, or not decodable
	// tcp is the decoded segment (its Payload is valid until the next
	// packet is decoded) and its analysis. The record of the packet takes
	// it, giving the packet its own in exchange (takeTCP): the facts are
	// written once, by the first stage, and never copied.
	tcp   *TCPInfo
	other tcp.Other // the columns of a frame that is not TCP
	// The conversation's facts go to the connection (Connection.TCP) only
	// at the packets that start or end it: convRef is the table's own
	// conversation at such a packet when the packet is dissected right
	// away, nil once it is handed over with a copy in conv (hasConv), and
	// nil at every other packet (conversation). A per-packet copy cost as
	// much as a tenth of the dissection. conv is storage the packet's slot
	// keeps, as dropped's: a packet without them inline takes a third of
	// the cache lines, and the batches in flight between two goroutines
	// stay in the cores' caches.
	convRef *tcp.Conversation
	conv    *tcp.Conversation
	hasConv bool
	// table is the table's conversation of seg at every packet: read only
	// once the capture has ended and the table is still (Remaining), for
	// the connections still open.
	table *tcp.Conversation
	// dropped is the conversation the table dropped at this packet, as it
	// was (an.Events has EventDropped): the facts of the connection forgot.
	dropped *tcp.Conversation
	// frame is the captured bytes when Options.KeepFrames asks for them:
	// the reader's, valid until the record copies them, or a copy in the
	// slot's own storage (decoder.batched).
	frame []byte
	// section is the pcapng section (from 1; 0 for pcap) and ifaceName
	// the name of the record's interface.
	section   int
	ifaceName string
	// http is the HTTP pairs of the segment's stream, from a first pass
	// (Options.TwoPass); nil without one.
	http []httpPair
	// keys is the TLS key log in force at this frame.
	keys *tls.KeyLog
}

// payloads keeps the payloads of a batch of packets, one after the other,
// when the reader reuses its buffer for the next record (the source does
// not retain them: decoder.retained).
type payloads struct {
	buf []byte
	off int // where the next payload to rebase starts
}

func (s *payloads) reset() { s.buf, s.off = s.buf[:0], 0 }

// keep copies p's payload; rebase points p at the copy once the batch is
// complete, since buf may move while it grows.
func (s *payloads) keep(p *packet) { s.buf = append(s.buf, p.tcp.Segment.Payload...) }

// rebase points p's payload at its copy: call it for the kept packets, in
// the order they were kept.
func (s *payloads) rebase(p *packet) {
	seg := &p.tcp.Segment
	n := len(seg.Payload)
	seg.Payload = s.buf[s.off : s.off+n : s.off+n]
	s.off += n
}

// decoder is the first stage: reading, decoding and TCP tracking, whose
// state is global to the capture and must see packets in order.
type decoder struct {
	src   packetSource
	dec   *tcp.Decoder
	table *tcp.Table
	// rd is src when it is a capture.Reader, which can fill in a record's
	// CaptureInfo in place.
	rd *capture.Reader
	// keep copies each frame's bytes into its packet (Options.KeepFrames).
	keep bool
	// max is Options.MaxFrames: the frames to read, 0 for all.
	max uint64
	// final holds each stream's values at its end, from a first pass
	// (Options.TwoPass); nil without one.
	final finals
	// retained is set when rd keeps the data of the records it returned
	// until released (capture.Reader.Retain): packets handed to another
	// goroutine need no copy of their payload.
	retained bool
	// batched is set when packets wait in batches for the dissection
	// (the pipeline), past the next read.
	batched bool
	// ci is the record being read (next).
	ci capture.CaptureInfo
	// keys is the TLS key log: Options.KeyLog's, extended by every
	// Decryption Secrets Block read so far (a new one each time, so the
	// packets handed out keep theirs).
	keys *tls.KeyLog
}

// release tells the reader that the packets up to frame are done with.
func (s *decoder) release(frame uint64) {
	if s.retained {
		s.rd.Release(frame)
	}
}

// next fills p with the next frame of the capture.
func (s *decoder) next(p *packet) {
	// the record is read into s.ci, and copied into p.ci last: p's lines
	// are those the other goroutine last held, and a read the CPU cannot
	// forward from the narrower writes before it (decodeInfo's copy)
	// waits for every write before it, those that miss too. Made before
	// them, the copy waits for nothing, and the misses overlap the
	// decoding: a fifth of the first stage of the pipeline
	var (
		data []byte
		err  error
	)
	ci := &s.ci
	if s.rd != nil {
		data, err = s.rd.ReadRecord(ci)
	} else {
		data, *ci, err = s.src.Next()
	}
	if err == nil && s.max > 0 && ci.Frame > s.max {
		err = io.EOF
	}
	info := decodeInfo(ci)
	s.decode(p, data, err, info)
	p.ci = *ci
}

// decode fills p with what the frame data holds: err ends the capture.
func (s *decoder) decode(p *packet, data []byte, err error, info tcp.CaptureInfo) {
	ci := &s.ci
	p.err, p.decErr, p.convRef, p.hasConv, p.table = err, nil, nil, false, nil
	if err != nil {
		return
	}
	p.section, p.ifaceName = 0, ""
	if ci.Secrets != nil {
		s.keys = s.keys.With(ci.Secrets)
	}
	p.keys = s.keys
	if s.keep {
		// what only the packet tree shows: not looked up per packet otherwise
		if s.rd != nil {
			p.ifaceName, p.section = s.rd.Interface(ci.InterfaceIndex)
		}
		if s.retained || !s.batched {
			// the bytes stay until the record copies them
			// (Dissector.frame): the reader keeps them until the packet
			// is done with (release), or the record is made before the
			// next read
			p.frame = data
		} else {
			p.frame = append(p.frame[:0], data...)
		}
	}
	if p.tcp == nil {
		p.tcp = new(TCPInfo) // once per packet slot, and per record that kept its own
	}
	seg, an := &p.tcp.Segment, &p.tcp.Analysis
	// a frame without IP must not show the previous frame's addresses
	seg.SrcIP, seg.DstIP = netip.Addr{}, netip.Addr{}
	if err := s.dec.Decode(data, info, seg); err != nil {
		p.decErr = err
		s.dec.Describe(data, info, &p.other)
		return
	}
	s.table.TrackInto(seg, an)
	p.http = nil
	if s.final != nil {
		s.applyFinal(p)
	}
	// owned and reused by the table: records get none, and a packet handed
	// to another goroutine takes a copy (own) when the connection needs one
	p.table, an.Conv = an.Conv, nil
	if an.Events&(tcp.EventNew|tcp.EventClosed|tcp.EventRST) != 0 {
		p.convRef = p.table
	}
	if an.Events.Has(tcp.EventDropped) {
		if p.dropped == nil {
			p.dropped = new(tcp.Conversation) // once per packet slot
		}
		*p.dropped = *s.table.Dropped()
	}
}

// decodeInfo is what the TCP decoder needs of a capture record.
func decodeInfo(ci *capture.CaptureInfo) tcp.CaptureInfo {
	return tcp.CaptureInfo{Frame: ci.Frame, Timestamp: ci.Timestamp, CaptureLength: ci.CaptureLength, Length: ci.Length, LinkType: tcp.LinkType(ci.LinkType)}
}

// newDecoder returns the link, IP and TCP decoder the options ask for.
func newDecoder(opt Options) *tcp.Decoder {
	d := tcp.NewDecoder()
	d.NoNameResolution = opt.NoNameResolution
	return d
}

// own makes the packet independent of the conversation table, which the
// first stage goes on updating while a shard dissects the packet.
func (p *packet) own() {
	if p.convRef != nil {
		if p.conv == nil {
			p.conv = new(tcp.Conversation) // once per packet slot
		}
		*p.conv, p.convRef, p.hasConv = *p.convRef, nil, true
	}
}

// takeTCP hands the packet's TCP facts to rec, whose own storage the
// packet takes for the next packet decoded into it.
func (p *packet) takeTCP(rec *Record) {
	rec.tcp, p.tcp = p.tcp, rec.tcp
	rec.TCP = rec.tcp
}

// conversation returns the conversation of the packet's segment at a
// packet that starts or ends it, nil at the others.
func (p *packet) conversation() *tcp.Conversation {
	switch {
	case p.convRef != nil:
		return p.convRef
	case p.hasConv:
		return p.conv
	}
	return nil
}

// isEOF reports whether err is the clean end of the capture.
func isEOF(err error) bool { return errors.Is(err, io.EOF) }
