package wsdissect

import (
	"os"
	"time"

	"github.com/wsdissect/wsdissect/capture"
	"github.com/wsdissect/wsdissect/tcp"
)

// streamFinal is what tshark -2 shows on every frame of a TCP stream but a
// single pass knows only at its end.
type streamFinal struct {
	completeness tcp.Completeness
	initialRTT   time.Duration
}

// firstPass reads a capture file once, decoding and tracking TCP only, and
// returns each stream's final completeness and iRTT (Options.TwoPass). It
// costs a fraction of a full pass and keeps two small values per stream.
// A damaged capture ends the pass quietly: the second pass reports the
// damage.
func firstPass(path string, opt Options) (map[uint64]streamFinal, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := capture.NewReader(f)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	r.ReadAhead()
	dec := tcp.NewDecoder()
	table := tcp.NewTable(tcp.TableConfig{MaxConversations: opt.MaxConnections, SkipValues: true})
	final := make(map[uint64]streamFinal)
	var (
		ci  capture.CaptureInfo
		seg tcp.Segment
	)
	for {
		data, err := r.ReadRecord(&ci)
		if err != nil || opt.MaxFrames > 0 && ci.Frame > opt.MaxFrames {
			return final, nil
		}
		if dec.Decode(data, decodeInfo(&ci), &seg) != nil {
			continue
		}
		an := table.Track(&seg)
		final[an.Stream] = streamFinal{an.Completeness, an.InitialRTT}
	}
}

// applyFinal gives a packet's analysis its stream's final values.
func (s *decoder) applyFinal(an *tcp.Analysis) {
	if f, ok := s.final[an.Stream]; ok {
		an.Completeness, an.InitialRTT = f.completeness, f.initialRTT
	}
}
