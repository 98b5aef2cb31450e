package tcp

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tsharkRow is one line of a X.tcp.tsv oracle file.
type tsharkRow map[string]string

// readOracle reads a tshark -T fields -E header=y output.
func readOracle(t *testing.T, path string) []tsharkRow {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	require.True(t, sc.Scan())
	header := strings.Split(sc.Text(), "\t")
	var rows []tsharkRow
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "\t")
		row := tsharkRow{}
		for i, h := range header {
			if i < len(cells) {
				row[h] = cells[i]
			}
		}
		rows = append(rows, row)
	}
	require.NoError(t, sc.Err())
	return rows
}

// captureFor finds the capture of an oracle file in testdata.
func captureFor(tsv string) string {
	base := strings.TrimSuffix(tsv, ".tcp.tsv")
	for _, c := range []string{base + ".pcap", base + ".pcapng", base + "-snap200.pcap"} {
		if _, err := os.Stat(c); err == nil {
			return c
		}
	}
	return ""
}

// trackedRow is our view of one TCP packet, in the oracle's terms.
type trackedRow struct {
	seg  Segment
	a    Analysis
	info string
}

// trackCapture runs Decoder and Table over a capture.
func trackCapture(t *testing.T, path string) map[uint64]trackedRow {
	t.Helper()
	r := openCapture(t, path)
	d := NewDecoder()
	tab := NewTable(TableConfig{})
	out := map[uint64]trackedRow{}
	var seg Segment
	for {
		data, ci, err := nextRecord(r)
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if err := d.Decode(data, ci, &seg); err != nil {
			require.ErrorIs(t, err, ErrNotTCP, "frame %d", ci.Frame)
			continue
		}
		a := tab.Track(&seg)
		row := trackedRow{seg: seg, a: a, info: string(a.AppendInfo(nil, &seg))}
		row.seg.Payload = nil
		out[ci.Frame] = row
	}
	return out
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// plainTCPInfo reports whether tshark's Info shows the TCP layer itself
// rather than an upper-layer protocol.
func plainTCPInfo(info string) bool {
	for strings.HasPrefix(info, "[TCP ") {
		end := strings.Index(info, "] ")
		if end < 0 {
			return false
		}
		info = info[end+2:]
	}
	i := strings.IndexByte(info, ' ')
	if i <= 0 {
		return false
	}
	_, err := strconv.ParseUint(info[:i], 10, 16)
	return err == nil && strings.HasPrefix(info[i:], " \u2192 ")
}

// TestCorpusConformance compares every TCP packet of every corpus capture
// with tshark 4.0.17's output, cell by cell.
func TestCorpusConformance(t *testing.T) {
	oracles, err := filepath.Glob("../testdata/*.tcp.tsv")
	require.NoError(t, err)
	require.NotEmpty(t, oracles)
	for _, oracle := range oracles {
		capture := captureFor(oracle)
		if capture == "" {
			continue
		}
		t.Run(filepath.Base(capture), func(t *testing.T) {
			want := readOracle(t, oracle)
			got := trackCapture(t, capture)
			assert.Len(t, got, len(want), "number of TCP packets")
			mismatches, infoChecked := 0, 0
			for _, w := range want {
				frame, err := strconv.ParseUint(w["frame.number"], 10, 64)
				require.NoError(t, err)
				g, ok := got[frame]
				if !assert.True(t, ok, "frame %d not decoded as TCP", frame) {
					continue
				}
				cells := map[string]string{
					"tcp.stream":                  strconv.FormatUint(g.a.Stream, 10),
					"tcp.srcport":                 strconv.Itoa(int(g.seg.SrcPort)),
					"tcp.dstport":                 strconv.Itoa(int(g.seg.DstPort)),
					"tcp.len":                     strconv.Itoa(g.a.Len),
					"tcp.seq":                     strconv.FormatUint(uint64(g.a.RelSeq), 10),
					"tcp.ack":                     strconv.FormatUint(uint64(g.a.RelAck), 10),
					"tcp.flags.str":               g.seg.Flags.String(),
					"tcp.analysis.retransmission": flag(g.a.Retransmission),
					"tcp.analysis.out_of_order":   flag(g.a.OutOfOrder),
					"tcp.analysis.lost_segment":   flag(g.a.LostSegment),
				}
				for field, v := range cells {
					if !assert.Equal(t, w[field], v, "frame %d %s", frame, field) {
						mismatches++
					}
				}
				wantInfo := strings.TrimSuffix(w["_ws.col.Info"], " [TCP segment of a reassembled PDU]")
				if plainTCPInfo(wantInfo) {
					infoChecked++
					if !assert.Equal(t, wantInfo, g.info, "frame %d Info", frame) {
						mismatches++
					}
				}
				if mismatches > 20 {
					t.Fatal("too many mismatches")
				}
			}
			t.Logf("%d packets, %d Info cells compared", len(want), infoChecked)
		})
	}
}

var _ = errors.Is
