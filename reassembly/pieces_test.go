package reassembly_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wsdissect/wsdissect/reassembly"
)

// Each frame's part of a PDU, as Wireshark's reassembly tree lists them:
// "[Frame: 10, payload: 0-523 (524 bytes)]"; a retransmission inside the
// PDU overlaps the bytes it repeats.
func TestPDUPieces(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{})
	s.Add(1000, []byte("abcdef"), 10, 0)
	s.Add(1006, []byte("ghij"), 11, 0)
	s.Add(1006, []byte("ghij"), 12, 0) // retransmitted
	s.Add(1010, []byte("klmnop"), 13, 0)
	p := s.Consume(12)
	assert.Equal(t, []reassembly.Piece{
		{Frame: 10, Offset: 0, Length: 6},
		{Frame: 11, Offset: 6, Length: 4},
		{Frame: 12, Offset: 6, Length: 4, Overlap: true},
		{Frame: 13, Offset: 10, Length: 2},
	}, p.Pieces)
	// the rest of frame 13 starts two bytes into it
	assert.Equal(t, []uint64{10, 11, 12, 13}, p.Frames)
	p = s.Consume(4)
	assert.Equal(t, []reassembly.Piece{{Frame: 13, Offset: 0, Length: 4, At: 2}}, p.Pieces)
}

// A zero-window probe carries one byte that the segment sent when the
// window opens repeats: as in Wireshark, every piece that starts before the
// end of the ones listed before it overlaps, the probe repeated and that
// segment too (testdata/zero-window.pcap, frames 71 73 75 77 80).
func TestPDUPiecesZeroWindowProbe(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{})
	s.Add(1000, []byte("ab"), 10, 0)
	s.Add(1002, []byte("c"), 11, 0) // the probe: the receiver drops it, the capture has it
	s.Add(1002, []byte("c"), 12, 0) // probed again
	s.Add(1002, []byte("cdef"), 13, 0)
	p := s.Consume(6)
	assert.Equal(t, []reassembly.Piece{
		{Frame: 10, Offset: 0, Length: 2},
		{Frame: 11, Offset: 2, Length: 1},
		{Frame: 12, Offset: 2, Length: 1, Overlap: true},
		{Frame: 13, Offset: 2, Length: 4, Overlap: true},
	}, p.Pieces)
}

// With Config.FramesOnly a PDU lists its frames, as without it, and not
// their parts.
func TestPDUFramesOnly(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{FramesOnly: true})
	s.Add(1000, []byte("abcdef"), 10, 0)
	s.Add(1006, []byte("ghij"), 11, 0)
	s.Add(1006, []byte("ghij"), 12, 0) // retransmitted
	s.Add(1010, []byte("klmnop"), 13, 0)
	p := s.Consume(12)
	assert.Equal(t, []uint64{10, 11, 12, 13}, p.Frames)
	assert.True(t, p.Multi)
	assert.Equal(t, uint64(13), p.Frame)
	assert.Nil(t, p.Pieces)
}
