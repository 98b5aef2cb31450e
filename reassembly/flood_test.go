package reassembly_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/reassembly"
)

// TestStreamTinySegmentFloods sends floods of one-byte segments: in order
// (one PDU that never completes), each after a hole, in descending order,
// and as retransmissions while a PDU is open. The stream keeps track of at
// most MaxBufferedBytes/SegmentCost segments, reports the cap, and its
// memory stays near the cap, whatever the flood.
func TestStreamTinySegmentFloods(t *testing.T) {
	const maxBuf = 1 << 20
	const n = 200_000
	one := []byte{1}
	for _, tc := range []struct {
		name string
		seq  func(i int) uint32 // offset of segment i after the ISN
	}{
		{"in order", func(i int) uint32 { return uint32(i) }},
		{"each after a hole", func(i int) uint32 { return uint32(2 + 2*i) }},
		{"descending", func(i int) uint32 { return uint32(2 + 2*(n-i)) }},
		{"retransmissions of an open PDU", func(i int) uint32 { return 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			s := reassembly.NewStream(reassembly.Config{MaxBufferedBytes: maxBuf})
			s.Add(1000, nil, 0, reassembly.SYN)
			capHits := 0
			for i := range n {
				r := s.Add(1001+tc.seq(i), one, uint64(i+1), 0)
				if r.CapHit {
					capHits++
				}
				s.Pending()
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			require.LessOrEqual(t, s.Buffered(), maxBuf)
			grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
			t.Logf("%d cap hits, %d bytes held, heap grew %d KiB", capHits, s.Buffered(), grown>>10)
			assert.Less(t, grown, int64(maxBuf), "memory follows the cap")
			if tc.name != "retransmissions of an open PDU" {
				assert.Positive(t, capHits, "the cap is reported")
			}
			runtime.KeepAlive(s)
		})
	}
}

// TestStreamReleasesManyHeldSegments fills one hole before many held
// segments: they all become readable in one Add, in order.
func TestStreamReleasesManyHeldSegments(t *testing.T) {
	const n = 4000
	s := reassembly.NewStream(reassembly.Config{MaxBufferedBytes: 16 << 20})
	s.Add(0, nil, 0, reassembly.SYN)
	seg := make([]byte, 100)
	for i := 1; i < n; i++ {
		for j := range seg {
			seg[j] = byte(i)
		}
		r := s.Add(1+uint32(100*i), seg, uint64(i+1), 0)
		require.True(t, r.Buffered)
	}
	assert.Equal(t, 100, s.Hole())
	r := s.Add(1, make([]byte, 100), uint64(n+1), 0)
	assert.Equal(t, 100*n, r.Delivered)
	assert.Zero(t, s.Hole())
	b := s.Bytes()
	require.Len(t, b, 100*n)
	for i := range n {
		require.Equal(t, byte(i), b[100*i], "segment %d", i)
	}
	p := s.Consume(len(b))
	assert.Len(t, p.Frames, n)
	assert.Equal(t, uint64(n+1), p.Frame)
}
