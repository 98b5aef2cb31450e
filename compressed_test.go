package wsdissect_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
	capturefile "github.com/wsdissect/wsdissect/capture" // the test builder is named capture
)

// everyField prints, for every record of d, its summary line and every
// field, payloads included.
func everyField(t *testing.T, d *wsdissect.Dissector) []string {
	t.Helper()
	defer d.Close()
	var lines []string
	for rec, err := range d.Records() {
		require.NoError(t, err)
		line := rec.AppendSummary(nil)
		for _, f := range wsdissect.Fields {
			line = append(line, '\t')
			line = rec.AppendField(line, f, ",", wsdissect.AllOccurrences)
		}
		lines = append(lines, string(line))
	}
	return lines
}

// TestGzipCaptures dissects gzip'd copies of a pcap and a pcapng capture,
// opened as files and read from an io.Reader, in every mode: the same
// records as the plain capture.
func TestGzipCaptures(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"node-fragmented-ping-between.pcap", "node-deflate-no-ctx-takeover.pcapng"} {
		plain := filepath.Join("testdata", name)
		d, err := wsdissect.Open(plain, wsdissect.Options{})
		require.NoError(t, err)
		want := everyField(t, d)
		require.Greater(t, len(want), 20)

		b, err := os.ReadFile(plain)
		require.NoError(t, err)
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		_, err = w.Write(b)
		require.NoError(t, err)
		require.NoError(t, w.Close())
		file := filepath.Join(dir, name+".gz")
		require.NoError(t, os.WriteFile(file, z.Bytes(), 0o644))

		for _, workers := range []int{0, 1, 2} {
			opt := wsdissect.Options{Workers: workers}
			d, err := wsdissect.Open(file, opt)
			require.NoError(t, err)
			assert.Equal(t, want, everyField(t, d), "Open %s, %d workers", name, workers)
			d, err = wsdissect.New(bytes.NewReader(z.Bytes()), opt)
			require.NoError(t, err)
			assert.Equal(t, want, everyField(t, d), "New %s, %d workers", name, workers)
		}

		// cut short: the records before the damage, then the error
		d, err = wsdissect.New(bytes.NewReader(z.Bytes()[:z.Len()/2]), wsdissect.Options{})
		require.NoError(t, err)
		var got []string
		var end error
		for rec, err := range d.Records() {
			if err != nil {
				end = err
				break
			}
			got = append(got, string(rec.AppendSummary(nil)))
		}
		require.ErrorIs(t, end, capturefile.ErrTruncatedRecord, name)
		require.NotEmpty(t, got, name)
		require.Less(t, len(got), len(want), name)
		for i, line := range got {
			assert.Equal(t, want[i][:len(line)], line, "%s frame %d", name, i+1)
		}
	}
}

// TestZstdCapture is refused with a clear error.
func TestZstdCapture(t *testing.T) {
	_, err := wsdissect.New(bytes.NewReader([]byte("\x28\xb5\x2f\xfd\x24\x00\x01\x00")), wsdissect.Options{})
	require.ErrorIs(t, err, capturefile.ErrUnsupportedCompression)
	assert.EqualError(t, err, "capture: zstd-compressed capture: not supported, decompress it first (zstd -d)")
}
