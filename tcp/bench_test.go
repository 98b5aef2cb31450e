package tcp

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkReaderDecodeTrack runs the whole package over a corpus capture
// held in memory: read, decode, track, Info column.
func BenchmarkReaderDecodeTrack(b *testing.B) {
	file, err := os.ReadFile("testdata/node-loss-retrans.pcap")
	require.NoError(b, err)
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	packets := 0
	info := make([]byte, 0, 256)
	for i := 0; i < b.N; i++ {
		r, err := NewReader(bytes.NewReader(file))
		require.NoError(b, err)
		d := NewDecoder()
		tab := NewTable(TableConfig{})
		var seg Segment
		for {
			data, ci, err := r.Next()
			if err == io.EOF {
				break
			}
			require.NoError(b, err)
			if d.Decode(data, ci, &seg) != nil {
				continue
			}
			a := tab.Track(&seg)
			info = a.AppendInfo(info[:0], &seg)
			packets++
		}
	}
	b.ReportMetric(float64(packets)/b.Elapsed().Seconds(), "packets/s")
}

// BenchmarkReaderPcap measures reading alone: every record of a classic
// pcap held in memory, nothing decoded. The corpus capture runs anywhere;
// a large capture runs when WSDISSECT_BENCH_CAPTURE names one.
func BenchmarkReaderPcap(b *testing.B) {
	b.Run("corpus", func(b *testing.B) {
		file, err := os.ReadFile("testdata/node-loss-retrans.pcap")
		require.NoError(b, err)
		benchmarkRead(b, file)
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
