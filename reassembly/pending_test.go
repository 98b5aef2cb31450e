package reassembly

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// pendingScan is Pending as a scan of every segment, the way it was
// computed before it was kept up to date.
func (s *Stream) pendingScan() (frame uint64, ok bool) {
	for _, p := range s.pieces {
		if !ok || p.frame < frame {
			frame, ok = p.frame, true
		}
	}
	for _, h := range s.held {
		if !ok || h.frame < frame {
			frame, ok = h.frame, true
		}
	}
	return frame, ok
}

// checkPending drives a stream with the operations ops encodes (segments
// in and out of order, retransmissions, PDUs consumed, holes skipped and
// flushed, payloads elided, caps hit) and checks after each one that
// Pending says what a scan of every segment says.
func checkPending(t *testing.T, ops []byte) {
	s := NewStream(Config{MaxBufferedBytes: 4096})
	seq, frame := uint32(1000), uint64(0)
	s.Add(seq-1, nil, 0, SYN)
	for len(ops) >= 3 {
		op, a, b := ops[0]%8, int(ops[1]), int(ops[2])
		ops = ops[3:]
		frame++
		switch op {
		case 0, 1: // in order
			s.Add(seq, make([]byte, 1+a), frame, 0)
			seq += uint32(1 + a)
		case 2: // ahead of a hole
			s.Add(seq+uint32(1+b), make([]byte, 1+a), frame, 0)
		case 3: // a retransmission of what came before
			s.Add(seq-uint32(min(b, 500)), make([]byte, 1+a), frame, 0)
		case 4:
			s.Consume(a * 8)
		case 5:
			s.Skip(a)
		case 6:
			s.Flush()
		case 7:
			s.Elide(a%4, a%4+b*16)
		}
		got, gotOK := s.Pending()
		want, wantOK := s.pendingScan()
		require.Equal(t, wantOK, gotOK, "after op %d", op)
		require.Equal(t, want, got, "after op %d", op)
		if op == 6 {
			seq = s.next
		}
	}
}

func TestPendingKeptUpToDate(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 1))
		ops := make([]byte, 3*300)
		for i := range ops {
			ops[i] = byte(r.UintN(256))
		}
		checkPending(t, ops)
	}
}

func FuzzPending(f *testing.F) {
	f.Add([]byte{0, 10, 0, 2, 5, 3, 4, 2, 0, 6, 0, 0, 0, 1, 1})
	f.Fuzz(checkPending)
}
