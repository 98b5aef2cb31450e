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

// httpPart is one HTTP message: where it completed, its sizes, and its
// body as the HTTP layer decoded it (de-chunked, uncompressed: the tree's
// http.file_data), nil when the tree has none.
type httpPart struct {
	chunk
	head, body int
	decoded    []byte
}

// NewFollowHTTP follows the HTTP messages of the connection f selects.
func NewFollowHTTP(mode FollowMode, f FollowFilter) *FollowHTTP {
	return &FollowHTTP{followed: followed{proto: "http", mode: mode, filter: f}, bytes: NewFollowTCP(mode, f)}
}

// Needs reports that FollowHTTP reads the tree: the payload's place in the
// frame, and each body as HTTP decoded it.
func (f *FollowHTTP) Needs() Needs { return NeedTree }

// Add follows one record.
func (f *FollowHTTP) Add(rec *wsdissect.Record, t *field.Tree) {
	if !f.filter.matches(rec) {
		return
	}
	f.bytes.Add(rec, t)
	s := &rec.TCP.Segment
	bodies := fileData(t)
	for _, m := range rec.HTTP {
		node := f.node(netip.AddrPortFrom(s.SrcIP, s.SrcPort), netip.AddrPortFrom(s.DstIP, s.DstPort))
		p := httpPart{chunk: chunk{frame: rec.Frame, time: rec.Time, node: node}, head: m.HeadLen, body: m.BodyLen}
		if m.BodyLen > 0 && len(bodies) > 0 {
			p.decoded, bodies = clone(bodies[0]), bodies[1:]
		}
		f.heads = append(f.heads, p)
	}
}

// fileData returns the bodies of the HTTP messages of a tree, in order:
// its http.file_data items, as the HTTP layer decoded them.
func fileData(t *field.Tree) [][]byte {
	if t == nil {
		return nil
	}
	var out [][]byte
	t.Walk(func(n field.Node, _ int) bool {
		if f := t.Field(n); f != nil && f.Abbrev == "http.file_data" {
			src, start, length := t.Range(n)
			if sources := t.Sources(); src < len(sources) && start+length <= len(sources[src].Data) {
				out = append(out, sources[src].Data[start:start+length])
			}
		}
		return true
	})
	return out
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
		for i, n := range [2]int{h.head, h.body} {
			b := stream[h.node]
			if n == 0 || pos[h.node] >= len(b) {
				continue
			}
			c := h.chunk
			c.data = b[pos[h.node]:min(pos[h.node]+n, len(b))]
			if i == 1 && h.decoded != nil {
				c.data = h.decoded
			}
			pos[h.node] += n
			f.chunks = append(f.chunks, c)
		}
	}
	return f.followed.AppendText(dst)
}
