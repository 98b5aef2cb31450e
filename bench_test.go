package wsdissect

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// benchCapture is a capture with large binary messages split into many
// segments, a lossy stretch and small frames: the pipeline's whole path.
const benchCapture = "testdata/node-loss-retrans.pcap"

func loadCapture(b *testing.B, path string) ([]byte, int) {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	d, err := New(bytes.NewReader(data), Options{})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, err := range d.Records() {
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
	return data, n
}

// BenchmarkPipeline measures the library's own pipeline, no printing:
// one op is one whole capture. full keeps every payload (unmasked,
// reassembled, inflated); headers is Options.SkipPayloads, what a field
// view without payload text needs; workers=2 adds Options.Workers.
func BenchmarkPipeline(b *testing.B) {
	modes := []struct {
		name string
		opt  Options
	}{
		{"full", Options{}},
		{"headers", Options{SkipPayloads: true}},
		{"headers,workers=1", Options{SkipPayloads: true, Workers: 1}},
		{"headers,workers=2", Options{SkipPayloads: true, Workers: 2}},
	}
	for _, path := range []string{benchCapture, "testdata/node-coalesced-small-msgs-lo.pcap", "testdata/node-deflate-ctx-takeover.pcap"} {
		for _, m := range modes {
			b.Run(path[len("testdata/"):]+"/"+m.name, func(b *testing.B) {
				data, packets := loadCapture(b, path)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					d, _ := New(bytes.NewReader(data), m.opt)
					for _, err := range d.Records() {
						if err != nil {
							b.Fatal(err)
						}
					}
					d.Close()
				}
				b.ReportMetric(float64(packets)*float64(b.N)/b.Elapsed().Seconds(), "packets/s")
			})
		}
	}
}

// BenchmarkFieldView measures printing the fields of the speed target.
func BenchmarkFieldView(b *testing.B) {
	data, packets := loadCapture(b, benchCapture)
	fields := []string{"frame.number", "tcp.stream", "websocket.opcode", "websocket.payload_length", "websocket.masking_key"}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var line []byte
	for b.Loop() {
		d, _ := New(bytes.NewReader(data), Options{SkipPayloads: true})
		for r, err := range d.Records() {
			if err != nil {
				b.Fatal(err)
			}
			if !r.Has("websocket") {
				continue
			}
			line = line[:0]
			for _, f := range fields {
				line = r.AppendField(line, f, ",", AllOccurrences)
				line = append(line, '\t')
			}
		}
	}
	b.ReportMetric(float64(packets)*float64(b.N)/b.Elapsed().Seconds(), "packets/s")
}

// BenchmarkBareGopacket is the yardstick of the speed target: gopacket
// alone (pcapgo and a DecodingLayerParser over Ethernet/IP/TCP, nothing
// else) on the same capture as BenchmarkPipeline.
func BenchmarkBareGopacket(b *testing.B) {
	data, packets := loadCapture(b, benchCapture)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		bareGopacket(b, bytes.NewReader(data))
	}
	b.ReportMetric(float64(packets)*float64(b.N)/b.Elapsed().Seconds(), "packets/s")
}

// bareGopacket reads a capture with pcapgo and decodes every packet with a
// DecodingLayerParser over Ethernet/IP/TCP, nothing else.
func bareGopacket(b *testing.B, capture io.Reader) {
	var (
		eth     layers.Ethernet
		ip4     layers.IPv4
		ip6     layers.IPv6
		tcpl    layers.TCP
		payload gopacket.Payload
	)
	parser := gopacket.NewDecodingLayerParser(layers.LayerTypeEthernet, &eth, &ip4, &ip6, &tcpl, &payload)
	parser.IgnoreUnsupported = true
	decoded := make([]gopacket.LayerType, 0, 8)
	r, err := pcapgo.NewReader(capture)
	if err != nil {
		b.Fatal(err)
	}
	for {
		pkt, _, err := r.ZeroCopyReadPacketData()
		if err != nil {
			return
		}
		_ = parser.DecodeLayers(pkt, &decoded)
	}
}

// BenchmarkCaptureFile runs bare gopacket decoding and the pipeline, in
// each mode, over the capture named by $WSDISSECT_BENCH_CAPTURE (read from
// the file, which the page cache holds), as scripts/bench.sh does; skipped
// without it. headers,onepass,workers=1 is what wsdump runs for the header
// fields of the speed target.
func BenchmarkCaptureFile(b *testing.B) {
	path := os.Getenv("WSDISSECT_BENCH_CAPTURE")
	if path == "" {
		b.Skip("WSDISSECT_BENCH_CAPTURE names no capture")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	size := st.Size()
	b.Run("bare-gopacket", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			bareGopacket(b, bufio.NewReaderSize(f, 1<<20))
			f.Close()
		}
	})
	for _, m := range []struct {
		name string
		opt  Options
	}{
		{"full", Options{}},
		{"full,workers=2", Options{Workers: 2}},
		{"headers", Options{SkipPayloads: true}},
		{"headers,workers=1", Options{SkipPayloads: true, Workers: 1}},
		{"headers,workers=2", Options{SkipPayloads: true, Workers: 2}},
		// what wsdump runs for the five header fields of the speed target
		{"headers,onepass", Options{SkipPayloads: true, OnePass: true}},
		{"headers,onepass,workers=1", Options{SkipPayloads: true, OnePass: true, Workers: 1}},
	} {
		b.Run(m.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				d, err := Open(path, m.opt)
				if err != nil {
					b.Fatal(err)
				}
				for _, err := range d.Records() {
					if err != nil {
						b.Fatal(err)
					}
				}
				d.Close()
			}
		})
	}
}
