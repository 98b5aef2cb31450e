package main

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gzipFile writes a gzip'd copy of the test capture into dir.
func gzipFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(capture)
	require.NoError(t, err)
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	require.NoError(t, err)
	w := gzip.NewWriter(f)
	_, err = w.Write(b)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	require.NoError(t, f.Close())
	return path
}

// TestGzipCapture reads a gzip'd capture as a file, whatever its name, and
// on standard input: the same output as the plain capture, as tshark does.
func TestGzipCapture(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		nil,
		{"-Y", "websocket", "-T", "fields", "-e", "frame.number", "-e", "websocket.payload.text"},
	} {
		want, stderr, code := runWsdump(t, append([]string{"-r", capture}, args...)...)
		require.Equal(t, 0, code, stderr)
		require.NotEmpty(t, want)
		for _, name := range []string{"capture.pcap.gz", "no-extension"} {
			out, stderr, code := runWsdump(t, append([]string{"-r", gzipFile(t, dir, name)}, args...)...)
			assert.Equal(t, 0, code, stderr)
			assert.Equal(t, want, out, "%s %v", name, args)
		}

		// standard input is os.Stdin, which the test points at the file
		// (the tests of this package do not run in parallel)
		f, err := os.Open(gzipFile(t, dir, "stdin.pcap.gz"))
		require.NoError(t, err)
		stdin := os.Stdin
		os.Stdin = f
		out, stderr, code := runWsdump(t, append([]string{"-r", "-"}, args...)...)
		os.Stdin = stdin
		require.NoError(t, f.Close())
		assert.Equal(t, 0, code, stderr)
		assert.Equal(t, want, out, "-r - %v", args)
	}
}

// TestUnsupportedCompression names the format and the way out.
func TestUnsupportedCompression(t *testing.T) {
	path := filepath.Join(t.TempDir(), "capture.pcap.zst")
	require.NoError(t, os.WriteFile(path, []byte("\x28\xb5\x2f\xfd\x24\x00\x01\x00"), 0o644))
	out, stderr, code := runWsdump(t, "-r", path)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, "wsdump: "+path+": capture: zstd-compressed capture: not supported, decompress it first (zstd -d)\n", stderr)
}

// TestDamagedGzipCapture cuts and corrupts a gzip'd capture: wsdump prints
// the packets before the damage, then exits 1 with one line naming the file.
func TestDamagedGzipCapture(t *testing.T) {
	whole, stderr, code := runWsdump(t, "-r", capture)
	require.Equal(t, 0, code, stderr)
	dir := t.TempDir()
	z, err := os.ReadFile(gzipFile(t, dir, "whole.pcap.gz"))
	require.NoError(t, err)
	badCRC := append([]byte(nil), z...)
	badCRC[len(badCRC)-8] ^= 0xff
	for _, tc := range []struct {
		name, message string
		b             []byte
	}{
		{"cut", "capture truncated in the middle of a record", z[:len(z)/2]},
		{"bad CRC", "compressed capture damaged, cannot be decompressed", badCRC},
	} {
		path := filepath.Join(dir, tc.name+".pcap.gz")
		require.NoError(t, os.WriteFile(path, tc.b, 0o644))
		out, stderr, code := runWsdump(t, "-r", path)
		assert.Equal(t, 1, code, tc.name)
		assert.NotEmpty(t, out, tc.name)
		assert.True(t, strings.HasPrefix(whole, out), "%s: the packets before the damage", tc.name)
		assert.Contains(t, stderr, path, tc.name)
		assert.Contains(t, stderr, tc.message, tc.name)
		assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
	}
}
