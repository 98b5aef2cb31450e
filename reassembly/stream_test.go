package reassembly_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/reassembly"
)

// segment is one Add call of a table test.
type segment struct {
	seq     uint32
	payload string
	frame   uint64
	flags   reassembly.Flags
}

func feed(t *testing.T, s *reassembly.Stream, segs []segment) []reassembly.AddResult {
	t.Helper()
	var rs []reassembly.AddResult
	for _, g := range segs {
		rs = append(rs, s.Add(g.seq, []byte(g.payload), g.frame, g.flags))
	}
	return rs
}

func TestStreamAttribution(t *testing.T) {
	tests := []struct {
		name      string
		segs      []segment
		readable  string
		pdu       int
		frames    []uint64
		completes uint64
		multi     bool
	}{
		{
			name:     "in order, one segment",
			segs:     []segment{{100, "hello", 1, 0}},
			readable: "hello", pdu: 5, frames: []uint64{1}, completes: 1,
		},
		{
			name:     "in order, three segments",
			segs:     []segment{{100, "he", 1, 0}, {102, "ll", 2, 0}, {104, "o", 3, 0}},
			readable: "hello", pdu: 5, frames: []uint64{1, 2, 3}, completes: 3, multi: true,
		},
		{
			name:     "SYN takes a sequence number",
			segs:     []segment{{99, "", 1, reassembly.SYN}, {100, "hi", 3, 0}},
			readable: "hi", pdu: 2, frames: []uint64{3}, completes: 3,
		},
		{
			name:     "out of order: listed by sequence, completes in the filler",
			segs:     []segment{{0, "", 1, reassembly.SYN}, {4, "lo", 2, 0}, {1, "hel", 3, 0}},
			readable: "hello", pdu: 5, frames: []uint64{3, 2}, completes: 3, multi: true,
		},
		{
			name:     "retransmission while the PDU is open joins it after the original",
			segs:     []segment{{100, "ab", 1, 0}, {102, "cd", 2, 0}, {102, "cd", 3, 0}, {104, "ef", 4, 0}},
			readable: "abcdef", pdu: 6, frames: []uint64{1, 2, 3, 4}, completes: 4, multi: true,
		},
		{
			name:     "overlapping segment: new bytes only",
			segs:     []segment{{100, "abc", 1, 0}, {102, "cdef", 2, 0}},
			readable: "abcdef", pdu: 6, frames: []uint64{1, 2}, completes: 2, multi: true,
		},
		{
			name:     "PDU ends inside a segment: only its frames",
			segs:     []segment{{100, "abc", 1, 0}, {103, "deXYZ", 2, 0}},
			readable: "abcdeXYZ", pdu: 5, frames: []uint64{1, 2}, completes: 2, multi: true,
		},
		{
			name:     "wraparound near 2^32",
			segs:     []segment{{0xfffffffe, "ab", 1, 0}, {0, "cd", 2, 0}, {2, "e", 3, 0}},
			readable: "abcde", pdu: 5, frames: []uint64{1, 2, 3}, completes: 3, multi: true,
		},
		{
			name:     "wraparound out of order",
			segs:     []segment{{0xfffffffd, "ab", 1, 0}, {0, "de", 2, 0}, {0xffffffff, "c", 3, 0}},
			readable: "abcde", pdu: 5, frames: []uint64{1, 3, 2}, completes: 3, multi: true,
		},
		{
			name:     "mid-stream start: the first segment fixes the sequence",
			segs:     []segment{{5000, "xy", 7, 0}, {4990, "old", 6, 0}, {5002, "z", 8, 0}},
			readable: "xyz", pdu: 3, frames: []uint64{7, 8}, completes: 8, multi: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := reassembly.NewStream(reassembly.Config{})
			feed(t, s, tt.segs)
			require.Equal(t, tt.readable, string(s.Bytes()))
			p := s.Consume(tt.pdu)
			assert.Equal(t, tt.frames, p.Frames)
			assert.Equal(t, tt.pdu, p.Length)
			assert.Equal(t, tt.completes, p.Frame)
			assert.Equal(t, tt.multi, p.Multi)
			assert.Equal(t, tt.readable[tt.pdu:], string(s.Bytes()))
		})
	}
}

func TestStreamDuplicatesAndConflicts(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{})
	rs := feed(t, s, []segment{
		{100, "abcd", 1, 0},
		{100, "abcd", 2, 0}, // exact retransmission
		{102, "cdef", 3, 0}, // overlap, same bytes
		{104, "XXgh", 4, 0}, // overlap, different bytes: the first win
	})
	assert.Equal(t, reassembly.AddResult{Delivered: 4}, rs[0])
	assert.Equal(t, reassembly.AddResult{Duplicate: 4}, rs[1])
	assert.Equal(t, reassembly.AddResult{Duplicate: 2, Delivered: 2}, rs[2])
	assert.Equal(t, reassembly.AddResult{Duplicate: 2, Conflict: true, Delivered: 2}, rs[3])
	assert.Equal(t, "abcdefgh", string(s.Bytes()))
	p := s.Consume(8)
	assert.Equal(t, []uint64{1, 2, 3, 4}, p.Frames)
}

func TestStreamRetransmissionAfterCompletionShowsNothing(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{})
	feed(t, s, []segment{{100, "ab", 1, 0}, {102, "cd", 2, 0}})
	p := s.Consume(4)
	require.Equal(t, []uint64{1, 2}, p.Frames)
	r := s.Add(102, []byte("cd"), 3, 0)
	assert.Equal(t, 2, r.Duplicate)
	_, pending := s.Pending()
	assert.False(t, pending, "a late retransmission waits for nothing")
	assert.Empty(t, s.Bytes())
}

func TestStreamPending(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{})
	_, ok := s.Pending()
	assert.False(t, ok)
	feed(t, s, []segment{{100, "abc", 5, 0}, {110, "xyz", 6, 0}})
	f, ok := s.Pending()
	assert.True(t, ok)
	assert.Equal(t, uint64(5), f)
	s.Consume(3)
	f, ok = s.Pending()
	assert.True(t, ok)
	assert.Equal(t, uint64(6), f, "the held segment still waits")
}

func TestStreamHoleNeverFills(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{})
	rs := feed(t, s, []segment{{100, "abc", 1, 0}, {110, "xyz", 3, 0}, {120, "!!", 4, 0}})
	assert.True(t, rs[1].Buffered)
	assert.Equal(t, 7, s.Hole())
	assert.Equal(t, "abc", string(s.Bytes()))

	r := s.Flush()
	assert.Equal(t, reassembly.FlushResult{Dropped: 3, Gap: 7, Released: 3}, r)
	assert.Equal(t, "xyz", string(s.Bytes()))
	p := s.Consume(2)
	assert.Equal(t, uint64(3), p.Frame, "a released segment completes in its own frame")
	assert.Equal(t, []uint64{3}, p.Frames)
	assert.Equal(t, 7, s.Hole(), "one hole at a time")

	r = s.Flush()
	assert.Equal(t, reassembly.FlushResult{Dropped: 1, Gap: 7, Released: 2}, r)
	assert.Equal(t, "!!", string(s.Bytes()))
	assert.Zero(t, s.Hole())

	// After the jump, new bytes continue where the held ones ended.
	s.Add(122, []byte("?"), 5, 0)
	assert.Equal(t, "!!?", string(s.Bytes()))
}

func TestStreamSkipResynchronises(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{})
	feed(t, s, []segment{{100, "junk", 1, 0}, {104, "more", 2, 0}, {120, "frame", 3, 0}})
	r := s.Skip(6)
	assert.Equal(t, 6, r.Skipped)
	assert.Equal(t, []uint64{1}, r.Frames)
	assert.Equal(t, "re", string(s.Bytes()))

	r = s.Skip(100)
	assert.Equal(t, 2, r.Skipped)
	assert.Equal(t, 12, r.Gap)
	assert.Equal(t, []uint64{2}, r.Frames)
	assert.Equal(t, "frame", string(s.Bytes()))
}

func TestStreamCaps(t *testing.T) {
	t.Run("out-of-order bytes refused", func(t *testing.T) {
		s := reassembly.NewStream(reassembly.Config{MaxBufferedBytes: 8})
		rs := feed(t, s, []segment{{100, "abcd", 1, 0}, {110, "0123", 2, 0}, {120, "5678", 3, 0}})
		assert.True(t, rs[1].Buffered)
		assert.Equal(t, reassembly.AddResult{CapHit: true, Refused: 4}, rs[2])
		assert.Equal(t, 8, s.Buffered())
	})
	t.Run("readable bytes dropped when a PDU outgrows the cap", func(t *testing.T) {
		s := reassembly.NewStream(reassembly.Config{MaxBufferedBytes: 8})
		rs := feed(t, s, []segment{{100, "abcdef", 1, 0}, {106, "ghij", 2, 0}})
		assert.Equal(t, reassembly.AddResult{CapHit: true, Dropped: 6, Delivered: 4}, rs[1])
		assert.Equal(t, "ghij", string(s.Bytes()))
	})
	t.Run("segment larger than the cap", func(t *testing.T) {
		s := reassembly.NewStream(reassembly.Config{MaxBufferedBytes: 4})
		rs := feed(t, s, []segment{{100, "abcdefgh", 1, 0}, {108, "ij", 2, 0}})
		assert.Equal(t, reassembly.AddResult{CapHit: true, Dropped: 8}, rs[0])
		assert.Equal(t, "ij", string(s.Bytes()))
	})
	t.Run("shared budget", func(t *testing.T) {
		b := &reassembly.Budget{Max: 10}
		s1 := reassembly.NewStream(reassembly.Config{Budget: b})
		s2 := reassembly.NewStream(reassembly.Config{Budget: b})
		assert.False(t, s1.Add(0, []byte("123456"), 1, 0).CapHit)
		assert.Equal(t, 6, b.Used())
		s2.Add(0, []byte("ab"), 2, 0)
		r := s2.Add(10, []byte("xyzw"), 3, 0) // out of order: 2+4 > 10-6
		assert.Equal(t, reassembly.AddResult{CapHit: true, Refused: 4}, r)
		s1.Consume(6)
		assert.Equal(t, 2, b.Used())
		assert.True(t, s2.Add(10, []byte("xyzw"), 3, 0).Buffered)
		assert.Equal(t, 6, b.Used())
	})
}

// A Budget without a limit never refuses or drops: releasing a held segment
// larger than the bytes that fill its hole once counted as a cap hit.
func TestStreamUnlimitedBudget(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{Budget: &reassembly.Budget{}})
	rs := feed(t, s, []segment{{100, "ab", 1, 0}, {104, "efgh", 3, 0}, {102, "cd", 2, 0}})
	assert.Equal(t, reassembly.AddResult{Delivered: 6}, rs[2])
	assert.Equal(t, "abcdefgh", string(s.Bytes()))
}

func TestStreamFlags(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{})
	s.Add(7, []byte("a"), 1, reassembly.SYN) // SYN with data: data at 8
	s.Add(8, []byte("a"), 2, 0)
	assert.Equal(t, "a", string(s.Bytes()))
	s.Add(9, []byte("b"), 3, reassembly.FIN)
	assert.Equal(t, reassembly.FIN, s.Closed())
	s.Add(10, nil, 4, reassembly.RST)
	assert.Equal(t, reassembly.FIN|reassembly.RST, s.Closed())
	assert.Equal(t, "ab", string(s.Bytes()))
}

// Steady state allocates nothing: segments in order, PDUs spanning them.
func TestStreamZeroAllocs(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{})
	seg := make([]byte, 1448)
	seq := uint32(1)
	var frame uint64
	step := func() {
		for range 3 {
			frame++
			s.Add(seq, seg, frame, 0)
			seq += uint32(len(seg))
		}
		s.Consume(3000)
		s.Pending()
	}
	for range 10 {
		step() // warm the buffers up
	}
	assert.Zero(t, testing.AllocsPerRun(200, step))

	// Out of order too.
	ooo := func() {
		frame++
		s.Add(seq+1448, seg, frame, 0)
		frame++
		s.Add(seq, seg, frame, 0)
		seq += 2 * 1448
		s.Consume(len(s.Bytes()))
	}
	for range 10 {
		ooo()
	}
	assert.Zero(t, testing.AllocsPerRun(200, ooo))
}
