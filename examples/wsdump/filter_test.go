package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFilterInEveryMode: a display filter selects the same frames in the
// summary, -T fields, -V and -T json (frames 6 and 7: the handshake's SYN
// and SYN/ACK).
func TestFilterInEveryMode(t *testing.T) {
	const filter = "tcp.flags.syn == 1 && frame.number < 10"
	out, _, code := runWsdump(t, "-r", capture, "-Y", filter, "-T", "fields", "-e", "frame.number")
	require.Zero(t, code)
	assert.Equal(t, "6\n7\n", out)
	out, _, code = runWsdump(t, "-r", capture, "-Y", filter)
	require.Zero(t, code)
	assert.Equal(t, 2, strings.Count(out, "\n"))
	out, _, code = runWsdump(t, "-r", capture, "-Y", filter, "-V")
	require.Zero(t, code)
	assert.Equal(t, 2, strings.Count("\n"+out, "\nFrame "), out)
	out, _, code = runWsdump(t, "-r", capture, "-Y", filter, "-T", "json")
	require.Zero(t, code)
	assert.Equal(t, 2, strings.Count(out, `"_index"`))
}

// TestFilterErrors: a filter that does not compile prints tshark's message
// with the place underlined, exits 2 and prints nothing for the capture.
func TestFilterErrors(t *testing.T) {
	out, errs, code := runWsdump(t, "-r", capture, "-Y", "tcp.port == 99999999")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "wsdump: \"99999999\" too big for this field, maximum 65535.\n    tcp.port == 99999999\n                ^~~~~~~~\n", errs)
	_, errs, code = runWsdump(t, "-r", capture, "-R", "tcp")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "-R without -2")
}

// TestSave: -w writes the frames that pass -Y, in the input's format or
// -F's, and reading the file back shows those frames as they were.
func TestSave(t *testing.T) {
	dir := t.TempDir()
	fields := []string{"-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len", "-e", "tcp.srcport", "-e", "tcp.len", "-e", "_ws.col.Info"}
	want, _, code := runWsdump(t, append([]string{"-r", capture, "-Y", "tcp.stream == 0 && tcp.len > 0"}, fields...)...)
	require.Zero(t, code)
	require.NotEmpty(t, want)
	for _, format := range []string{"", "pcap", "pcapng"} {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(dir, "out"+format)
			args := []string{"-r", capture, "-Y", "tcp.stream == 0 && tcp.len > 0", "-w", path}
			if format != "" {
				args = append(args, "-F", format)
			}
			out, errs, code := runWsdump(t, args...)
			require.Zero(t, code, errs)
			assert.Empty(t, out, "-w prints no summary lines without -P")
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			magic := map[string]string{"": "\xd4\xc3\xb2\xa1", "pcap": "\xd4\xc3\xb2\xa1", "pcapng": "\x0a\x0d\x0d\x0a"}[format]
			assert.Equal(t, magic, string(b[:4]))
			// the stream's packets without payload are gone: other
			// analysis flags, same frames otherwise
			got, _, code := runWsdump(t, append([]string{"-r", path}, fields...)...)
			require.Zero(t, code)
			assert.Equal(t, strings.Count(want, "\n"), strings.Count(got, "\n"))
			w, g := strings.Split(strings.TrimSpace(want), "\n"), strings.Split(strings.TrimSpace(got), "\n")
			for i := range w {
				wf, gf := strings.Split(w[i], "\t"), strings.Split(g[i], "\t")
				assert.Equal(t, wf[:5], gf[:5], "frame %d", i+1)
			}
		})
	}
}

// TestReadFilter: -R with -2 keeps, in a first pass, the frames that pass,
// and the run sees only those, numbered from 1, as tshark -2 -R prints
// them (frame numbers, sequence numbers and Info of the first frames,
// recorded with tshark 4.0.17).
func TestReadFilter(t *testing.T) {
	out, errs, code := runWsdump(t, "-2", "-r", capture, "-R", "tcp.len > 0", "-T", "fields", "-e", "frame.number", "-e", "tcp.seq", "-e", "_ws.col.Info")
	require.Zero(t, code, errs)
	want := "1\t1\tGET /ws HTTP/1.1 \n2\t1\tHTTP/1.1 101 Switching Protocols \n3\t156\tWebSocket Text[FRAGMENT]  [MASKED]\n" +
		"4\t172\tWebSocket Ping [FIN] [MASKED]\n5\t195\tWebSocket Continuation[FRAGMENT]  [MASKED]\n"
	assert.True(t, strings.HasPrefix(out, want), out)
}

// TestTypedFilterTwoPass: a filter on fields the records hold without their
// frames (tcp.completeness, tcp.stream) sees with -2 what tshark -2 shows:
// the stream's final completeness on every frame (tshark -2 -Y
// 'tcp.completeness == 31' selects 490 frames of node-loss-retrans, one
// pass only the few after the stream completed), and frames are kept for
// -w.
func TestTypedFilterTwoPass(t *testing.T) {
	const path = "../../testdata/node-loss-retrans.pcap"
	out, errs, code := runWsdump(t, "-2", "-r", path, "-Y", "tcp.completeness == 31")
	require.Zero(t, code, errs)
	assert.Equal(t, 490, strings.Count(out, "\n"))
	out, errs, code = runWsdump(t, "-r", path, "-Y", "tcp.completeness == 31")
	require.Zero(t, code, errs)
	assert.Less(t, strings.Count(out, "\n"), 10)

	saved := filepath.Join(t.TempDir(), "stream.pcap")
	_, errs, code = runWsdump(t, "-r", path, "-Y", "tcp.stream == 0 && websocket.opcode == 1", "-w", saved)
	require.Zero(t, code, errs)
	back, errs, code := runWsdump(t, "-r", saved, "-T", "fields", "-e", "websocket.opcode")
	require.Zero(t, code, errs)
	want, _, _ := runWsdump(t, "-r", path, "-Y", "tcp.stream == 0 && websocket.opcode == 1", "-T", "fields", "-e", "websocket.opcode")
	assert.NotEmpty(t, want)
	assert.Equal(t, strings.Count(want, "\n"), strings.Count(back, "\n"))
}
