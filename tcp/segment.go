package tcp

import (
	"net/netip"
	"time"
)

// Flags is the TCP flags field (tcp.flags), the twelve bits after the data
// offset: the nine defined flags and the three reserved bits.
type Flags uint16

// TCP flag bits.
const (
	FIN      Flags = 0x001 // tcp.flags.fin
	SYN      Flags = 0x002 // tcp.flags.syn
	RST      Flags = 0x004 // tcp.flags.reset
	PSH      Flags = 0x008 // tcp.flags.push
	ACK      Flags = 0x010 // tcp.flags.ack
	URG      Flags = 0x020 // tcp.flags.urg
	ECE      Flags = 0x040 // tcp.flags.ece
	CWR      Flags = 0x080 // tcp.flags.cwr
	AE       Flags = 0x100 // tcp.flags.ae: accurate ECN (formerly NS, the nonce sum)
	Reserved Flags = 0xE00 // tcp.flags.res
)

// Has reports whether all bits of g are set in f.
func (f Flags) Has(g Flags) bool { return f&g == g }

// SACKBlock is one selective-acknowledgement block (tcp.options.sack_le,
// tcp.options.sack_re), raw sequence numbers.
type SACKBlock struct{ Left, Right uint32 }

// TCP option kinds the decoder understands.
const (
	optEOL       = 0
	optNOP       = 1
	optMSS       = 2
	optWS        = 3
	optSACKPerm  = 4
	optSACK      = 5
	optTimestamp = 8
)

// maxOptionOrder is the most options a 40-byte option area can hold apart from NOPs.
const maxOptionOrder = 20

// Options holds the TCP options of a segment.
type Options struct {
	MSS            uint16 // tcp.options.mss_val
	HasMSS         bool
	WindowScale    uint8 // tcp.options.wscale.shift
	HasWindowScale bool
	SACKPermitted  bool   // tcp.options.sack_perm
	TSval, TSecr   uint32 // tcp.options.timestamp.tsval, tcp.options.timestamp.tsecr
	HasTimestamps  bool
	SACK           [4]SACKBlock // tcp.options.sack_le / sack_re, NumSACK of them
	NumSACK        int
	Malformed      bool // an option's length was impossible; parsing stopped there

	// order of the recognised options, as they appear in the header, for the Info column
	order  [maxOptionOrder]uint8
	norder int
}

// Segment is one TCP segment as decoded from a capture record. Decode fills
// it in place; Payload points into the record's data and is valid as long as
// that data is.
type Segment struct {
	Frame     uint64    // frame.number
	Timestamp time.Time // frame.time
	FrameLen  int       // frame.len
	CapLen    int       // frame.cap_len

	SrcIP, DstIP     netip.Addr // ip.src/ip.dst or ipv6.src/ipv6.dst
	SrcPort, DstPort uint16     // tcp.srcport, tcp.dstport
	Seq, Ack         uint32     // tcp.seq_raw, tcp.ack_raw: absolute numbers
	Flags            Flags      // tcp.flags
	Window           uint16     // tcp.window_size_value: the raw field
	Urgent           uint16     // tcp.urgent_pointer
	HeaderLen        int        // tcp.hdr_len
	Options          Options

	Payload    []byte // the captured part of the payload
	PayloadLen int    // tcp.len: payload length according to the IP header
	Truncated  bool   // the record was cut by the snap length: len(Payload) < PayloadLen, or HeaderCut
	HeaderCut  bool   // the cut fell inside the TCP options: Options holds those captured whole
	// LengthExceeds is set when the IP header claims more bytes than the
	// frame had on the wire (Wireshark's expert info "IPv4 total length
	// exceeds packet length"); PayloadLen then counts only the bytes the
	// frame had, as tshark's tcp.len does.
	LengthExceeds bool
}
