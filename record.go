package wsdissect

import (
	"net/netip"
	"time"

	"github.com/wsdissect/wsdissect/httpupgrade"
	"github.com/wsdissect/wsdissect/reassembly"
	"github.com/wsdissect/wsdissect/tcp"
	"github.com/wsdissect/wsdissect/tls"
	"github.com/wsdissect/wsdissect/wsframe"
)

// Record is what Wireshark shows for one captured frame: the frame itself,
// its TCP facts, the reassembly facts and the HTTP heads and WebSocket frames
// that complete in it.
//
// A Record handed out by an iterator is valid until the iterator moves on:
// the pipeline recycles its storage (payloads, messages, slices). Clone what
// you keep, or Hold it until you Release it (Dissector.Hold); a copy made
// with *r would share that storage.
type Record struct {
	Frame uint64        // frame.number, counted from 1
	Time  time.Time     // frame.time
	Rel   time.Duration // frame.time_relative: time since the first frame
	// TimeDigits is the number of decimals of the capture's timestamp
	// resolution (6 or 9): tshark prints times with that many.
	TimeDigits int
	Delta      time.Duration // frame.time_delta: since the previous frame
	Len        int           // frame.len: bytes on the wire
	CapLen     int           // frame.cap_len: bytes captured
	LinkType   tcp.LinkType  // the link layer: frame.encap_type
	// Section is the pcapng section of the frame, counted from 1
	// (frame.section_number), and Interface and InterfaceName its
	// interface (frame.interface_id, frame.interface_name); Section is 0 in
	// a pcap file. Section and InterfaceName are looked up for the packet
	// tree, with Options.KeepFrames (0 and "" without).
	Section       int
	Interface     int
	InterfaceName string
	// Data holds the frame's captured bytes when Options.KeepFrames asks
	// for them (nil otherwise): what FillTree decodes every header from.
	Data     []byte
	Src, Dst netip.Addr // ip.src/ipv6.src, ip.dst/ipv6.dst; invalid for frames without IP
	Protocol string     // the protocol column: "TCP", "HTTP", "WebSocket", or tshark's for other frames ("ARP", "ICMPv6", "DNS")
	// LinkSrc and LinkDst are the Source and Destination columns of a frame
	// without IP (ARP): its link-layer addresses as tshark resolves them
	// (tcp.AppendEtherName); empty for other frames.
	LinkSrc, LinkDst string
	// OtherInfo is the Info column of a frame that is not TCP (tcp.Other).
	OtherInfo string

	// TCP is nil for frames that are not TCP.
	TCP *TCPInfo

	// ReassembledIn is tcp.reassembled_in: the frame in which a PDU that
	// this frame carries bytes of is completed (0 when none).
	ReassembledIn uint64
	// Segments is tcp.segment: the frames whose bytes form the PDU that
	// completes in this frame, when it spans several segments.
	Segments []uint64
	// ReassembledLength is tcp.reassembled.length of that PDU.
	ReassembledLength int
	// PDUs are the WebSocket frames this frame's payload carries bytes of,
	// in stream order: what tshark's TCP layer lists after the payload.
	// They are listed for the packet tree, with Options.KeepFrames.
	PDUs []PDU

	// HTTP holds the HTTP heads that complete in this frame.
	HTTP []*httpupgrade.Message
	// Continuation is set when tshark shows this frame's payload as HTTP
	// "Continuation" data: bytes on an HTTP connection that it cannot parse,
	// as after a handshake cut by the snap length.
	Continuation bool
	// Truncated is set when the frame was cut by the snap length: its
	// payload is only partly in the capture.
	Truncated bool
	// WebSocket holds the WebSocket frames that complete in this frame, in
	// stream order (several per packet are common).
	WebSocket []WSFrame
	// TLS holds the TLS records that complete in this frame.
	TLS []TLSRecord
	// Messages holds the WebSocket messages that complete in this frame. It
	// may hold messages whose frames tshark does not show, such as those of a
	// connection whose handshake was cut by the snap length.
	Messages []*Message

	// Anomalies found while dissecting this frame (Wireshark's expert infos).
	Anomalies []Anomaly

	// noResolve is Options.NoNameResolution, for FillTree.
	noResolve bool
	// bytesPending: parts of this frame's payload still wait for a PDU to
	// complete. Its shard's alone.
	bytesPending bool
	// forced: released while still waiting, so a direction may still list
	// it; such a record is not recycled.
	forced bool
	// held: kept by Dissector.Hold, recycled when Release gives it back
	held bool
	// parts counts the shards that have yet to release the record: it may
	// be handed out when it reaches zero. Two when the frame made the
	// conversation table drop a connection of another shard.
	parts partCount
	// What the frame ended: connections closed by it and, from the shard
	// of a connection it made the table drop, that connection and what its
	// flush found (they come first, as in a serial run).
	closedConns   []*Connection
	dropConns     []*Connection
	dropAnomalies []Anomaly

	// Storage reused when the record is recycled, so that steady state
	// allocates nothing per packet.
	tcp    *TCPInfo // what TCP points to: apart, so reset need not clear it
	buf    []byte   // payloads and message data
	large  [][]byte // large payloads and message data, from bufs, and the buffers handed to it
	bufs   *largeBuffers
	frames []uint64           // Message.Frames
	frags  []wsframe.Fragment // WSFrame.Fragments
	pieces []reassembly.Piece // PDU.Pieces
	msgs   []*Message         // messages owned by this record
	nmsgs  int                // how many of msgs are in use
	// tlsPDUs are the PDUs of a decrypted stream made of several records'
	// data that complete in this frame, for the packet tree.
	tlsPDUs []PDU
	// hsTypes and suites hold TLSRecord.Handshakes and CipherSuites.
	hsTypes []tls.HandshakeType
	suites  []uint16
	// keyLog is the TLS key log in force at this frame: the option's and
	// the capture's Decryption Secrets Blocks read so far.
	keyLog *tls.KeyLog
}

// Bounds of the record pool: how many records it keeps, and how many
// bytes of payload storage they may keep in all, so large messages reuse
// memory without one burst pinning it. Records wait while a message spans
// many segments (tens of thousands in flight on a busy capture), so the
// pool keeps as many as were in flight, up to the bound of
// Options.MaxPendingRecords' default; its count does not raise the peak.
const (
	maxPooledRecords = defaultMaxPendingRecords
	maxPooledBytes   = 8 << 20
	// maxPooledBuf is the payload storage one record handed between
	// goroutines may keep (Options.Workers).
	maxPooledBuf = 16 << 10
)

// reset empties a recycled record, keeping its storage.
func (r *Record) reset() {
	// let ended connections and parsed heads go: a pooled record must not
	// keep them alive past their connection
	clear(r.closedConns)
	clear(r.HTTP)
	// nor the payloads of earlier packets: the frames, PDUs and messages
	// point into storage given back to the pool, or to reassembly, which
	// would otherwise stay alive for as long as the record waits in the
	// pool. Only those in use are cleared: the ones past them were cleared
	// when they were last in use (append writes only at the end)
	clear(r.WebSocket)
	clear(r.PDUs)
	for _, m := range r.msgs[:min(r.nmsgs, len(r.msgs))] { // shrink may have let msgs go
		m.Data, m.Frames = nil, nil
	}
	// the facts are cleared one by one and the storage truncated in place:
	// a composite literal would be built and copied, a whole clear would
	// need the storage set aside and put back (TestResetClearsEveryFact
	// checks that no field is left out)
	r.Frame, r.Time, r.Rel, r.TimeDigits, r.Delta = 0, time.Time{}, 0, 0, 0
	r.Len, r.CapLen, r.LinkType = 0, 0, 0
	r.Section, r.Interface, r.InterfaceName = 0, 0, ""
	r.Data = nil
	r.Src, r.Dst = netip.Addr{}, netip.Addr{}
	r.Protocol, r.LinkSrc, r.LinkDst, r.OtherInfo = "", "", "", ""
	r.TCP = nil
	r.ReassembledIn, r.ReassembledLength = 0, 0
	r.Continuation, r.Truncated = false, false
	r.noResolve, r.bytesPending, r.forced, r.held = false, false, false, false
	r.parts = 0 // no shard holds a record handed out
	r.keyLog = nil
	r.nmsgs = 0
	truncate(&r.Segments)
	truncate(&r.PDUs)
	truncate(&r.HTTP)
	truncate(&r.WebSocket)
	truncate(&r.TLS)
	truncate(&r.Messages)
	truncate(&r.Anomalies)
	truncate(&r.closedConns)
	truncate(&r.dropConns)
	truncate(&r.dropAnomalies)
	truncate(&r.buf)
	truncate(&r.frames)
	truncate(&r.frags)
	truncate(&r.pieces)
	truncate(&r.tlsPDUs)
	truncate(&r.hsTypes)
	truncate(&r.suites)
}

// truncate empties *s, keeping its storage; it writes nothing when *s is
// empty already.
func truncate[S ~[]E, E any](s *S) {
	if len(*s) > 0 {
		*s = (*s)[:0]
	}
}

// settle joins what another shard wrote into the record's own fields, once
// both are done with it.
func (r *Record) settle() {
	if len(r.dropAnomalies) > 0 {
		r.Anomalies = append(r.dropAnomalies, r.Anomalies...)
		r.dropAnomalies = nil
	}
	if len(r.dropConns) > 0 {
		r.closedConns = append(r.dropConns, r.closedConns...)
		r.dropConns = nil
	}
}

// maxPooledItems is the most frames, messages, segments or anomalies a
// pooled record keeps room for: a burst of tiny frames in one packet must
// not make every pooled record hold hundreds.
const maxPooledItems = 64

// giveBack returns the record's large buffers to the pool: the record is
// recycled, nothing refers to them any more.
func (r *Record) giveBack() {
	for i, b := range r.large {
		r.bufs.Put(b)
		r.large[i] = nil
	}
	r.large = r.large[:0]
}

// shrink lets go of storage too large to keep in the pool.
func (r *Record) shrink() {
	pooled(&r.WebSocket)
	pooled(&r.TLS)
	pooled(&r.suites)
	pooled(&r.msgs)
	pooled(&r.Messages)
	pooled(&r.frames)
	pooled(&r.frags)
	pooled(&r.Segments)
	pooled(&r.pieces)
	pooled(&r.PDUs)
	pooled(&r.Anomalies)
}

// pooled lets *s go when it has room for more than maxPooledItems; it
// writes nothing otherwise.
func pooled[S ~[]E, E any](s *S) {
	if cap(*s) > maxPooledItems {
		*s = nil
	}
}

// keep copies b into the record's storage: it lives as long as the record.
// A large b gets a buffer of its own from the Dissector's pool.
func (r *Record) keep(b []byte) []byte {
	if len(b) > maxPooledBuf && r.bufs != nil {
		p := append(r.bufs.Get(len(b)), b...)
		r.large = append(r.large, p)
		return p[:len(b):len(b)]
	}
	start := len(r.buf)
	r.buf = append(r.buf, b...)
	return r.buf[start:len(r.buf):len(r.buf)]
}

// own takes a large buffer from the Dissector's pool that was handed to
// the record (a frame's reassembly buffer): it goes back to the pool when
// the record is recycled.
func (r *Record) own(b []byte) {
	if r.bufs != nil {
		r.large = append(r.large, b)
	}
}

// newMessage returns a cleared message owned by the record.
func (r *Record) newMessage() *Message {
	if r.nmsgs == len(r.msgs) {
		r.msgs = append(r.msgs, new(Message))
	}
	m := r.msgs[r.nmsgs]
	r.nmsgs++
	*m = Message{Anomalies: m.Anomalies[:0]}
	return m
}

// TCPInfo holds the TCP facts of a record, under Wireshark's field names.
type TCPInfo struct {
	Segment  tcp.Segment  // the decoded segment (Payload is not kept)
	Analysis tcp.Analysis // tcp.stream, relative numbers, analysis flags
}

// WSFrame is one WebSocket frame as Wireshark shows it.
type WSFrame struct {
	Header wsframe.Header // websocket.fin, .rsv, .opcode, .mask, lengths, masking key
	// Payload is the unmasked payload as sent (compressed when Compressed);
	// nil for a data frame with Options.SkipPayloads. Bytes the snap length
	// cut from the capture are zeros (Record.Truncated is set).
	Payload []byte
	PMC     bool // websocket.pmc is shown: permessage-deflate was negotiated
	// Message is set when this frame completes a message; it holds the whole
	// message: reassembled from its fragments and decompressed.
	Message *Message
	// Fragments are, on the frame that completes a fragmented message, the
	// frames it was made of and their payload lengths: the reassembly tree
	// tshark shows (websocket.fragment).
	Fragments []wsframe.Fragment
	// Reassembled is, on that frame, the message's payloads joined before
	// inflation when it was compressed as a whole (tshark's "Reassembled
	// Message"); kept for the packet tree, with Options.KeepFrames.
	Reassembled []byte
	// InflateFailed is set when the compressed message this frame ends
	// does not inflate (tshark's "Decompression failed").
	InflateFailed bool
	// Stream is tcp.stream of the connection carrying the frame.
	Stream uint64
	// FromClient tells the direction: sent by the side that sent the Upgrade request.
	FromClient bool
}

// Message is a whole WebSocket message: a data message made of its frames,
// or a control frame.
//
// A Message handed out by an iterator, or through a Record, is valid until
// the iterator moves on: its Data and Frames live in the record's recycled
// storage. Clone what you keep.
type Message struct {
	Frame      uint64         // the frame in which its last byte arrived
	Time       time.Time      // frame.time of that frame
	Stream     uint64         // tcp.stream
	FromClient bool           // sent by the side that sent the Upgrade request
	Opcode     wsframe.Opcode // Text, Binary, Close, Ping, Pong or a reserved one
	Frames     []uint64       // the capture frames of the WebSocket frames that formed it
	Compressed bool           // permessage-deflate compressed
	// Length is the sum of its frames' payload lengths as sent (compressed
	// when Compressed); it is known with Options.SkipPayloads too.
	Length int64
	// Data is the final payload: unmasked, reassembled, decompressed; nil
	// for a data message with Options.SkipPayloads. Bytes the snap length cut
	// from the capture are zeros, and an anomaly says how many; the UTF-8 of
	// such a text message is checked only before its first cut byte.
	Data []byte
	// CloseCode and CloseReason are set for a Close message that has a code.
	CloseCode    wsframe.CloseCode
	HasCloseCode bool
	CloseReason  string
	Anomalies    []Anomaly
}

// Has reports whether the record carries the named protocol, as tshark's
// display filter of that name would: "websocket", "http", "tls" or "tcp".
func (r *Record) Has(protocol string) bool {
	switch protocol {
	case "websocket":
		return len(r.WebSocket) > 0
	case "http":
		return len(r.HTTP) > 0 || r.Continuation
	case "tcp":
		return r.TCP != nil
	case "tls":
		return len(r.TLS) > 0
	}
	return false
}
