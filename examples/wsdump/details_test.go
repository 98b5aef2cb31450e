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

// TestEveryLowerField: -e takes every field tshark 4.0 has for frame, eth,
// vlan, null, sll, ip, ipv6 and tcp (../shared/conformance/fields.tsv), and
// prints it as tshark -2 -T fields does, on every frame of a capture.
func TestEveryLowerField(t *testing.T) {
	f, err := os.Open("testdata/every-lower-field.tsv.gz")
	require.NoError(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	require.NoError(t, err)
	var want strings.Builder
	sc := bufio.NewScanner(z)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		want.WriteString(sc.Text() + "\n")
	}
	header := strings.Split(strings.SplitN(want.String(), "\n", 2)[0], "\t")
	require.Greater(t, len(header), 680)
	args := []string{"-2", "-r", capture, "-T", "fields", "-E", "header=y"}
	for _, h := range header {
		args = append(args, "-e", h)
	}
	out, stderr, code := runWsdump(t, args...)
	require.Equal(t, 0, code, stderr)
	w, g := strings.Split(want.String(), "\n"), strings.Split(out, "\n")
	require.Len(t, g, len(w))
	for i := range w {
		wc, gc := strings.Split(w[i], "\t"), strings.Split(g[i], "\t")
		require.Len(t, gc, len(wc), "line %d", i)
		for j := range wc {
			assert.Equal(t, wc[j], gc[j], "frame %d, %s", i, header[j])
		}
	}
}

// TestNoNameResolution: -n shows link addresses as they are, in the
// summary line ("ff:ff:ff:ff:ff:ff", not "Broadcast") and in the packet
// details ("Destination: ee:15:3d:fe:c4:3c"), byte for byte as tshark -n.
func TestNoNameResolution(t *testing.T) {
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"testdata/summary-n-c8.txt", []string{"-n", "-r", capture, "-c8"}},
		{"testdata/details-n-c8-Ytcp.txt", []string{"-n", "-2", "-r", capture, "-c8", "-Y", "tcp", "-V"}},
	} {
		want, err := os.ReadFile(c.golden)
		require.NoError(t, err)
		out, stderr, code := runWsdump(t, c.args...)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, string(want), out, c.golden)
	}
}

// TestReportFields: -G fields lists every field of frame, eth, vlan, null,
// sll, ip, ipv6, tcp, tls and Wireshark's own _ws exactly as tshark 4.0.17's -G fields does
// (testdata/fields-lower.tsv holds its lines for these protocols).
func TestReportFields(t *testing.T) {
	want, err := os.ReadFile("testdata/fields-lower.tsv")
	require.NoError(t, err)
	for _, args := range [][]string{{"-G"}, {"-G", "fields"}, {"-Gfields"}} {
		out, stderr, code := runWsdump(t, args...)
		require.Equal(t, 0, code, stderr)
		got := map[string]bool{}
		for _, l := range strings.Split(out, "\n") {
			got[l] = true
		}
		for _, l := range strings.Split(strings.TrimRight(string(want), "\n"), "\n") {
			assert.True(t, got[l], "%v lacks %q", args, l)
		}
	}
	_, stderr, code := runWsdump(t, "-G", "bogus")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `Invalid "bogus" option for -G flag`)
}

// TestProtocolAndExpertFields: -e of a protocol prints its label, or its
// filter name when that is all it shows ("websocket"); the _ws.expert
// fields print every expert info of the packet (label, message, severity,
// group) and an expert info's own filter name prints 1, as tshark 4.0.17
// prints them (testdata/protocol-expert-fields.tsv).
func TestProtocolAndExpertFields(t *testing.T) {
	want, err := os.ReadFile("testdata/protocol-expert-fields.tsv")
	require.NoError(t, err)
	args := []string{"-2", "-r", "../../testdata/node-loss-retrans.pcap", "-T", "fields", "-E", "header=y"}
	for _, f := range strings.Split(strings.TrimSuffix(strings.SplitN(string(want), "\n", 2)[0], "\r"), "\t") {
		args = append(args, "-e", f)
	}
	out, stderr, code := runWsdump(t, args...)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, string(want), out)
}
