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

// BenchmarkFrames64KiB delivers 1448-byte segments in order that carry
// 64 KiB frames, and consumes each frame once it is complete: every payload
// byte is copied into the stream's buffer first. One op is one segment.
func BenchmarkFrames64KiB(b *testing.B) { benchFrames(b, false) }

// BenchmarkFrames64KiBElided is BenchmarkFrames64KiB with the payload of
// every frame elided: the stream stores only the frames' headers.
func BenchmarkFrames64KiBElided(b *testing.B) { benchFrames(b, true) }

func benchFrames(b *testing.B, elide bool) {
	s := reassembly.NewStream(reassembly.Config{})
	seg := make([]byte, 1448)
	seq := uint32(1)
	var c lengthPrefixed
	b.ReportAllocs()
	b.SetBytes(int64(len(seg)))
	for i := range b.N {
		s.Add(seq, seg, uint64(i), 0)
		seq += uint32(len(seg))
		c.drain(s, elide)
		s.Pending()
	}
}

// lengthPrefixed consumes 64 KiB frames of a 4-byte header (whose bytes
// it ignores) and a payload, like a WebSocket consumer that prints headers
// only.
type lengthPrefixed struct{ frames int }

const benchFrame = 64 << 10

func (c *lengthPrefixed) drain(s *reassembly.Stream, elide bool) {
	for {
		if len(s.Bytes()) < 4 {
			return
		}
		if s.Readable() < benchFrame {
			if elide {
				s.Elide(4, benchFrame)
			}
			return
		}
		s.Consume(benchFrame)
		c.frames++
	}
}
