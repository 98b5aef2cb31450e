package wsdissect

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/wsframe"
)

// golden is one tshark -T fields output: its header and rows keyed by frame.
type golden struct {
	header []string
	rows   map[string][]string
	order  []string
}

func readGolden(t *testing.T, path string) *golden {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	g := &golden{header: strings.Split(lines[0], "\t"), rows: map[string][]string{}}
	for _, l := range lines[1:] {
		cells := strings.Split(l, "\t")
		for len(cells) < len(g.header) {
			cells = append(cells, "")
		}
		if _, dup := g.rows[cells[0]]; !dup {
			g.rows[cells[0]] = cells
			g.order = append(g.order, cells[0])
		}
	}
	return g
}

// deviations reads X.deviations.tsv: cells where tshark 4.0 is wrong and
// the value we print instead.
func deviations(t *testing.T, capture string) map[[2]string]string {
	dev := map[[2]string]string{}
	b, err := os.ReadFile(strings.TrimSuffix(capture, filepath.Ext(capture)) + ".deviations.tsv")
	if err != nil {
		return dev
	}
	for _, l := range strings.Split(string(b), "\n")[1:] {
		c := strings.Split(l, "\t")
		if len(c) >= 3 && c[0] != "" {
			dev[[2]string{c[0], c[1]}] = c[2]
		}
	}
	return dev
}

// dissectFields runs the pipeline over a capture and prints the golden's
// columns for the records that pass the filter, keyed by frame number.
func dissectFields(t *testing.T, capture, filter string, header []string) map[string][]string {
	t.Helper()
	d, err := Open(capture, Options{})
	require.NoError(t, err)
	defer d.Close()
	got := map[string][]string{}
	for rec, err := range d.Records() {
		require.NoError(t, err)
		if !rec.Has(filter) {
			continue
		}
		cells := make([]string, len(header))
		for i, f := range header {
			cells[i] = string(rec.AppendField(nil, f, ",", AllOccurrences))
		}
		got[cells[0]] = cells
	}
	return got
}

// TestConformance compares the pipeline with tshark 4.0.17's output kept
// beside each capture in testdata/, cell by cell, as
// shared/conformance/compare.py does: the websocket, http and tcp views (the
// tcp view for the streams that carry WebSocket) and the summary of every
// frame.
func TestConformance(t *testing.T) {
	captures, _ := filepath.Glob("testdata/*.pcap*")
	require.NotEmpty(t, captures)
	for _, capture := range captures {
		base := strings.TrimSuffix(capture, filepath.Ext(capture))
		t.Run(filepath.Base(base), func(t *testing.T) {
			wsStreams := map[string]bool{}
			for _, view := range []struct{ name, filter string }{{"ws", "websocket"}, {"http", "http"}, {"tcp", "tcp"}} {
				path := base + "." + view.name + ".tsv"
				if _, err := os.Stat(path); err != nil {
					continue
				}
				want := readGolden(t, path)
				streamCol := indexOf(want.header, "tcp.stream")
				if view.name == "ws" {
					for k, v := range deviations(t, capture) {
						if row, ok := want.rows[k[0]]; ok {
							if i := indexOf(want.header, k[1]); i >= 0 {
								row[i] = v
							}
						}
					}
					for _, row := range want.rows {
						wsStreams[row[streamCol]] = true
					}
				}
				got := dissectFields(t, capture, view.filter, want.header)
				for _, frame := range want.order {
					wrow := want.rows[frame]
					if view.name == "tcp" && !wsStreams[wrow[streamCol]] {
						continue
					}
					grow, ok := got[frame]
					if !assert.True(t, ok, "%s view: frame %s missing", view.name, frame) {
						continue
					}
					for i, col := range want.header {
						assert.Equal(t, wrow[i], grow[i], "%s view: frame %s %s", view.name, frame, col)
					}
				}
				for frame, grow := range got {
					if view.name == "tcp" && !wsStreams[grow[streamCol]] {
						continue
					}
					_, ok := want.rows[frame]
					assert.True(t, ok, "%s view: frame %s is not in tshark's output", view.name, frame)
				}
			}
			checkSummary(t, capture, base)
		})
	}
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// truthMessage is one line of X.messages.jsonl: what the applications
// themselves logged of each message they sent.
type truthMessage struct {
	Stream uint64 `json:"stream"`
	From   string `json:"from"`
	Opcode string `json:"opcode"`
	Length int    `json:"length"`
	SHA256 string `json:"sha256"`
}

// listed reads a MESSAGES-*.txt list: capture name → its other columns.
func listed(t *testing.T, name string) map[string][]string {
	out := map[string][]string{}
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	for _, l := range strings.Split(string(b), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		c := strings.Split(l, "\t")
		out[c[0]] = c[1:]
	}
	return out
}

// TestMessagesAgainstApplications checks every complete message against the
// applications' own record of what they sent: per stream and direction, the
// same opcodes, lengths and SHA-256 of the final payload, in the same order.
func TestMessagesAgainstApplications(t *testing.T) {
	skip := listed(t, "MESSAGES-SKIP.txt")
	lengthOnly := listed(t, "MESSAGES-LENGTH-ONLY.txt")
	truths, _ := filepath.Glob("testdata/*.messages.jsonl")
	require.NotEmpty(t, truths)
	for _, truth := range truths {
		base := strings.TrimSuffix(truth, ".messages.jsonl")
		captures, _ := filepath.Glob(base + ".pcap*")
		require.Len(t, captures, 1)
		capture := captures[0]
		if _, ok := skip[filepath.Base(capture)]; ok {
			continue
		}
		t.Run(filepath.Base(base), func(t *testing.T) {
			key := func(stream uint64, from, opcode string, length int, sum string) string {
				if _, ok := lengthOnly[filepath.Base(capture)]; ok {
					sum = ""
				}
				return fmt.Sprintf("%s %d %s", opcode, length, sum)
			}
			want := map[string][]string{}
			b, err := os.ReadFile(truth)
			require.NoError(t, err)
			for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				var m truthMessage
				require.NoError(t, json.Unmarshal([]byte(l), &m))
				k := fmt.Sprintf("%d/%s", m.Stream, m.From)
				want[k] = append(want[k], key(m.Stream, m.From, m.Opcode, m.Length, m.SHA256))
			}
			got := map[string][]string{}
			d, err := Open(capture, Options{})
			require.NoError(t, err)
			defer d.Close()
			for m, err := range d.Messages() {
				require.NoError(t, err)
				from := "server"
				if m.FromClient {
					from = "client"
				}
				sum := sha256.Sum256(m.Data)
				k := fmt.Sprintf("%d/%s", m.Stream, from)
				got[k] = append(got[k], key(m.Stream, from, opcodeWord(m.Opcode), len(m.Data), hex.EncodeToString(sum[:])))
			}
			assert.Equal(t, want, got)
		})
	}
}

func opcodeWord(op wsframe.Opcode) string {
	switch op {
	case wsframe.OpText:
		return "text"
	case wsframe.OpBinary:
		return "binary"
	case wsframe.OpClose:
		return "close"
	case wsframe.OpPing:
		return "ping"
	case wsframe.OpPong:
		return "pong"
	}
	return fmt.Sprint(int(op))
}

// summaryGaps are the captures whose summary is not yet tshark's, and why.
// compare.py's summary view leaves them out too: they carry no WebSocket.
var summaryGaps = map[string]string{
	"node-snaplen128-truncated": "after a handshake cut by the snap length, tshark marks the segments " +
		"\"[TCP segment of a reassembled PDU]\" and shows the rest as HTTP Continuation under HTTP",
}

// checkSummary compares tshark's default one-line summary of every frame,
// whatever its protocol, byte for byte (column alignment included).
func checkSummary(t *testing.T, capture, base string) {
	b, err := os.ReadFile(base + ".summary.txt")
	if err != nil {
		return
	}
	if why, ok := summaryGaps[filepath.Base(base)]; ok {
		t.Logf("summary not compared: %s", why)
		return
	}
	want := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	d, err := Open(capture, Options{})
	require.NoError(t, err)
	defer d.Close()
	var line []byte
	n := 0
	for rec, err := range d.Records() {
		require.NoError(t, err)
		line = rec.AppendSummary(line[:0])
		if n < len(want) {
			assert.Equal(t, want[n], string(line), "summary of frame %d", rec.Frame)
		}
		n++
	}
	assert.Equal(t, len(want), n, "summary lines compared")
}
