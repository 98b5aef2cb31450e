package wsdissect

import (
	"bytes"
	"os"
	"testing"
)

// benchTLSCapture is wss:// (TLS 1.3, AES-256-GCM) with many small
// messages, several in a record and records across segments, with its key
// log: the pipeline with decryption on every record.
const benchTLSCapture = "testdata/tls/s-coalesced-tls13-aes256gcm-443"

// BenchmarkPipelineTLS measures the pipeline over wss:// with its key log,
// no printing: one op is one whole capture, decrypted. The key log is
// parsed in each op, as a caller opening the capture does. With
// $WSDISSECT_BENCH_TLS_CAPTURE (a capture name without its extension, next
// to NAME.keys, as scripts/perf-wss/run.sh writes them), it measures that
// capture instead; one without NAME.keys (ws://, to compare) is read
// without a key log.
func BenchmarkPipelineTLS(b *testing.B) {
	base, ext := benchTLSCapture, ".pcap"
	if p := os.Getenv("WSDISSECT_BENCH_TLS_CAPTURE"); p != "" {
		base = p
	}
	data, err := os.ReadFile(base + ext)
	if err != nil {
		b.Fatal(err)
	}
	keys, err := os.ReadFile(base + ".keys")
	if err != nil && base == benchTLSCapture {
		b.Fatal(err)
	}
	for _, m := range []struct {
		name string
		opt  Options
	}{
		{"full", Options{}},
		{"headers", Options{SkipPayloads: true}},
	} {
		b.Run(m.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			packets := 0
			for b.Loop() {
				opt := m.opt
				if keys != nil {
					opt.KeyLog = bytes.NewReader(keys)
				}
				d, err := New(bytes.NewReader(data), opt)
				if err != nil {
					b.Fatal(err)
				}
				packets = 0
				for _, err := range d.Records() {
					if err != nil {
						b.Fatal(err)
					}
					packets++
				}
				d.Close()
			}
			b.ReportMetric(float64(packets)*float64(b.N)/b.Elapsed().Seconds(), "packets/s")
		})
	}
}
