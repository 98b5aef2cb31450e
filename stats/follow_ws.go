package stats

import (
	"net/netip"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/wsframe"
)

// maxUnmasked is how much of a masked frame's payload Wireshark unmasks
// (its websocket preference max_unmasked_len, 256 KiB): Follow WebSocket
// shows no more of a client's larger frame.
const maxUnmasked = 256 << 10

// FollowWebSocket is tshark 4.4's -z follow,websocket (Wireshark 4.2's
// Follow WebSocket; tshark 4.0 has none): the data messages of one
// connection, each whole (unmasked, its fragments joined, inflated), as a
// chunk of the side that sent it. Control frames and empty messages are
// left out, as there.
type FollowWebSocket struct {
	followed
}

// NewFollowWebSocket follows the WebSocket messages of the connection f
// selects, printing them in mode.
func NewFollowWebSocket(mode FollowMode, f FollowFilter) *FollowWebSocket {
	return &FollowWebSocket{followed{proto: "websocket", mode: mode, filter: f}}
}

// Needs reports that FollowWebSocket reads the messages' payloads.
func (f *FollowWebSocket) Needs() Needs { return NeedPayloads }

// Add follows the messages that complete in one record.
func (f *FollowWebSocket) Add(rec *wsdissect.Record, _ *field.Tree) {
	if !f.filter.matches(rec) {
		return
	}
	s := &rec.TCP.Segment
	for _, m := range rec.Messages {
		if m.Opcode != wsframe.OpText && m.Opcode != wsframe.OpBinary || len(m.Data) == 0 {
			continue
		}
		data := m.Data
		if m.FromClient && !m.Compressed && len(m.Frames) == 1 && len(data) > maxUnmasked {
			data = data[:maxUnmasked]
		}
		// the sender of the message is the sender of the packet that completes it
		node := f.node(netip.AddrPortFrom(s.SrcIP, s.SrcPort), netip.AddrPortFrom(s.DstIP, s.DstPort))
		f.chunks = append(f.chunks, chunk{frame: rec.Frame, time: rec.Time, node: node, data: clone(data)})
	}
}
