package wsdissect

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/tcp"
)

// readDetails reads tshark -2 -V output (X.details.txt.gz): every frame's
// lines, by frame number.
func readDetails(t *testing.T, path string) map[uint64][]string {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	require.NoError(t, err)
	out := map[uint64][]string{}
	var cur uint64
	sc := bufio.NewScanner(z)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "Frame ") {
			cur++
		}
		if l != "" && cur > 0 {
			out[cur] = append(out[cur], l)
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// sections keeps the lines of the top-level items whose label starts with
// one of the prefixes; the hex dump under a Data item belongs to it, blank
// lines to none.
func sections(lines []string, prefixes ...string) []string {
	var out []string
	keep := false
	for _, l := range lines {
		if l == "" {
			continue
		}
		if !strings.HasPrefix(l, " ") && !hexDumpLine.MatchString(l) {
			keep = false
			for _, p := range prefixes {
				keep = keep || strings.HasPrefix(l, p)
			}
			// TCP's reassembly tree
			keep = keep || strings.HasPrefix(l, "[") && strings.Contains(l, " Reassembled TCP Segments (")
			// WebSocket's
			keep = keep || strings.HasPrefix(l, "[") && strings.Contains(l, " Reassembled websocket Fragments (")
		}
		if keep {
			out = append(out, l)
		}
	}
	return out
}

// The layers the tree builds today, line for line as tshark -2 -V prints
// them, for every frame of captures of each link type, pcap and pcapng.
var builtSections = []string{"Frame ", "Ethernet II", "802.1Q", "Linux cooked", "Null/Loopback", "Raw packet data", "Internet Protocol Version", "Transmission Control Protocol", "[Packet size limited during capture: TCP",
	"Hypertext Transfer Protocol", "[Packet size limited during capture: HTTP", "WebSocket", "Continue: ", "Line-based text data (", "Line-based text data: ", "Data (",
	"[Packet size limited during capture: WebSocket"}

// hexDumpLine is a line of the hex dump tshark -V prints under Data.
var hexDumpLine = regexp.MustCompile(`^[0-9a-f]{4,}  `)

func TestFillTreeAsTsharkShows(t *testing.T) {
	for _, name := range []string{
		"node-fragmented-ping-between.pcap", "node-sll2-any.pcap", "go-gorilla-ipv6.pcap",
		"node-deflate-no-ctx-takeover.pcapng",
		// the first 19 frames of node-fragmented-ping-between.pcap, 16
		// (masked, the last of a fragmented message) and 19 (not masked)
		// cut to 86 bytes: tshark stops at their payloads. (After such a
		// frame tshark shows the rest of its direction as bare TCP; the
		// pipeline does not yet.)
		"ws-cut-by-snaplen.pcap",
		// HTTP keep-alive before the upgrade, bodies with Content-Length
		// and chunked, a query, a 403
		"go-gorilla-keepalive-then-upgrade-node.pcap", "chromium-abrupt-kill.pcap", "node-rejected-403.pcap",
		// gzip-coded bodies, with Content-Length and chunked
		"crafted-http-gzip.pcap",
		// TCP headers cut by the snap length, IPv6 in Linux cooked v2
		"port-reuse-ipv6-sll2-snap80.pcapng",
		// a handshake cut by the snap length, then HTTP "Continuation"
		// segments cut too: binary bytes as data, or as a header line with
		// a bad name when their first line holds a colon (36, 51, 57, 73,
		// 108, 131), or as "File Data" when they start printable
		"node-snaplen128-truncated.pcap",
	} {
		t.Run(name, func(t *testing.T) {
			want := readDetails(t, "testdata/"+strings.TrimSuffix(strings.TrimSuffix(name, ".pcap"), ".pcapng")+".details.txt.gz")
			d, err := Open("testdata/"+name, Options{KeepFrames: true, TwoPass: true})
			require.NoError(t, err)
			defer d.Close()
			tr := field.NewTree()
			var out []byte
			n := 0
			for rec, err := range d.Records() {
				require.NoError(t, err)
				n++
				rec.FillTree(tr, rec.Delta)
				out = tr.AppendDetails(out[:0], nil)
				got := sections(strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"), builtSections...)
				w := sections(want[rec.Frame], builtSections...)
				// HTTP and WebSocket are still to come, and their names in
				// frame.protocols with them
				if hasUpperProtocols(w) {
					w, got = withoutProtocols(w), withoutProtocols(got)
				}
				if name == "node-snaplen128-truncated.pcap" && rec.Frame == 131 {
					// its header line holds a NUL: tshark adds "Trailing
					// stray characters", which the tree does not know yet
					w = withoutLines(w, "        [Expert Info (Warning/Undecoded): Trailing stray characters]",
						"            [Trailing stray characters]", "            [Severity level: Warning]", "            [Group: Undecoded]")
				}
				assert.Equal(t, w, got, "frame %d", rec.Frame)
			}
			assert.Equal(t, len(want), n)
		})
	}
}

// withoutLines drops from lines the first occurrence of each of drop.
func withoutLines(lines []string, drop ...string) []string {
	out := lines[:0:0]
	for _, l := range lines {
		if len(drop) > 0 && l == drop[0] {
			drop = drop[1:]
			continue
		}
		out = append(out, l)
	}
	return out
}

func hasUpperProtocols(lines []string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, "    [Protocols in frame") && strings.Contains(l, ":tcp:") {
			return true
		}
	}
	return false
}

func withoutProtocols(lines []string) []string {
	out := lines[:0:0]
	for _, l := range lines {
		if !strings.HasPrefix(l, "    [Protocols in frame") {
			out = append(out, l)
		}
	}
	return out
}

// TestTwoPassEveryWorkers: each frame shows its stream's final completeness
// however many goroutines dissect (the first pass's values reach the
// pipeline before any of them starts: a race once gave some frames their
// value so far).
func TestTwoPassEveryWorkers(t *testing.T) {
	for _, workers := range []int{0, 1, 2} {
		for run := range 3 {
			t.Run(fmt.Sprint(workers, "/", run), func(t *testing.T) {
				d, err := Open("testdata/node-fragmented-ping-between.pcap", Options{TwoPass: true, Workers: workers})
				require.NoError(t, err)
				defer d.Close()
				n := 0
				for rec, err := range d.Records() {
					require.NoError(t, err)
					if rec.TCP != nil {
						n++
						assert.Equal(t, tcp.Completeness(31), rec.TCP.Analysis.Completeness, "frame %d", rec.Frame)
					}
				}
				assert.Equal(t, 64, n)
			})
		}
	}
}

// TestTreeWithoutHiddenItems checks that a tree told to build no hidden
// item (as wsdump's packet details are) prints the same details as a whole
// tree, with none of the hidden items and fewer items in all.
func TestTreeWithoutHiddenItems(t *testing.T) {
	for _, name := range []string{
		"node-fragmented-ping-between.pcap", "node-sll2-any.pcap", "go-gorilla-ipv6.pcap",
		"go-gorilla-keepalive-then-upgrade-node.pcap", "crafted-ipv6-ext.pcap", "port-reuse-ipv6-sll2-snap80.pcapng",
	} {
		t.Run(name, func(t *testing.T) {
			d, err := Open("testdata/"+name, Options{KeepFrames: true, TwoPass: true})
			require.NoError(t, err)
			defer d.Close()
			whole, shown := field.NewTree(), field.NewTree()
			shown.BuildHidden(false)
			var want, got []byte
			wholeItems, shownItems := 0, 0
			for rec, err := range d.Records() {
				require.NoError(t, err)
				rec.FillTree(whole, rec.Delta)
				rec.FillTree(shown, rec.Delta)
				want, got = whole.AppendDetails(want[:0], nil), shown.AppendDetails(got[:0], nil)
				require.Equal(t, string(want), string(got), "frame %d", rec.Frame)
				shown.Walk(func(n field.Node, _ int) bool {
					if shown.Hidden(n) {
						t.Errorf("frame %d: hidden item %s", rec.Frame, shown.AppendLabel(nil, n))
					}
					return true
				})
				wholeItems += whole.Len()
				shownItems += shown.Len()
			}
			assert.Less(t, shownItems, wholeItems, "every TCP packet has hidden items (tcp.port)")
		})
	}
}
