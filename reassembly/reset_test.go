package reassembly_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/reassembly"
)

// trace is everything a stream says about a run of segments.
type trace struct {
	adds     []reassembly.AddResult
	readable string
	pdu      reassembly.PDU
	flush    reassembly.FlushResult
	buffered int
}

func run(t *testing.T, s *reassembly.Stream, segs []segment, consume int) trace {
	t.Helper()
	var tr trace
	tr.adds = feed(t, s, segs)
	tr.readable = string(s.Bytes())
	tr.pdu = s.Consume(consume)
	tr.pdu.Frames = append([]uint64(nil), tr.pdu.Frames...)
	tr.buffered = s.Buffered()
	tr.flush = s.Flush()
	return tr
}

// A reset stream behaves as a new one, whatever its previous direction
// left in it: held segments, bytes not consumed, a charge on the budget,
// another initial sequence number.
func TestResetIsNew(t *testing.T) {
	dirty := []segment{
		{1000, "", 1, reassembly.SYN},
		{1001, "abc", 2, 0},
		{1010, "held", 3, 0}, // after a hole: held
		{1020, "more", 4, 0},
	}
	tests := []struct {
		name    string
		cfg     reassembly.Config
		segs    []segment
		consume int
	}{
		{"in order", reassembly.Config{}, []segment{{0, "", 1, reassembly.SYN}, {1, "he", 2, 0}, {3, "llo", 3, 0}}, 5},
		{"out of order", reassembly.Config{}, []segment{{0, "", 1, reassembly.SYN}, {4, "lo", 2, 0}, {1, "hel", 3, 0}}, 5},
		{"hole left", reassembly.Config{}, []segment{{0, "", 1, reassembly.SYN}, {1, "ab", 2, 0}, {6, "xyz", 3, 0}}, 2},
		{"mid-stream", reassembly.Config{}, []segment{{77, "abc", 5, 0}, {80, "def", 6, 0}}, 4},
		{"cap", reassembly.Config{MaxBufferedBytes: 4}, []segment{{0, "", 1, reassembly.SYN}, {1, "abc", 2, 0}, {4, "defg", 3, 0}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fresh := run(t, reassembly.NewStream(tt.cfg), tt.segs, tt.consume)

			b := &reassembly.Budget{Max: 1 << 20}
			s := reassembly.NewStream(reassembly.Config{Budget: b, MaxBufferedBytes: 64})
			feed(t, s, dirty)
			require.NotZero(t, b.Used())
			s.Reset(tt.cfg)
			assert.Zero(t, b.Used(), "the old direction's charge is given back")
			assert.Zero(t, s.Buffered())
			_, pending := s.Pending()
			assert.False(t, pending)
			assert.Equal(t, fresh, run(t, s, tt.segs, tt.consume))
		})
	}
}

// Recycling a stream for the next connection allocates nothing once its
// storage has grown.
func TestResetKeepsStorage(t *testing.T) {
	b := &reassembly.Budget{}
	cfg := reassembly.Config{Budget: b}
	s := reassembly.NewStream(cfg)
	seg := make([]byte, 1448)
	conn := func() {
		s.Reset(cfg)
		s.Add(0, nil, 1, reassembly.SYN)
		seq := uint32(1)
		for f := range uint64(200) {
			s.Add(seq, seg, f+2, 0)
			seq += uint32(len(seg))
		}
		s.Add(seq+1448, seg, 300, 0) // held: a hole never filled
		s.Consume(s.Readable())
	}
	conn()
	assert.Zero(t, testing.AllocsPerRun(50, conn))
	s.Reset(cfg)
	assert.Zero(t, b.Used())
}
