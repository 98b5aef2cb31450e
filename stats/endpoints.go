package stats

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// Endpoints is tshark's -z endpoints,KIND: a line per address (and port
// for TCP), the frames and bytes it sent and received, busiest first.
type Endpoints struct {
	kind    TableKind
	resolve bool
	filter  *tapFilter // the frames counted; nil: all
	ends    []*Endpoint
	index   map[string]int
}

// Endpoint is one line of an endpoint table.
type Endpoint struct {
	Addr string // the address as tshark prints it
	Port uint16 // TCP only
	// Frames and Bytes (frame.len): [0] sent, [1] received.
	Frames [2]uint64
	Bytes  [2]uint64
}

// NewEndpoints counts the endpoints of kind.
func NewEndpoints(kind TableKind) *Endpoints {
	return &Endpoints{kind: kind, resolve: true, index: map[string]int{}}
}

// Needs reports that an Ethernet table reads the link layer of the tree.
func (e *Endpoints) Needs() Needs {
	n := e.filter.needs()
	if e.kind == TableEthernet {
		n |= NeedTCPTree
	}
	return n
}

// SetResolve names Ethernet addresses (the default) or not (tshark -n).
func (e *Endpoints) SetResolve(on bool) { e.resolve = on }

// Add counts one record.
func (e *Endpoints) Add(rec *wsdissect.Record, t *field.Tree) {
	src, dst, _, ok := e.kind.ends(rec, t, e.resolve)
	if !ok || !e.filter.matches(rec) {
		return
	}
	for dir, name := range [2]string{src, dst} {
		i, found := e.index[name]
		if !found {
			i = len(e.ends)
			e.index[name] = i
			ep := &Endpoint{Addr: name}
			if e.kind == TableTCP {
				ap := netip.MustParseAddrPort(bracketed(name))
				ep.Addr, ep.Port = ap.Addr().String(), ap.Port()
			}
			e.ends = append(e.ends, ep)
		}
		ep := e.ends[i]
		ep.Frames[dir]++
		ep.Bytes[dir] += uint64(rec.Len)
	}
}

// bracketed turns hostPort's "fd77::1:8088" back into "[fd77::1]:8088".
func bracketed(hp string) string {
	for i := len(hp) - 1; i >= 0; i-- {
		if hp[i] == ':' {
			if a, err := netip.ParseAddr(hp[:i]); err == nil && a.Is6() {
				return "[" + hp[:i] + "]" + hp[i:]
			}
			return hp
		}
	}
	return hp
}

// List returns the endpoints as tshark lists them: most frames first, in
// order of appearance among equals.
func (e *Endpoints) List() []*Endpoint {
	l := slices.Clone(e.ends)
	slices.SortStableFunc(l, func(a, b *Endpoint) int {
		return int(b.Frames[0]+b.Frames[1]) - int(a.Frames[0]+a.Frames[1])
	})
	return l
}

// AppendText prints the table as tshark does.
func (e *Endpoints) AppendText(dst []byte) []byte {
	dst = append(dst, tableRule...)
	dst = append(dst, tableTitles[e.kind]+" Endpoints\n"...)
	dst = appendFilterLine(dst, e.filter.expr())
	if e.kind == TableTCP {
		dst = append(dst, "                       |  Port  ||  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n"...)
	} else {
		dst = append(dst, "                       |  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n"...)
	}
	for _, ep := range e.List() {
		dst = fmt.Appendf(dst, "%-20s      ", ep.Addr)
		if e.kind == TableTCP {
			dst = fmt.Appendf(dst, "%5s     ", strconv.Itoa(int(ep.Port)))
		}
		dst = fmt.Appendf(dst, "%6d     %9d     %6d       %9d      %6d       %9d   \n",
			ep.Frames[0]+ep.Frames[1], ep.Bytes[0]+ep.Bytes[1], ep.Frames[0], ep.Bytes[0], ep.Frames[1], ep.Bytes[1])
	}
	return append(dst, tableRule...)
}
