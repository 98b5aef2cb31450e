package wsdissect

import "github.com/wsdissect/wsdissect/reassembly"

// PDU is a WebSocket frame or an HTTP message that a captured frame
// carries bytes of, as tshark's TCP layer shows it: "[PDU Size: N]" where
// a WebSocket frame completes, "[Reassembled PDU in frame: N]" where it
// started, "TCP segment data (N bytes)" in every frame of one that spans
// segments.
type PDU struct {
	Length int    // tcp.pdu.size, and tcp.reassembled.length when it spans segments
	In     uint64 // tcp.reassembled_in: the frame it completes in (this one when it completes here)
	Bytes  int    // how many of this frame's payload bytes belong to it
	Offset int    // where they start in the TCP payload
	Multi  bool   // it spans segments
	HTTP   bool   // an HTTP message, which tshark's HTTP reassembles: no PDU Size
	// Pieces are, in the frame it completes in after several segments, the
	// part of it each frame carried: Wireshark's reassembly tree
	// ("[Frame: 10, payload: 0-523 (524 bytes)]").
	Pieces []reassembly.Piece
	// Data is, in the frame it completes in after several segments, its
	// bytes as captured ("Reassembled TCP"), kept with Options.KeepFrames.
	Data []byte
}
