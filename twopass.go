package wsdissect

import (
	"os"
	"runtime"
	"time"

	"github.com/wsdissect/wsdissect/capture"
	"github.com/wsdissect/wsdissect/tcp"
)

// streamFinal is what tshark -2 shows on every frame of a TCP stream but a
// single pass knows only at its end.
type streamFinal struct {
	seen         bool // the first pass saw the stream
	completeness tcp.Completeness
	initialRTT   time.Duration
	http         []httpPair // the requests and responses of the connection
}

// finals holds the final values of each stream, by its index (tcp.stream),
// which the table gives out in order from 0: a lookup a packet is an
// index, where a map cost a hash and a probe (1.5% of -2 -V).
type finals []streamFinal

// at returns stream's final values to fill in, growing f to hold them.
func (f *finals) at(stream uint64) *streamFinal {
	for uint64(len(*f)) <= stream {
		*f = append(*f, streamFinal{})
	}
	return &(*f)[stream]
}

// of returns stream's final values, if the first pass saw the stream.
func (f finals) of(stream uint64) (*streamFinal, bool) {
	if stream >= uint64(len(f)) || !f[stream].seen {
		return nil, false
	}
	return &f[stream], true
}

// firstPass reads a capture file once and returns what each stream's end
// tells (Options.TwoPass): its final completeness and iRTT, and the frames
// of its HTTP requests and responses, which a request shows before they
// come ("[Response in frame: 8]", "[HTTP request 1/3]"). It dissects
// TCP and HTTP alone, passing over what follows an Upgrade (a third of
// the pass's time when it parsed the WebSocket frames, payloads skipped),
// and keeps a few values per stream and per HTTP message. A damaged capture ends the
// pass quietly: the second pass reports the damage.
func firstPass(path string, opt Options) (finals, error) {
	opt.SkipPayloads, opt.KeepFrames, opt.TwoPass = true, false, false
	opt.passUpgraded = true // what follows the Upgrade changes none of what is kept
	if opt.Workers == 0 && runtime.GOMAXPROCS(0) > 1 {
		// a light dissection, which a second core speeds up by
		// decoding ahead (Options.Workers); the records are the same
		opt.Workers = 1
	}
	return finalValues(path, opt)
}

// finalValues dissects the capture at path with opt and returns what
// firstPass returns.
func finalValues(path string, opt Options) (finals, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := capture.NewReader(f)
	if err != nil {
		return nil, err
	}
	r.ReadAhead()
	d := newDissector(r, opt, nil)
	defer d.Close()
	var final finals
	for rec, err := range d.Records() {
		if err != nil {
			break
		}
		if rec.TCP == nil {
			continue
		}
		an := &rec.TCP.Analysis
		s := final.at(an.Stream)
		s.seen, s.completeness, s.initialRTT = true, an.Completeness, an.InitialRTT
		noteHTTP(s, rec)
	}
	return final, nil
}

// applyFinal gives a packet's analysis its stream's final values, and the
// packet the HTTP pairs of its stream.
func (s *decoder) applyFinal(p *packet) {
	an := &p.tcp.Analysis
	if f, ok := s.final.of(an.Stream); ok {
		an.Completeness, an.InitialRTT = f.completeness, f.initialRTT
		p.http = f.http
	}
}
