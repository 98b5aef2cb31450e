package capture

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkReaderPcap measures reading alone: every record of a classic
// pcap held in memory, nothing decoded; plain and gzip'd (MB/s of the
// compressed bytes). The corpus capture runs anywhere;
// a large capture runs when WSDISSECT_BENCH_CAPTURE names one.
func BenchmarkReaderPcap(b *testing.B) {
	b.Run("corpus", func(b *testing.B) {
		file, err := os.ReadFile("../testdata/node-loss-retrans.pcap")
		require.NoError(b, err)
		benchmarkRead(b, file)
	})
	b.Run("corpus-gzip", func(b *testing.B) {
		file, err := os.ReadFile("../testdata/node-loss-retrans.pcap")
		require.NoError(b, err)
		benchmarkRead(b, gzipMembers(b, file))
	})
	b.Run("large", func(b *testing.B) {
		path := os.Getenv("WSDISSECT_BENCH_CAPTURE")
		if path == "" {
			b.Skip("WSDISSECT_BENCH_CAPTURE names no capture")
		}
		file, err := os.ReadFile(path)
		require.NoError(b, err)
		benchmarkRead(b, file)
	})
}

// benchmarkRead reads every record of file per iteration.
func benchmarkRead(b *testing.B, file []byte) {
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	var records int
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(file))
		require.NoError(b, err)
		for {
			_, _, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil { // not require: its Helper call would cost more than Next
				b.Fatal(err)
			}
			records++
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
