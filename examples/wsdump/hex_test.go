package main

import (
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHexMatchesTshark runs wsdump -2 -x as compare.py does and compares
// its output with tshark's, byte for byte: each frame, then its data
// sources (Reassembled TCP, Unmasked data, Reassembled Message), each
// headed by its name and size when there are several.
func TestHexMatchesTshark(t *testing.T) {
	golden := readGolden(t, "../../testdata/node-fragmented-ping-between.hex.txt.gz")
	out, stderr, code := runWsdump(t, "-2", "-r", capture, "-x")
	require.Equal(t, 0, code, stderr)
	// a packet's dump ends in a blank line
	want, got := strings.SplitAfter(golden, "\n\n"), strings.SplitAfter(out, "\n\n")
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i], got[i], "frame %d", i+1)
	}
	for _, src := range []string{"\nReassembled TCP (", "\nUnmasked data (", "\nReassembled Message ("} {
		assert.Contains(t, out, src)
	}
}

// TestHexOptions: -x with -V, with -P and -O, with -q; --hexdump's
// options; byte for byte as tshark 4.0.17 prints them
// (tshark -2 -o tcp.reassemble_out_of_order:TRUE and the same arguments).
func TestHexOptions(t *testing.T) {
	for _, c := range []struct {
		golden string
		args   []string
	}{
		// HTTP, WebSocket and Data (whose bytes -V alone dumps under it)
		{"hex-c30-Ytcp-V.txt.gz", []string{"-c30", "-Y", "tcp", "-V", "-x"}},
		{"hex-c8-Ytcp-P-Otcp.txt", []string{"-c8", "-Y", "tcp", "-P", "-O", "tcp", "-x"}},
		{"hex-c8-q.txt", []string{"-c8", "-q", "-x"}},
		// frame 33 has three data sources: only the frame's is shown
		{"hex-c34-frames-delimit.txt", []string{"-c34", "--hexdump", "frames", "--hexdump", "delimit"}},
		{"hex-c12-Ytcp-P-noascii.txt", []string{"-c12", "-Y", "tcp", "-P", "--hexdump", "noascii"}},
	} {
		want := readGolden(t, "testdata/"+c.golden)
		out, stderr, code := runWsdump(t, append([]string{"-2", "-r", capture}, c.args...)...)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, want, out, c.golden)
	}
}

// readGolden reads a golden file, gunzipped when its name ends in .gz.
func readGolden(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		require.NoError(t, err)
		r = z
	}
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(b)
}

func TestHexdumpArguments(t *testing.T) {
	out, _, code := runWsdump(t, "--hexdump", "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "\n\nValid --hexdump <hexoption> values include:\n\nData source options:\n  all ")

	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"--hexdump", "bad"}, `"bad" is an invalid value for --hexdump <hexoption>`},
		{[]string{"-x", "-T", "fields", "-e", "frame.number"}, "Raw packet hex data can only be printed as text"},
		{[]string{"-x", "-T", "json"}, "not implemented"},
	} {
		_, stderr, code := runWsdump(t, append([]string{"-r", capture}, c.args...)...)
		assert.Equal(t, 2, code, c.args)
		assert.Contains(t, stderr, c.err, c.args)
	}
}
