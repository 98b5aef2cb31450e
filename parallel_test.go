package wsdissect

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// render prints every field and the summary of every record, and every
// message, so two runs can be compared whole.
func render(t *testing.T, capture string, opt Options) []string {
	d, err := Open(capture, opt)
	require.NoError(t, err)
	defer d.Close()
	var out []string
	for rec, err := range d.Records() {
		require.NoError(t, err)
		line := rec.AppendSummary(nil)
		for _, f := range Fields {
			line = append(line, '\t')
			line = rec.AppendField(line, f, ",", AllOccurrences)
		}
		for _, m := range rec.Messages {
			line = append(line, '\t')
			line = append(line, m.Data...)
		}
		for _, a := range rec.Anomalies {
			line = append(line, '\t')
			line = append(line, a.String()...)
		}
		out = append(out, string(line))
	}
	return out
}

// TestParallelEqualsSerial: the parallel mode hands out the same records,
// field for field, in the same order.
// Records forced out by MaxPendingRecords and connections the conversation
// table drops (MaxConnections), possibly from another shard than the frame
// that drops them, come out the same too.
func TestParallelEqualsSerial(t *testing.T) {
	captures, _ := filepath.Glob("testdata/*.pcap*")
	require.NotEmpty(t, captures)
	for _, opt := range []Options{
		{},
		{SkipPayloads: true},
		{MaxPendingRecords: 3},
		{MaxConnections: 2},
	} {
		for _, capture := range captures {
			serial := render(t, capture, opt)
			require.NotEmpty(t, serial)
			for _, workers := range []int{1, 2, 3} {
				opt.Workers = workers
				assert.Equal(t, serial, render(t, capture, opt), "%s %+v", capture, opt)
			}
			opt.Workers = 0
		}
	}
}

// TestParallelStopsEarly: breaking out of the iterator and closing stops
// the first stage's goroutine (the race detector and the test's end would
// catch a leak writing to shared state).
func TestParallelStopsEarly(t *testing.T) {
	d, err := Open("testdata/node-sizes-text.pcap", Options{Workers: 2})
	require.NoError(t, err)
	n := 0
	for _, err := range d.Records() {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	require.NoError(t, d.Close())
	assert.Equal(t, 3, n)
}
