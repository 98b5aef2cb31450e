package reassembly_test

import (
	"testing"

	"github.com/wsdissect/wsdissect/reassembly"
)

// BenchmarkInOrder delivers 1448-byte segments in order and consumes
// 4000-byte PDUs that span them. One op is one segment; b.SetBytes makes
// the figure MB/s.
func BenchmarkInOrder(b *testing.B) {
	s := reassembly.NewStream(reassembly.Config{})
	seg := make([]byte, 1448)
	seq := uint32(1)
	b.ReportAllocs()
	b.SetBytes(int64(len(seg)))
	for i := range b.N {
		s.Add(seq, seg, uint64(i), 0)
		seq += uint32(len(seg))
		for len(s.Bytes()) >= 4000 {
			s.Consume(4000)
		}
		s.Pending()
	}
}

// BenchmarkOutOfOrder swaps every pair of segments, so every other segment
// is held and released.
func BenchmarkOutOfOrder(b *testing.B) {
	s := reassembly.NewStream(reassembly.Config{})
	seg := make([]byte, 1448)
	seq := uint32(1)
	b.ReportAllocs()
	b.SetBytes(int64(len(seg)))
	for i := range b.N {
		off := uint32(len(seg))
		if i%2 == 1 {
			off = 0
		}
		s.Add(seq+off, seg, uint64(i), 0)
		if i%2 == 1 {
			seq += 2 * uint32(len(seg))
		}
		for len(s.Bytes()) >= 4000 {
			s.Consume(4000)
		}
	}
}

// BenchmarkSmallPDUs consumes many small PDUs from each segment, like
// coalesced WebSocket frames.
func BenchmarkSmallPDUs(b *testing.B) {
	s := reassembly.NewStream(reassembly.Config{})
	seg := make([]byte, 1448)
	seq := uint32(1)
	b.ReportAllocs()
	b.SetBytes(int64(len(seg)))
	for i := range b.N {
		s.Add(seq, seg, uint64(i), 0)
		seq += uint32(len(seg))
		for len(s.Bytes()) >= 50 {
			s.Consume(50)
		}
	}
}
