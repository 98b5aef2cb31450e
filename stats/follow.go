package stats

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"strconv"
	"time"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// FollowMode is how Follow prints the bytes: tshark's ascii, hex, raw or
// yaml.
type FollowMode uint8

// Follow modes.
const (
	FollowASCII FollowMode = iota // the bytes, non-printable ones as '.', each chunk after its length
	FollowHex                     // a hex dump of each chunk, offsets counted per side
	FollowRaw                     // each chunk as one line of hex digits
	FollowYAML                    // the peers and each chunk in YAML, data in base64
)

var followModes = [...]string{"ascii", "hex", "raw", "yaml"}

// String returns tshark's name of the mode.
func (m FollowMode) String() string { return followModes[m] }

// FollowFilter selects the connection Follow follows: a tcp.stream number,
// or the two endpoints of the connection (either order).
type FollowFilter struct {
	Stream    uint64
	ByAddress bool // follow the connection between Addr[0] and Addr[1] instead
	Addr      [2]netip.AddrPort
}

func (f *FollowFilter) matches(rec *wsdissect.Record) bool {
	if rec.TCP == nil || rec.TCP.Segment.HeaderCut {
		// tshark's TCP tap never sees a header the snap length cut
		return false
	}
	if !f.ByAddress {
		return rec.TCP.Analysis.Stream == f.Stream
	}
	s := &rec.TCP.Segment
	src := netip.AddrPortFrom(s.SrcIP, s.SrcPort)
	dst := netip.AddrPortFrom(s.DstIP, s.DstPort)
	return src == f.Addr[0] && dst == f.Addr[1] || src == f.Addr[1] && dst == f.Addr[0]
}

// appendFilter appends the display filter tshark shows for the selection.
func (f *FollowFilter) appendFilter(dst []byte) []byte {
	if !f.ByAddress {
		return strconv.AppendUint(append(dst, "tcp.stream eq "...), f.Stream, 10)
	}
	v := "ip"
	if f.Addr[0].Addr().Is6() {
		v = "ipv6"
	}
	half := func(dst []byte, a, b netip.AddrPort) []byte {
		return fmt.Appendf(dst, "((%s.src eq %s and tcp.srcport eq %d) and (%s.dst eq %s and tcp.dstport eq %d))",
			v, a.Addr(), a.Port(), v, b.Addr(), b.Port())
	}
	dst = half(dst, f.Addr[0], f.Addr[1])
	dst = append(dst, " or "...)
	return half(dst, f.Addr[1], f.Addr[0])
}

// chunk is what one packet (or message) added to a followed stream.
type chunk struct {
	frame uint64
	time  time.Time
	node  int // 0: the side that sent the first packet followed
	data  []byte
}

// followed is what tshark's follow_info keeps: the two nodes and the
// chunks in order.
type followed struct {
	proto  string // "tcp", "websocket"
	mode   FollowMode
	filter FollowFilter
	nodes  [2]netip.AddrPort // [0] the source of the first packet followed
	seen   bool
	chunks []chunk
}

// node returns the node that sent a packet from src, setting the nodes
// from the first one.
func (f *followed) node(src, dst netip.AddrPort) int {
	if !f.seen {
		f.seen = true
		f.nodes = [2]netip.AddrPort{src, dst}
	}
	if src == f.nodes[0] {
		return 0
	}
	return 1
}

// AppendText prints the followed stream as tshark's follow tap does.
func (f *followed) AppendText(dst []byte) []byte {
	if f.mode == FollowYAML {
		return f.appendYAML(dst)
	}
	const separator = "===================================================================\n"
	dst = append(dst, "\n"+separator...)
	dst = append(dst, "Follow: "...)
	dst = append(dst, f.proto...)
	dst = append(dst, ',')
	dst = append(dst, f.mode.String()...)
	dst = append(dst, "\nFilter: "...)
	dst = f.filter.appendFilter(dst)
	dst = append(dst, '\n')
	for i, n := range f.nodes {
		dst = fmt.Appendf(dst, "Node %d: ", i)
		dst = appendNode(dst, n, f.seen)
		dst = append(dst, '\n')
	}
	var offset [2]int
	for _, c := range f.chunks {
		prefix := ""
		if c.node == 1 {
			prefix = "\t"
		}
		switch f.mode {
		case FollowASCII:
			dst = strconv.AppendInt(append(dst, prefix...), int64(len(c.data)), 10)
			dst = append(dst, '\n')
			for _, b := range c.data {
				if b != '\r' && b != '\n' && (b < 0x20 || b >= 0x7f) {
					b = '.'
				}
				dst = append(dst, b)
			}
			dst = append(dst, '\n')
		case FollowHex:
			dst = appendFollowHex(dst, prefix, offset[c.node], c.data)
		case FollowRaw:
			dst = append(dst, prefix...)
			dst = field.AppendHex(dst, c.data, 0)
			dst = append(dst, '\n')
		}
		offset[c.node] += len(c.data)
	}
	return append(dst, separator...)
}

// appendNode prints a node as tshark does: ":0" when nothing was followed,
// an IPv6 address in brackets.
func appendNode(dst []byte, n netip.AddrPort, seen bool) []byte {
	if !seen {
		return append(dst, ":0"...)
	}
	if n.Addr().Is6() {
		dst = append(append(append(dst, '['), n.Addr().String()...), ']')
	} else {
		dst = append(dst, n.Addr().String()...)
	}
	return strconv.AppendUint(append(dst, ':'), uint64(n.Port()), 10)
}

// appendFollowHex is tshark's hex dump of a chunk: 16 bytes a line, the
// offset counted from the side's first byte.
func appendFollowHex(dst []byte, prefix string, offset int, b []byte) []byte {
	const digits = "0123456789abcdef"
	for i := 0; i < len(b); i += 16 {
		line := b[i:min(i+16, len(b))]
		dst = append(dst, prefix...)
		dst = fmt.Appendf(dst, "%08X  ", offset+i)
		for j := range 16 {
			if j < len(line) {
				dst = append(dst, digits[line[j]>>4], digits[line[j]&0xf], ' ')
			} else {
				dst = append(dst, "   "...)
			}
			if j == 7 {
				dst = append(dst, ' ')
			}
		}
		dst = append(dst, ' ')
		for j, c := range line {
			if c < 0x20 || c >= 0x7f {
				c = '.'
			}
			dst = append(dst, c)
			if j == 7 {
				dst = append(dst, ' ')
			}
		}
		// tshark drops the last space of the line: the one after the
		// eighth byte of a short line, or else a space the data ends with
		if dst[len(dst)-1] == ' ' {
			dst = dst[:len(dst)-1]
		}
		dst = append(dst, '\n')
	}
	return dst
}

// appendYAML prints the followed stream as tshark's yaml mode.
func (f *followed) appendYAML(dst []byte) []byte {
	dst = append(dst, "peers:\n"...)
	for i, n := range f.nodes {
		host := ""
		if f.seen {
			host = n.Addr().String()
		}
		dst = fmt.Appendf(dst, "  - peer: %d\n    host: %s\n    port: %d\n", i, host, n.Port())
	}
	dst = append(dst, "packets:\n"...)
	for _, c := range f.chunks {
		// tshark prints the time as a double (nstime_to_sec), digits of
		// rounding included
		ts := float64(c.time.Unix()) + float64(c.time.Nanosecond())/1e9
		dst = fmt.Appendf(dst, "  - packet: %d\n    peer: %d\n    timestamp: %.9f\n    data: !!binary |\n",
			c.frame, c.node, ts)
		enc := base64.StdEncoding.AppendEncode(nil, c.data)
		for i := 0; i < len(enc); i += 76 {
			dst = append(dst, "      "...)
			dst = append(dst, enc[i:min(i+76, len(enc))]...)
			dst = append(dst, '\n')
		}
	}
	return dst
}
