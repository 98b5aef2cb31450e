package wsdissect

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// renderCapture is render over capture bytes; the error that ends the
// records, if any, is the last line.
func renderCapture(b []byte, opt Options) []string {
	d, err := New(bytes.NewReader(b), opt)
	if err != nil {
		return []string{err.Error()}
	}
	defer d.Close()
	out, err := renderRecords(d)
	if err != nil {
		out = append(out, err.Error())
	}
	return out
}

// FuzzParallelEqualsSerial: on any capture, sharded runs hand out what the
// serial run hands out, record for record, error included; small caps let
// the fuzzer reach forced records and dropped connections.
func FuzzParallelEqualsSerial(f *testing.F) {
	for _, name := range []string{"node-loss-retrans.pcap", "node-duplicate-segments.pcap", "go-gorilla-deflate-fragmented.pcap"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 8000)], uint8(0))
	}
	f.Fuzz(func(t *testing.T, b []byte, caps uint8) {
		opt := Options{SkipPayloads: caps&1 != 0}
		if caps&2 != 0 {
			opt.MaxConnections, opt.MaxPendingRecords, opt.MaxBufferedBytes = 2, 4, 4096
		}
		serial := renderCapture(b, opt)
		opt.Workers = 1 + int(caps>>2)%3
		assert.Equal(t, serial, renderCapture(b, opt), "%+v", opt)
	})
}

// render prints every field and the summary of every record, and every
// message, so two runs can be compared whole.
func render(t *testing.T, capture string, opt Options) []string {
	d, err := Open(capture, opt)
	require.NoError(t, err)
	defer d.Close()
	out, err := renderRecords(d)
	require.NoError(t, err)
	return out
}

// renderRecords prints the records of d a line each, up to the error that
// ends them.
func renderRecords(d *Dissector) ([]string, error) {
	var out []string
	for rec, err := range d.Records() {
		if err != nil {
			return out, err
		}
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
	return out, nil
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
