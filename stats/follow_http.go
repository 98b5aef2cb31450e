package stats

import (
	"net/netip"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// FollowHTTP is tshark's -z follow,http: the HTTP messages of one
// connection, a chunk for each head and one for each body, of the side that
// sent it. On a WebSocket connection that is the Upgrade request and its
// answer (and the requests that came before on a kept-alive connection).
type FollowHTTP struct {
	followed
	bytes *FollowTCP // each side's bytes in stream order
	heads []httpPart
}

// httpPart is one HTTP message: where it completed, and its sizes.
type httpPart struct {
	chunk
	head, body int
}

// NewFollowHTTP follows the HTTP messages of the connection f selects.
func NewFollowHTTP(mode FollowMode, f FollowFilter) *FollowHTTP {
	return &FollowHTTP{followed: followed{proto: "http", mode: mode, filter: f}, bytes: NewFollowTCP(mode, f)}
}

// Needs reports that FollowHTTP reads the payload from the tree's frame.
func (f *FollowHTTP) Needs() Needs { return NeedTCPTree }

// Add follows one record.
func (f *FollowHTTP) Add(rec *wsdissect.Record, t *field.Tree) {
	if !f.filter.matches(rec) {
		return
	}
	f.bytes.Add(rec, t)
	s := &rec.TCP.Segment
	for _, m := range rec.HTTP {
		node := f.node(netip.AddrPortFrom(s.SrcIP, s.SrcPort), netip.AddrPortFrom(s.DstIP, s.DstPort))
		f.heads = append(f.heads, httpPart{chunk: chunk{frame: rec.Frame, time: rec.Time, node: node}, head: m.HeadLen, body: m.BodyLen})
	}
}

// AppendText prints the messages as tshark's follow tap does.
func (f *FollowHTTP) AppendText(dst []byte) []byte {
	var stream [2][]byte
	for _, c := range f.bytes.chunks {
		// FollowTCP's nodes are the same: both start from the first packet
		stream[c.node] = append(stream[c.node], c.data...)
	}
	var pos [2]int
	f.chunks = f.chunks[:0]
	for _, h := range f.heads {
		for _, n := range [2]int{h.head, h.body} {
			b := stream[h.node]
			if n == 0 || pos[h.node] >= len(b) {
				continue
			}
			c := h.chunk
			c.data = b[pos[h.node]:min(pos[h.node]+n, len(b))]
			pos[h.node] += n
			f.chunks = append(f.chunks, c)
		}
	}
	return f.followed.AppendText(dst)
}
