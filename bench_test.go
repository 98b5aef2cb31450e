package wsdissect

import (
	"bytes"
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
// one op is one whole capture.
func BenchmarkPipeline(b *testing.B) {
	for _, path := range []string{benchCapture, "testdata/node-coalesced-small-msgs-lo.pcap", "testdata/node-deflate-ctx-takeover.pcap"} {
		b.Run(path[len("testdata/"):], func(b *testing.B) {
			data, packets := loadCapture(b, path)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				d, _ := New(bytes.NewReader(data), Options{})
				for _, err := range d.Records() {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(packets)*float64(b.N)/b.Elapsed().Seconds(), "packets/s")
		})
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
		d, _ := New(bytes.NewReader(data), Options{})
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
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := pcapgo.NewReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for {
			pkt, _, err := r.ZeroCopyReadPacketData()
			if err != nil {
				break
			}
			_ = parser.DecodeLayers(pkt, &decoded)
		}
	}
	b.ReportMetric(float64(packets)*float64(b.N)/b.Elapsed().Seconds(), "packets/s")
}
