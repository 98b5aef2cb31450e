package stats

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/tcp"
)

// TableKind is the layer a conversation or endpoint table counts.
type TableKind uint8

// Table kinds: tshark's conv,eth ... conv,tcp.
const (
	TableEthernet TableKind = iota // conv,eth: link-layer address pairs of Ethernet frames
	TableIPv4                      // conv,ip: IPv4 address pairs
	TableIPv6                      // conv,ipv6: IPv6 address pairs
	TableTCP                       // conv,tcp: TCP connections (by tcp.stream)
)

var tableKinds = map[string]TableKind{"eth": TableEthernet, "ip": TableIPv4, "ipv6": TableIPv6, "tcp": TableTCP}

// tableTitles are the names tshark's tables start with.
var tableTitles = [...]string{"Ethernet", "IPv4", "IPv6", "TCP"}

// ends returns the two ends of a record for a table (source first), and
// whether the record counts in it. An Ethernet table reads the names from
// the packet tree t (eth.src_resolved, as tshark resolves them: well-known
// addresses and vendors) unless it does not resolve.
func (k TableKind) ends(rec *wsdissect.Record, t *field.Tree, resolve bool) (src, dst string, stream uint64, ok bool) {
	switch k {
	case TableEthernet:
		if rec.LinkType != tcp.LinkTypeEthernet || len(rec.Data) < 14 {
			return "", "", 0, false
		}
		if resolve && t != nil {
			s, d := t.Find("eth.src_resolved"), t.Find("eth.dst_resolved")
			if s != field.NoNode && d != field.NoNode {
				return string(t.AppendValue(nil, s, field.FormFields)), string(t.AppendValue(nil, d, field.FormFields)), 0, true
			}
		}
		return etherName(rec.Data[6:12]), etherName(rec.Data[0:6]), 0, true
	case TableIPv4, TableIPv6:
		if !rec.Src.IsValid() || rec.Src.Is4() != (k == TableIPv4) {
			return "", "", 0, false
		}
		return rec.Src.String(), rec.Dst.String(), 0, true
	case TableTCP:
		if rec.TCP == nil || rec.TCP.Segment.HeaderCut {
			// tshark's TCP tap never sees a header the snap length cut
			return "", "", 0, false
		}
		s := &rec.TCP.Segment
		return hostPort(s.SrcIP, s.SrcPort), hostPort(s.DstIP, s.DstPort), rec.TCP.Analysis.Stream, true
	}
	return "", "", 0, false
}

func etherName(b []byte) string {
	return string(field.AppendHex(nil, b, ':'))
}

// hostPort is an address and port as tshark's tables print them: an IPv6
// address without brackets.
func hostPort(a netip.Addr, port uint16) string {
	return a.String() + ":" + strconv.Itoa(int(port))
}

// Conversations is tshark's -z conv,KIND: a line per conversation (address
// pair, or TCP connection), the frames and bytes of each direction, when it
// started and how long it lasted, busiest first.
type Conversations struct {
	kind    TableKind
	resolve bool
	filter  *tapFilter // the frames counted; nil: all
	convs   []*Conversation
	index   map[convKey]int
}

type convKey struct {
	a, b   string
	stream uint64
}

// Conversation is one line of a conversation table.
type Conversation struct {
	A, B string // the two ends: A sent the first frame
	// Frames and Bytes (frame.len) per direction: [0] from A to B, [1]
	// from B to A.
	Frames [2]uint64
	Bytes  [2]uint64
	// Start and Stop are the relative times (frame.time_relative) of the
	// first and last frame.
	Start, Stop time.Duration
}

// NewConversations counts the conversations of kind; Ethernet addresses
// are named as tshark names them (well-known ones) unless noResolve.
func NewConversations(kind TableKind) *Conversations {
	return &Conversations{kind: kind, resolve: true, index: map[convKey]int{}}
}

// Needs reports that an Ethernet table reads the link layer of the tree.
func (c *Conversations) Needs() Needs {
	n := c.filter.needs()
	if c.kind == TableEthernet {
		n |= NeedTCPTree
	}
	return n
}

// SetResolve names Ethernet addresses (the default) or not (tshark -n).
func (c *Conversations) SetResolve(on bool) { c.resolve = on }

// Add counts one record.
func (c *Conversations) Add(rec *wsdissect.Record, t *field.Tree) {
	src, dst, stream, ok := c.kind.ends(rec, t, c.resolve)
	if !ok || !c.filter.matches(rec) {
		return
	}
	dir := 0
	i, found := c.index[convKey{src, dst, stream}]
	if !found {
		if i, found = c.index[convKey{dst, src, stream}]; found {
			dir = 1
		}
	}
	if !found {
		i = len(c.convs)
		c.index[convKey{src, dst, stream}] = i
		c.convs = append(c.convs, &Conversation{A: src, B: dst, Start: rec.Rel, Stop: rec.Rel})
	}
	v := c.convs[i]
	v.Frames[dir]++
	v.Bytes[dir] += uint64(rec.Len)
	v.Start = min(v.Start, rec.Rel)
	v.Stop = max(v.Stop, rec.Rel)
}

// List returns the conversations as tshark lists them: most frames first,
// in order of appearance among equals.
func (c *Conversations) List() []*Conversation {
	l := slices.Clone(c.convs)
	slices.SortStableFunc(l, func(a, b *Conversation) int {
		return int(b.Frames[0]+b.Frames[1]) - int(a.Frames[0]+a.Frames[1])
	})
	return l
}

const tableRule = "================================================================================\n"

// AppendText prints the table as tshark does.
func (c *Conversations) AppendText(dst []byte) []byte {
	w := 20
	pad := "                                               "
	if c.kind == TableTCP {
		w, pad = 26, pad+"            "
	}
	dst = append(dst, tableRule...)
	dst = append(dst, tableTitles[c.kind]+" Conversations\n"...)
	dst = appendFilterLine(dst, c.filter.expr())
	dst = append(dst, pad+"|       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n"...)
	dst = append(dst, pad+"| Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n"...)
	for _, v := range c.List() {
		// tshark's columns: "<-" is what A received, "->" what it sent
		dst = fmt.Appendf(dst, "%-*s <-> %-*s  %6d %-9s  %6d %-9s  %6d %-9s  %14.9f   %12.4f\n",
			w, v.A, w, v.B,
			v.Frames[1], formatSize(v.Bytes[1]), v.Frames[0], formatSize(v.Bytes[0]),
			v.Frames[0]+v.Frames[1], formatSize(v.Bytes[0]+v.Bytes[1]),
			v.Start.Seconds(), v.Stop.Seconds()-v.Start.Seconds())
	}
	return append(dst, tableRule...)
}

// formatSize is Wireshark's format_size with SI prefixes: a prefix once
// the number of its units reaches 10 ("9999 bytes", "15 kB", "1234 kB").
func formatSize(n uint64) string {
	for _, p := range []struct {
		div    uint64
		prefix string
	}{{1e12, "TB"}, {1e9, "GB"}, {1e6, "MB"}, {1e3, "kB"}} {
		if n/p.div >= 10 {
			return strconv.FormatUint(n/p.div, 10) + " " + p.prefix
		}
	}
	return strconv.FormatUint(n, 10) + " bytes"
}

// appendFilterLine prints a table's filter as tshark does.
func appendFilterLine(dst []byte, filter string) []byte {
	if filter == "" {
		filter = "<No Filter>"
	}
	return append(append(append(dst, "Filter:"...), filter...), '\n')
}
