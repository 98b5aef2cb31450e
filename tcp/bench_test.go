package tcp

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/capture"
)

// BenchmarkReaderDecodeTrack runs the whole package over a corpus capture
// held in memory: read (package capture), decode, track, Info column.
func BenchmarkReaderDecodeTrack(b *testing.B) {
	file, err := os.ReadFile("../testdata/node-loss-retrans.pcap")
	require.NoError(b, err)
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	packets := 0
	info := make([]byte, 0, 256)
	for i := 0; i < b.N; i++ {
		r, err := capture.NewReader(bytes.NewReader(file))
		require.NoError(b, err)
		d := NewDecoder()
		tab := NewTable(TableConfig{})
		var seg Segment
		for {
			data, ci, err := nextRecord(r)
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
