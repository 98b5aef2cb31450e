package reassembly_test

import (
	"bytes"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/reassembly"
)

// elideStep is one call of an Elide table test and what it must leave.
type elideStep struct {
	do       func(*reassembly.Stream) any
	want     any    // what do returns
	bytes    string // Bytes() after the step
	readable int    // Readable() after the step
	buffered int    // Buffered() after the step
}

func doAdd(seq uint32, payload string, frame uint64) func(*reassembly.Stream) any {
	return func(s *reassembly.Stream) any { return s.Add(seq, []byte(payload), frame, 0) }
}

func doElide(from, to int) func(*reassembly.Stream) any {
	return func(s *reassembly.Stream) any { s.Elide(from, to); return nil }
}

func doConsume(n int) func(*reassembly.Stream) any {
	return func(s *reassembly.Stream) any {
		p := s.Consume(n)
		p.Frames = slices.Clone(p.Frames) // valid until the next Consume
		p.Pieces = nil                    // TestPDUPieces checks them
		return p
	}
}

func doSkip(n int) func(*reassembly.Stream) any {
	return func(s *reassembly.Stream) any {
		r := s.Skip(n)
		if len(r.Frames) == 0 {
			r.Frames = nil
		}
		r.Frames = slices.Clone(r.Frames)
		return r
	}
}

func doFlush(s *reassembly.Stream) any { return s.Flush() }

type pending struct {
	frame uint64
	ok    bool
}

func doPending(s *reassembly.Stream) any {
	f, ok := s.Pending()
	return pending{f, ok}
}

// pdu builds the PDU Consume must return.
func pdu(length int, frame uint64, frames ...uint64) reassembly.PDU {
	return reassembly.PDU{Frames: frames, Length: length, Frame: frame, Multi: len(frames) > 1}
}

func TestElide(t *testing.T) {
	tests := []struct {
		name  string
		cfg   reassembly.Config
		steps []elideStep
	}{
		{
			name: "in order: the range is counted, not stored; what follows it is kept",
			steps: []elideStep{
				{doAdd(100, "hdAAAA", 1), reassembly.AddResult{Delivered: 6}, "hdAAAA", 6, 6},
				{doElide(2, 12), nil, "hd", 6, 2},
				{doAdd(106, "BBBB", 2), reassembly.AddResult{Delivered: 4}, "hd", 10, 2},
				{doAdd(110, "CCnext", 3), reassembly.AddResult{Delivered: 6}, "hdnext", 16, 6},
				{doConsume(12), pdu(12, 3, 1, 2, 3), "next", 4, 4},
				{doConsume(4), pdu(4, 3, 3), "", 0, 0},
			},
		},
		{
			name: "the whole range arrived: cut out at once",
			steps: []elideStep{
				{doAdd(100, "hdAAAAnext", 1), reassembly.AddResult{Delivered: 10}, "hdAAAAnext", 10, 10},
				{doElide(2, 6), nil, "hdnext", 10, 6},
				{doAdd(110, "!", 2), reassembly.AddResult{Delivered: 1}, "hdnext!", 11, 7},
				{doConsume(6), pdu(6, 1, 1), "next!", 5, 5},
				{doConsume(4), pdu(4, 1, 1), "!", 1, 1},
			},
		},
		{
			name: "nothing of the range arrived yet, a range from 0",
			steps: []elideStep{
				{doAdd(100, "hd", 1), reassembly.AddResult{Delivered: 2}, "hd", 2, 2},
				{doElide(2, 8), nil, "hd", 2, 2},
				{doAdd(102, "AAAAAA", 2), reassembly.AddResult{Delivered: 6}, "hd", 8, 2},
				{doConsume(8), pdu(8, 2, 1, 2), "", 0, 0},
				{doElide(0, 3), nil, "", 0, 0},
				{doAdd(108, "ABCxy", 3), reassembly.AddResult{Delivered: 5}, "xy", 5, 2},
				{doConsume(3), pdu(3, 3, 3), "xy", 2, 2},
			},
		},
		{
			name: "partial Consume moves the range along; a second Elide changes nothing",
			steps: []elideStep{
				{doAdd(100, "hdAAAA", 1), reassembly.AddResult{Delivered: 6}, "hdAAAA", 6, 6},
				{doElide(2, 10), nil, "hd", 6, 2},
				{doConsume(4), pdu(4, 1, 1), "", 2, 0},
				{doElide(0, 6), nil, "", 2, 0},
				{doElide(0, 1), nil, "", 2, 0},
				{doAdd(106, "BBBBnx", 2), reassembly.AddResult{Delivered: 6}, "nx", 8, 2},
				{doConsume(6), pdu(6, 2, 1, 2), "nx", 2, 2},
				{doConsume(5), pdu(2, 2, 2), "", 0, 0},
			},
		},
		{
			name: "out of order: held segments do not keep elided bytes",
			steps: []elideStep{
				{doAdd(100, "hdAA", 1), reassembly.AddResult{Delivered: 4}, "hdAA", 4, 4},
				{doElide(2, 14), nil, "hd", 4, 2},
				{doAdd(108, "CCCC", 3), reassembly.AddResult{Buffered: true}, "hd", 4, 2},
				{doAdd(112, "DDnx", 4), reassembly.AddResult{Buffered: true}, "hd", 4, 4},
				{doPending, pending{1, true}, "hd", 4, 4},
				{doAdd(104, "BBBB", 2), reassembly.AddResult{Delivered: 12}, "hdnx", 16, 4},
				{doConsume(14), pdu(14, 2, 1, 2, 3, 4), "nx", 2, 2},
				{doPending, pending{4, true}, "nx", 2, 2},
			},
		},
		{
			name: "segments held before Elide drop their elided bytes",
			steps: []elideStep{
				{doAdd(100, "hdAA", 1), reassembly.AddResult{Delivered: 4}, "hdAA", 4, 4},
				{doAdd(108, "CCCC", 3), reassembly.AddResult{Buffered: true}, "hdAA", 4, 8},
				{doAdd(112, "DDnx", 4), reassembly.AddResult{Buffered: true}, "hdAA", 4, 12},
				{doAdd(120, "late", 5), reassembly.AddResult{Buffered: true}, "hdAA", 4, 16},
				{doElide(2, 14), nil, "hd", 4, 8},
				{doAdd(104, "BBBB", 2), reassembly.AddResult{Delivered: 12}, "hdnx", 16, 8},
				{doConsume(14), pdu(14, 2, 1, 2, 3, 4), "nx", 2, 6},
				{doAdd(116, "1234", 6), reassembly.AddResult{Delivered: 8}, "nx1234late", 10, 10},
			},
		},
		{
			name: "retransmissions over the range: no conflict, listed while the PDU is open",
			steps: []elideStep{
				{doAdd(100, "hdAAAA", 1), reassembly.AddResult{Delivered: 6}, "hdAAAA", 6, 6},
				{doElide(2, 10), nil, "hd", 6, 2},
				{doAdd(102, "XXXX", 2), reassembly.AddResult{Duplicate: 4}, "hd", 6, 2},
				{doAdd(100, "hdXX", 3), reassembly.AddResult{Duplicate: 4}, "hd", 6, 2},
				{doAdd(100, "HD", 4), reassembly.AddResult{Duplicate: 2, Conflict: true}, "hd", 6, 2},
				{doAdd(106, "BBBBnx", 5), reassembly.AddResult{Delivered: 6}, "hdnx", 12, 4},
				{doAdd(108, "ZZnx!!", 6), reassembly.AddResult{Duplicate: 4, Delivered: 2}, "hdnx!!", 14, 6},
				{doAdd(110, "NX", 7), reassembly.AddResult{Duplicate: 2, Conflict: true}, "hdnx!!", 14, 6},
				{doConsume(10), pdu(10, 5, 1, 3, 4, 2, 5, 6), "nx!!", 4, 4},
			},
		},
		{
			name: "a held retransmission over the range: no conflict",
			steps: []elideStep{
				{doAdd(100, "hdAA", 1), reassembly.AddResult{Delivered: 4}, "hdAA", 4, 4},
				{doElide(2, 8), nil, "hd", 4, 2},
				{doAdd(106, "CC", 3), reassembly.AddResult{Buffered: true}, "hd", 4, 2},
				{doAdd(106, "XXnx", 4), reassembly.AddResult{Buffered: true}, "hd", 4, 4},
				// 3 is all duplicate when released: not listed, as without Elide
				{doAdd(104, "BBCC", 2), reassembly.AddResult{Duplicate: 4, Delivered: 6}, "hdnx", 10, 4},
				{doConsume(8), pdu(8, 2, 1, 2, 4), "nx", 2, 2},
			},
		},
		{
			name: "caps count stored bytes only",
			cfg:  reassembly.Config{MaxBufferedBytes: 8},
			steps: []elideStep{
				{doAdd(100, "hdAAAA", 1), reassembly.AddResult{Delivered: 6}, "hdAAAA", 6, 6},
				{doElide(2, 40), nil, "hd", 6, 2},
				{doAdd(106, strings.Repeat("B", 10), 2), reassembly.AddResult{Delivered: 10}, "hd", 16, 2},
				{doAdd(130, strings.Repeat("C", 10)+"next", 4), reassembly.AddResult{Buffered: true}, "hd", 16, 6},
				{doAdd(116, strings.Repeat("B", 14), 3), reassembly.AddResult{Delivered: 28}, "hdnext", 44, 6},
				{doConsume(40), pdu(40, 3, 1, 2, 3, 4), "next", 4, 4},
			},
		},
		{
			name: "a cap drop inside the range leaves the rest of it elided",
			cfg:  reassembly.Config{MaxBufferedBytes: 8},
			steps: []elideStep{
				{doAdd(100, "hdAAAA", 1), reassembly.AddResult{Delivered: 6}, "hdAAAA", 6, 6},
				{doElide(2, 20), nil, "hd", 6, 2},
				{doAdd(106, "BBBB", 2), reassembly.AddResult{Delivered: 4}, "hd", 10, 2},
				{doAdd(110, strings.Repeat("C", 10)+"1234567", 3),
					reassembly.AddResult{Delivered: 17, CapHit: true, Dropped: 10}, "1234567", 17, 7},
				{doConsume(17), pdu(17, 3, 3), "", 0, 0},
			},
		},
		{
			name: "a cap drop past the range ends it",
			cfg:  reassembly.Config{MaxBufferedBytes: 8},
			steps: []elideStep{
				{doAdd(100, "hdAAAA", 1), reassembly.AddResult{Delivered: 6}, "hdAAAA", 6, 6},
				{doElide(2, 20), nil, "hd", 6, 2},
				{doAdd(106, strings.Repeat("B", 14)+"123456789", 2),
					reassembly.AddResult{CapHit: true, Dropped: 29}, "", 0, 0},
				{doAdd(129, "xy", 3), reassembly.AddResult{Delivered: 2}, "xy", 2, 2},
			},
		},
		{
			name: "Flush jumping past the range ends it",
			steps: []elideStep{
				{doAdd(100, "hdAA", 1), reassembly.AddResult{Delivered: 4}, "hdAA", 4, 4},
				{doElide(2, 8), nil, "hd", 4, 2},
				{doAdd(120, "next", 3), reassembly.AddResult{Buffered: true}, "hd", 4, 6},
				{doFlush, reassembly.FlushResult{Dropped: 4, Gap: 16, Released: 4}, "next", 4, 4},
				{doElide(1, 3), nil, "nt", 4, 2},
			},
		},
		{
			name: "Flush jumping into the range leaves the rest of it elided",
			steps: []elideStep{
				{doAdd(100, "hdAA", 1), reassembly.AddResult{Delivered: 4}, "hdAA", 4, 4},
				{doElide(2, 20), nil, "hd", 4, 2},
				{doAdd(110, strings.Repeat("C", 10)+"next", 3), reassembly.AddResult{Buffered: true}, "hd", 4, 6},
				{doFlush, reassembly.FlushResult{Dropped: 4, Gap: 6, Released: 14}, "next", 14, 4},
				{doSkip(10), reassembly.SkipResult{Skipped: 10}, "next", 4, 4},
				{doElide(1, 3), nil, "nt", 4, 2},
			},
		},
		{
			name: "Skip counts elided bytes and jumps the hole after them",
			steps: []elideStep{
				{doAdd(100, "hdAAAA", 1), reassembly.AddResult{Delivered: 6}, "hdAAAA", 6, 6},
				{doElide(2, 10), nil, "hd", 6, 2},
				{doAdd(112, "xy", 3), reassembly.AddResult{Buffered: true}, "hd", 6, 4},
				{doSkip(3), reassembly.SkipResult{Skipped: 3}, "", 3, 2},
				{doSkip(100), reassembly.SkipResult{Skipped: 3, Gap: 6, Frames: []uint64{1}}, "xy", 2, 2},
			},
		},
		{
			name: "calls that do nothing",
			steps: []elideStep{
				{doAdd(100, "abcd", 1), reassembly.AddResult{Delivered: 4}, "abcd", 4, 4},
				{doElide(5, 9), nil, "abcd", 4, 4},
				{doElide(2, 2), nil, "abcd", 4, 4},
				{doElide(3, 1), nil, "abcd", 4, 4},
				{doElide(-1, 3), nil, "abcd", 4, 4},
				{doElide(1, 3), nil, "ad", 4, 2},
				{doElide(0, 4), nil, "ad", 4, 2},
				{doConsume(3), pdu(3, 1, 1), "d", 1, 1},
			},
		},
		{
			name: "sequence numbers wrap around inside the range",
			steps: []elideStep{
				{doAdd(0xfffffffc, "hdAA", 1), reassembly.AddResult{Delivered: 4}, "hdAA", 4, 4},
				{doElide(2, 10), nil, "hd", 4, 2},
				{doAdd(0, "BBBB", 2), reassembly.AddResult{Delivered: 4}, "hd", 8, 2},
				{doAdd(4, "CCnx", 3), reassembly.AddResult{Delivered: 4}, "hdnx", 12, 4},
				{doConsume(10), pdu(10, 3, 1, 2, 3), "nx", 2, 2},
			},
		},
		{
			name: "wraparound, out of order",
			steps: []elideStep{
				{doAdd(0xfffffffa, "hdAA", 1), reassembly.AddResult{Delivered: 4}, "hdAA", 4, 4},
				{doElide(2, 14), nil, "hd", 4, 2},
				{doAdd(2, "CCCC", 3), reassembly.AddResult{Buffered: true}, "hd", 4, 2},
				{doAdd(6, "DDnx", 4), reassembly.AddResult{Buffered: true}, "hd", 4, 4},
				{doAdd(0xfffffffe, "BBBB", 2), reassembly.AddResult{Delivered: 12}, "hdnx", 16, 4},
				{doConsume(14), pdu(14, 2, 1, 2, 3, 4), "nx", 2, 2},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := reassembly.NewStream(tt.cfg)
			for i, st := range tt.steps {
				require.Equal(t, st.want, st.do(s), "step %d", i)
				require.Equal(t, st.bytes, string(s.Bytes()), "step %d: Bytes", i)
				require.Equal(t, st.readable, s.Readable(), "step %d: Readable", i)
				require.Equal(t, st.buffered, s.Buffered(), "step %d: Buffered", i)
			}
		})
	}
}

// TestElideBudget: a shared Budget is charged the stored bytes only, and
// gets them back as they are consumed.
func TestElideBudget(t *testing.T) {
	b := &reassembly.Budget{Max: 10}
	s := reassembly.NewStream(reassembly.Config{Budget: b})
	s.Add(100, []byte("hdAAAA"), 1, 0)
	assert.Equal(t, 6, b.Used())
	s.Elide(2, 1000)
	assert.Equal(t, 2, b.Used())
	for i := range 10 {
		r := s.Add(106+uint32(10*i), bytes.Repeat([]byte{'B'}, 10), uint64(2+i), 0)
		require.Equal(t, reassembly.AddResult{Delivered: 10}, r)
	}
	assert.Equal(t, 2, b.Used())
	assert.Equal(t, 106, s.Readable())
	s.Consume(106)
	assert.Zero(t, b.Used())
}

// TestElideLargeFrame: a 100 MB PDU whose payload is elided holds a few
// bytes, allocates close to nothing and gets the same attribution as a
// small one. Its 64 KiB segments (offloaded, as in node-offload-gso-
// large-segments) keep it within the segment limit (see TestElideSegmentLimit).
func TestElideLargeFrame(t *testing.T) {
	const total = 100 << 20
	const segSize = 64 << 10
	seg := make([]byte, segSize)
	copy(seg, "hd")
	s := reassembly.NewStream(reassembly.Config{})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var frame uint64
	most := 0
	for off := 0; off < total; off += segSize {
		frame++
		r := s.Add(uint32(1000+off), seg, frame, 0)
		require.Equal(t, reassembly.AddResult{Delivered: segSize}, r)
		if off == 0 {
			s.Elide(2, total)
		}
		most = max(most, s.Buffered())
	}
	s.Add(uint32(1000+total), []byte("next"), frame+1, 0)
	runtime.ReadMemStats(&after)
	assert.Equal(t, 2, most, "only the header is stored")
	assert.Equal(t, total+4, s.Readable())
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "allocated bytes")

	p := s.Consume(total)
	assert.Equal(t, total, p.Length)
	assert.Len(t, p.Frames, total/segSize)
	assert.Equal(t, frame, p.Frame)
	assert.True(t, p.Multi)
	assert.Equal(t, "next", string(s.Bytes()))
}

// TestElideSegmentLimit: elided bytes take no room, but the segments that
// carry them still count toward the limit of tracked segments
// (MaxBufferedBytes/SegmentCost), since PDU.Frames lists them all: past it,
// the readable bytes are dropped as without Elide.
func TestElideSegmentLimit(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{MaxBufferedBytes: 16 * reassembly.SegmentCost}) // 16 segments
	seg := make([]byte, 100)
	s.Add(0, seg, 1, 0)
	s.Elide(2, 10000)
	for i := 1; i < 16; i++ {
		require.Equal(t, reassembly.AddResult{Delivered: 100}, s.Add(uint32(100*i), seg, uint64(i+1), 0))
	}
	r := s.Add(1600, seg, 17, 0)
	assert.Equal(t, reassembly.AddResult{Delivered: 100, CapHit: true, Dropped: 1600}, r)
	assert.Equal(t, 100, s.Readable(), "the rest of the range stays elided")
	assert.Empty(t, s.Bytes())
}

// TestElideLongRange: a range longer than 1 GiB (a WebSocket length may
// claim 2^63 bytes) is cut to 1 GiB; the bytes after it are stored.
func TestElideLongRange(t *testing.T) {
	const seg = 1 << 20
	s := reassembly.NewStream(reassembly.Config{MaxBufferedBytes: 64 << 20})
	payload := make([]byte, seg)
	s.Add(0, payload, 1, 0)
	s.Elide(2, math.MaxInt)
	for i := 1; i <= 1<<10; i++ {
		r := s.Add(uint32(i*seg), payload, uint64(i+1), 0)
		require.Equal(t, reassembly.AddResult{Delivered: seg}, r)
		require.Equal(t, 2+max(0, (i+1)*seg-(2+1<<30)), s.Buffered(), "segment %d", i)
	}
	assert.Equal(t, 1<<30+seg, s.Readable())
	s.Elide(0, 10)
	assert.Len(t, s.Bytes(), seg, "the header and the bytes after the range: the call changed nothing")
	p := s.Consume(s.Readable())
	assert.Equal(t, 1<<30+seg, p.Length)
	assert.Equal(t, uint64(1<<10+1), p.Frame)
}

// TestElideZeroAllocs: in steady state, with PDUs far larger than a segment
// elided, Add, Elide, Consume and Pending allocate nothing.
func TestElideZeroAllocs(t *testing.T) {
	s := reassembly.NewStream(reassembly.Config{})
	seg := make([]byte, 1448)
	seq := uint32(1)
	var frame uint64
	var c lengthPrefixed
	step := func() {
		for range 8 {
			frame++
			s.Add(seq, seg, frame, 0)
			seq += uint32(len(seg))
			c.drain(s, true)
		}
		s.Pending()
	}
	for range 100 {
		step() // warm the buffers up
	}
	assert.Zero(t, testing.AllocsPerRun(200, step))
	assert.Positive(t, c.frames)
	assert.LessOrEqual(t, s.Buffered(), 2*len(seg))
}

// TestElideEquivalence runs FuzzElide's check on random inputs: with and
// without Elide, the same PDUs, counts, Pending results and header bytes.
func TestElideEquivalence(t *testing.T) {
	runs := 500
	if testing.Short() {
		runs = 50
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range runs {
		in := make([]byte, 6+3*(10+rng.IntN(300)))
		for j := range in {
			in[j] = byte(rng.Uint32())
		}
		if i%4 == 0 {
			copy(in, []byte{0xff, 0xff, 0xf0, 0x00}) // wrap around early
		}
		checkElide(t, in)
		if t.Failed() {
			t.Fatalf("input %x", in)
		}
	}
}
