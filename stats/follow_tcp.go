package stats

import (
	"fmt"
	"net/netip"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/tcp"
)

// FollowTCP is tshark's -z follow,tcp: the payload of one TCP connection
// in stream order, each side's bytes once, as tshark's follow tap puts it
// together (retransmitted bytes left out, out-of-order segments held until
// the hole before them fills, or until the other side acknowledges bytes
// past the hole: then the hole shows as "[N bytes missing in capture
// file]").
type FollowTCP struct {
	followed
	seq     [2]uint32 // the next sequence number expected from each node
	written [2]int    // bytes followed from each node
	frags   [2][]fragment
	held    [2]int // bytes in frags
}

// maxHeld bounds the out-of-order bytes a side may hold back (memory): a
// segment past it is dropped, as a lost one would be.
const maxHeld = 64 << 20

// fragment is an out-of-order segment waiting for the bytes before it.
type fragment struct {
	chunk
	seq uint32
}

// NewFollowTCP follows the connection f selects, printing it in mode.
func NewFollowTCP(mode FollowMode, f FollowFilter) *FollowTCP {
	return &FollowTCP{followed: followed{proto: "tcp", mode: mode, filter: f}}
}

// Needs reports that FollowTCP reads the payload from the tree's frame.
func (f *FollowTCP) Needs() Needs { return NeedTCPTree }

// Add follows one record.
func (f *FollowTCP) Add(rec *wsdissect.Record, t *field.Tree) {
	if !f.filter.matches(rec) {
		return
	}
	s := &rec.TCP.Segment
	node := f.node(netip.AddrPortFrom(s.SrcIP, s.SrcPort), netip.AddrPortFrom(s.DstIP, s.DstPort))
	seq := s.Seq
	if s.Flags&tcp.SYN != 0 {
		seq++
	}
	// does this packet acknowledge bytes the other side held back?
	if len(f.frags[1-node]) > 0 && s.Flags&tcp.ACK != 0 {
		for f.flushFragments(1-node, s.Ack, rec.Frame, true) {
		}
	}
	if f.written[node] == 0 && f.seq[node] == 0 {
		f.seq[node] = seq
	}
	data := tcpPayload(rec, t)
	length := uint32(s.PayloadLen)
	if seqLT(seq, f.seq[node]) {
		// bytes already followed: keep what is new
		overlap := f.seq[node] - seq
		if overlap >= length {
			return
		}
		data = data[min(int(overlap), len(data)):]
		seq = f.seq[node]
		length -= overlap
	}
	if seq == f.seq[node] {
		f.seq[node] += length
		f.written[node] += len(data)
		if len(data) == 0 {
			return
		}
		f.chunks = append(f.chunks, chunk{frame: rec.Frame, time: rec.Time, node: node, data: clone(data)})
		for f.flushFragments(node, 0, rec.Frame, false) {
		}
		return
	}
	if f.held[node]+len(data) > maxHeld {
		return
	}
	f.held[node] += len(data)
	f.frags[node] = append(f.frags[node], fragment{chunk: chunk{frame: rec.Frame, time: rec.Time, node: node, data: clone(data)}, seq: seq})
}

// flushFragments moves one held segment of node that now fits the stream
// into the chunks, as tshark's check_follow_fragments; with useAck, a hole
// that ack (from the other side) shows was received is skipped. It reports
// whether it moved one.
func (f *FollowTCP) flushFragments(node int, ack uint32, frame uint64, useAck bool) bool {
	frags := f.frags[node]
	if len(frags) == 0 {
		return false
	}
	lowest := frags[0].seq
	for i := range frags {
		fr := &frags[i]
		if seqLT(fr.seq, lowest) {
			lowest = fr.seq
		}
		if seqLT(fr.seq, f.seq[node]) {
			end := fr.seq + uint32(len(fr.data))
			if seqLT(f.seq[node], end) {
				pos := f.seq[node] - fr.seq
				c := fr.chunk
				c.data = fr.data[pos:]
				f.chunks = append(f.chunks, c)
				f.seq[node] += uint32(len(fr.data)) - pos
			}
			f.held[node] -= len(fr.data)
			f.frags[node] = append(frags[:i], frags[i+1:]...)
			return true
		}
		if fr.seq == f.seq[node] {
			if len(fr.data) > 0 {
				f.chunks = append(f.chunks, fr.chunk)
			}
			f.seq[node] += uint32(len(fr.data))
			f.held[node] -= len(fr.data)
			f.frags[node] = append(frags[:i], frags[i+1:]...)
			return true
		}
	}
	if useAck && seqLT(lowest, ack) {
		// the receiver had bytes the capture lacks: tshark says so, with
		// the C string's NUL
		msg := fmt.Appendf(nil, "[%d bytes missing in capture file]\x00", int32(lowest-f.seq[node]))
		f.chunks = append(f.chunks, chunk{frame: frame, node: node, data: msg})
		f.seq[node] = lowest
		return true
	}
	return false
}

// seqLT compares sequence numbers modulo 2^32.
func seqLT(a, b uint32) bool { return int32(a-b) < 0 }

func clone(b []byte) []byte { return append([]byte(nil), b...) }
