package main

import (
	"bufio"
	"compress/gzip"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// detailsByFrame splits tshark -V output into each frame's lines.
func detailsByFrame(text string) [][]string {
	var frames [][]string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "Frame ") {
			frames = append(frames, nil)
		}
		if l != "" && len(frames) > 0 {
			frames[len(frames)-1] = append(frames[len(frames)-1], l)
		}
	}
	return frames
}

// hexLine is a line of a hex dump, which stays in the section above it.
var hexLine = regexp.MustCompile(`^[0-9a-f]{4,}  `)

// lowerLayers keeps the frame, link, IP and TCP lines: what the packet tree
// has today (HTTP and WebSocket are still to come).
func lowerLayers(lines []string) []string {
	var out []string
	keep := false
	for _, l := range lines {
		if !strings.HasPrefix(l, " ") && !hexLine.MatchString(l) {
			keep = strings.HasPrefix(l, "Frame ") || strings.HasPrefix(l, "Ethernet II") ||
				strings.HasPrefix(l, "Internet Protocol") || strings.HasPrefix(l, "Transmission Control") ||
				strings.Contains(l, " Reassembled TCP Segments (")
		}
		if keep && !strings.HasPrefix(l, "    [Protocols in frame") {
			out = append(out, l)
		}
	}
	return out
}

// TestDetailsMatchTshark runs wsdump -2 -V as compare.py does and compares
// every frame's lower layers with tshark -2 -V, line for line, and that
// frames are printed as tshark prints them: a blank line after each.
func TestDetailsMatchTshark(t *testing.T) {
	f, err := os.Open("../../testdata/node-fragmented-ping-between.details.txt.gz")
	require.NoError(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	require.NoError(t, err)
	var golden strings.Builder
	sc := bufio.NewScanner(z)
	for sc.Scan() {
		golden.WriteString(sc.Text() + "\n")
	}
	out, stderr, code := runWsdump(t, "-2", "-r", capture, "-V")
	require.Equal(t, 0, code, stderr)
	assert.True(t, strings.HasSuffix(out, "\n\n"))
	want, got := detailsByFrame(golden.String()), detailsByFrame(out)
	require.Len(t, got, len(want))
	tcpFrames := 0
	for i := range want {
		if !slices.ContainsFunc(want[i], func(l string) bool { return strings.HasPrefix(l, "Transmission Control Protocol") }) {
			continue // ARP and ICMPv6 are not in the tree
		}
		tcpFrames++
		assert.Equal(t, lowerLayers(want[i]), lowerLayers(got[i]), "frame %d", i+1)
	}
	assert.Equal(t, 64, tcpFrames)
}

// TestDetailsOptions: -O shows only the named protocols whole, -P adds the
// summary line, -c ends both passes of -2 (so the completeness is that of
// the first seven frames); byte for byte as tshark 4.0.17 prints them.
func TestDetailsOptions(t *testing.T) {
	want, err := os.ReadFile("testdata/details-c7-Ytcp-P-Otcp.txt")
	require.NoError(t, err)
	out, stderr, code := runWsdump(t, "-2", "-r", capture, "-c7", "-Y", "tcp", "-P", "-Otcp")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, string(want), out)
}
