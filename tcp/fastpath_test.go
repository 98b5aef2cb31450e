package tcp

import (
	"encoding/binary"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeBoth decodes data with and without fastHeaders and requires the
// same segment and error.
func decodeBoth(t *testing.T, fast, slow *Decoder, data []byte, ci CaptureInfo) {
	t.Helper()
	var a, b Segment
	errA := fast.Decode(data, ci, &a)
	errB := slow.Decode(data, ci, &b)
	if errB == nil {
		require.NoError(t, errA, "frame %d", ci.Frame)
	} else {
		require.Error(t, errA, "frame %d", ci.Frame)
		assert.Equal(t, errB.Error(), errA.Error(), "frame %d", ci.Frame)
		return
	}
	assert.Equal(t, b, a, "frame %d", ci.Frame)
}

// TestFastPathMatchesParser decodes every frame of the test captures, and
// copies of them with header bytes changed and cut, with and without the
// decoding of common frames that skips gopacket: both must find the same
// segment, or the same error.
func TestFastPathMatchesParser(t *testing.T) {
	paths, err := filepath.Glob("../testdata/*.pcap*")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	fast, slow := NewDecoder(), NewDecoder()
	slow.parserOnly = true
	rng := rand.New(rand.NewPCG(1, 18))
	n, v4, v6 := 0, 0, 0
	for _, path := range paths {
		datas, cis := corpusRecords(t, path)
		for i, data := range datas {
			ci := cis[i]
			decodeBoth(t, fast, slow, data, ci)
			n++
			var seg Segment
			if _, _, ok := fastHeaders(data, ci.LinkType, &seg); ok && seg.SrcIP.Is4() {
				v4++
			} else if ok {
				v6++
			}
			if i%7 != 0 || len(data) < 20 {
				continue
			}
			// the header bytes the fast path reads, changed one at a time
			for range 8 {
				m := append([]byte(nil), data...)
				m[rng.IntN(min(len(m), 80))] = byte(rng.Uint32())
				decodeBoth(t, fast, slow, m, ci)
			}
			// IP lengths of 0 and beyond the frame, and frames cut short
			for _, at := range []int{14 + 2, 14 + 4} {
				for _, v := range []uint16{0, 1, 20, 39, 40, 41, 60, 0xffff} {
					if at+2 <= len(data) {
						m := append([]byte(nil), data...)
						binary.BigEndian.PutUint16(m[at:], v)
						decodeBoth(t, fast, slow, m, ci)
					}
				}
			}
			for _, cut := range []int{13, 14, 33, 34, 53, 54, 60, 73, 74} {
				if cut < len(data) {
					c := ci
					c.CaptureLength = cut
					decodeBoth(t, fast, slow, data[:cut], c)
				}
			}
		}
	}
	t.Logf("%d frames, %d decoded without gopacket over IPv4, %d over IPv6", n, v4, v6)
	assert.Positive(t, v4)
	assert.Positive(t, v6)
}
