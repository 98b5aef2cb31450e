package wsdissect_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/wsdissect/wsdissect"
)

// fuzzOptions are the option sets FuzzPipeline picks from: the defaults,
// and caps small enough for the fuzzer to reach them.
var fuzzOptions = []wsdissect.Options{
	{},
	{MaxConnections: 4, MaxBufferedBytes: 2048, MaxMessageSize: 1024, MaxDecompressedSize: 4096, MaxPendingRecords: 16},
	{SkipPayloads: true, Workers: 2},
	{MaxConnections: 4, MaxBufferedBytes: 2048, MaxPendingRecords: 16, SkipPayloads: true},
}

// FuzzPipeline runs the whole pipeline over arbitrary capture bytes: the
// records with their tshark field view and summary, the messages and the
// connections. Nothing may panic; records come once each, in capture order;
// messages respect the caps. The inputs it found are regular test cases in
// testdata/fuzz/FuzzPipeline.
func FuzzPipeline(f *testing.F) {
	for _, name := range []string{
		"node-rejected-403.pcap", "node-welcome-after-101-same-segment.pcap", "node-port80-deflate.pcap",
		"node-deflate-no-ctx-takeover.pcapng", "node-snaplen128-truncated.pcap", "go-coder-ctx-takeover-frag.pcap",
	} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 6000)], uint8(0))
	}
	f.Add(goodCapture(newPcap()).bytes(), uint8(1))
	f.Add(goodCapture(newPcapng()).bytes(), uint8(0))
	c := newPcap()
	tc := c.conn("10.0.0.1:40000", "10.0.0.2:80")
	tc.upgrade("permessage-deflate")
	tc.send(true, frames(
		wsFrame{rsv: 4, op: 0x1, masked: true, key: [4]byte{1, 2, 3, 4}, payload: deflateRaw(f, []byte("hello hello hello"))},
		clientFrame(0x9, []byte("ping")),
		wsFrame{fin: true, op: 0x0, masked: true, payload: deflateRaw(f, []byte("!"))},
		clientFrame(0x8, []byte{3, 0xe8, 'b', 'y', 'e'}),
	), 7)
	tc.skip(false, 3)
	tc.send(false, frames(serverFrame(0x1, []byte("after a hole"))), 0)
	tc.close()
	f.Add(c.bytes(), uint8(1))

	f.Fuzz(func(t *testing.T, b []byte, opt uint8) {
		o := fuzzOptions[int(opt)%len(fuzzOptions)]
		maxData := 64 << 20
		if o.MaxMessageSize != 0 {
			maxData = int(max(o.MaxMessageSize, o.MaxDecompressedSize))
		}
		d, err := wsdissect.New(bytes.NewReader(b), o)
		if err != nil {
			return
		}
		var field []byte
		var frame uint64
		for rec, err := range d.Records() {
			if err != nil {
				break
			}
			if rec.Frame != frame+1 {
				t.Fatalf("record of frame %d after frame %d", rec.Frame, frame)
			}
			frame = rec.Frame
			for _, name := range wsdissect.Fields {
				field = rec.AppendField(field[:0], name, ",", wsdissect.AllOccurrences)
				field = rec.AppendField(field[:0], name, ",", wsdissect.LastOccurrence)
			}
			field = rec.AppendSummary(field[:0])
			_ = rec.Info()
			_ = rec.Has("websocket")
			for _, m := range rec.Messages {
				if len(m.Data) > maxData {
					t.Fatalf("frame %d: message of %d bytes", rec.Frame, len(m.Data))
				}
			}
		}
		d, _ = wsdissect.New(bytes.NewReader(b), o)
		for m, err := range d.Messages() {
			if err != nil {
				break
			}
			if len(m.Frames) == 0 || m.Frames[len(m.Frames)-1] > frame {
				t.Fatalf("message of frames %v, last frame %d", m.Frames, frame)
			}
		}
		// (A stream may come twice today: see TestHostileLatePacketAfterClose.)
		d, _ = wsdissect.New(bytes.NewReader(b), o)
		for c, err := range d.Connections() {
			if err != nil {
				break
			}
			_ = c.TCP.State.String()
		}
	})
}
