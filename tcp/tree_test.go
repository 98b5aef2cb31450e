package tcp

import (
	"bufio"
	"compress/gzip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wsdissect/wsdissect/field"
)

// rootLines are lines of tshark's TCP section that the reassembly layer and
// the root add after FillTCP's, and tshark items FillTCP does not make yet.
var rootLines = []string{
	"    [Reassembled PDU in frame: ", "    TCP segment data (", "    Retransmitted TCP segment data (",
	"    [PDU Size: ",
}

func isRootLine(l string) bool {
	for _, p := range rootLines {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// readTCPDetails reads the TCP section of each frame from the output of
// tshark -2 -o tcp.reassemble_out_of_order:TRUE -V, or from a golden that
// kept only those sections, each after its "Frame N" line.
func readTCPDetails(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	require.NoError(t, err)
	out := map[string][]string{}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	frame, in := "", false
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "Frame "):
			frame, _, _ = strings.Cut(l, ":")
			in = false
			continue
		case strings.HasPrefix(l, "Transmission Control Protocol"):
			in = true
		case l == "" || l[0] != ' ':
			in = false
		}
		if in && !isRootLine(l) {
			out[frame] = append(out[frame], l)
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// streamFinal is what tshark -2 prints on every packet of a stream: the
// values at the end of the capture.
type streamFinal struct {
	completeness Completeness
	irtt         time.Duration
}

// fillCapture tracks a capture twice, as tshark -2 does (the first pass
// for each stream's final completeness and iRTT), and returns the TCP
// section FillTCP gives each frame.
func fillCapture(t *testing.T, path string) map[string][]string {
	t.Helper()
	datas, cis := corpusRecords(t, path)
	d := NewDecoder()
	final := map[uint64]streamFinal{}
	tab := NewTable(TableConfig{})
	var seg Segment
	for i := range datas {
		if d.Decode(datas[i], cis[i], &seg) == nil {
			a := tab.Track(&seg)
			final[a.Stream] = streamFinal{a.Completeness, a.InitialRTT}
		}
	}
	out := map[string][]string{}
	tab = NewTable(TableConfig{})
	tr := field.NewTree()
	var text []byte
	for i := range datas {
		if d.Decode(datas[i], cis[i], &seg) != nil {
			continue
		}
		a := tab.Track(&seg)
		a.Completeness, a.InitialRTT = final[a.Stream].completeness, final[a.Stream].irtt
		hdr, off, ok := HeaderIn(datas[i], &seg)
		if !ok {
			continue
		}
		tr.Reset()
		FillTCP(tr, field.NoNode, hdr, off, &seg, &a)
		text = tr.AppendDetails(text[:0], nil)
		out["Frame "+strconv.FormatUint(cis[i].Frame, 10)] = strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
	}
	return out
}

// matchLines counts the lines of want found in got in order (their
// longest common subsequence).
func matchLines(want, got []string) int {
	prev := make([]int, len(got)+1)
	cur := make([]int, len(got)+1)
	for i := range want {
		for j := range got {
			switch {
			case want[i] == got[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(got)]
}

// knownGaps are the captures whose TCP sections do not match tshark's
// whole yet, with the lines that do: crafted-flags' completeness differs
// frame by frame in tshark (a SYN with every flag set), and the headers of
// port-reuse-ipv6-sll2-snap80 are cut by the snap length, which HeaderIn
// cannot locate.
var knownGaps = map[string]int{"crafted-flags": 239, "port-reuse-ipv6-sll2-snap80": 0}

// TestFillTCPAsTshark compares the TCP section of every frame of the
// testdata captures with tshark's.
func TestFillTCPAsTshark(t *testing.T) {
	goldens, err := filepath.Glob("testdata/*.tcp-details.txt.gz")
	require.NoError(t, err)
	require.NotEmpty(t, goldens)
	for _, golden := range goldens {
		base := strings.TrimSuffix(golden, ".tcp-details.txt.gz")
		capture := filepath.Join("..", base+".pcap") // the captures are in the module's testdata
		if _, err := os.Stat(capture); err != nil {
			capture = filepath.Join("..", base+".pcapng")
		}
		t.Run(filepath.Base(base), func(t *testing.T) {
			want := readTCPDetails(t, golden)
			got := fillCapture(t, capture)
			total, matched := 0, 0
			for frame, w := range want {
				g := got[frame]
				m := matchLines(w, g)
				total += len(w)
				matched += m
				if _, gap := knownGaps[filepath.Base(base)]; !gap {
					assert.Equal(t, strings.Join(w, "\n"), strings.Join(g, "\n"), frame)
				}
			}
			t.Logf("%d of %d lines match", matched, total)
			if least, gap := knownGaps[filepath.Base(base)]; gap {
				assert.GreaterOrEqual(t, matched, least, "fewer lines match than before")
			}
		})
	}
}

// TestFieldsRegistration compares tshark -G fields for tcp with the
// table: tcp/testdata/fields-tcp.tsv is the tcp part of
// ../shared/conformance/fields.tsv, fields-tcp-options.tsv the options'
// protocols.
func TestFieldsRegistration(t *testing.T) {
	var want []byte
	for _, name := range []string{"testdata/fields-tcp.tsv", "testdata/fields-tcp-options.tsv"} {
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		want = append(want, b...)
	}
	got := field.NewRegistry(Fields()).AppendRegistrations(nil)
	assert.Equal(t, string(want), string(got))
}

// TestFillTCPCorpus measures FillTCP on every capture of ../shared/corpus
// against tshark's packet details beside it; skipped without ../shared.
func TestFillTCPCorpus(t *testing.T) {
	details, _ := filepath.Glob("../../shared/corpus/*.details.txt.gz")
	if len(details) == 0 {
		t.Skip("no ../shared/corpus")
	}
	total, matched := 0, 0
	for _, golden := range details {
		base := strings.TrimSuffix(golden, ".details.txt.gz")
		capture := base + ".pcap"
		if _, err := os.Stat(capture); err != nil {
			capture = base + ".pcapng"
		}
		if _, err := os.Stat(capture); err != nil {
			continue
		}
		want := readTCPDetails(t, golden)
		got := fillCapture(t, capture)
		n, m := 0, 0
		for frame, w := range want {
			n += len(w)
			m += matchLines(w, got[frame])
		}
		t.Logf("%-45s %6d of %6d lines", filepath.Base(base), m, n)
		total, matched = total+n, matched+m
	}
	t.Logf("corpus: %d of %d TCP-section lines match (%.2f%%)", matched, total, 100*float64(matched)/float64(max(total, 1)))
}

// TestFillTCPAllocatesNothing: once the tree's arena has grown, filling
// and printing a packet allocates nothing.
func TestFillTCPAllocatesNothing(t *testing.T) {
	datas, cis := corpusRecords(t, "../testdata/node-loss-retrans.pcap")
	d := NewDecoder()
	tab := NewTable(TableConfig{})
	type packet struct {
		seg Segment
		an  Analysis
		hdr []byte
		off int
	}
	var packets []packet
	for i := range datas {
		var seg Segment
		if d.Decode(datas[i], cis[i], &seg) != nil {
			continue
		}
		a := tab.Track(&seg)
		if hdr, off, ok := HeaderIn(datas[i], &seg); ok {
			packets = append(packets, packet{seg, a, hdr, off})
		}
	}
	require.NotEmpty(t, packets)
	tr := field.NewTree()
	var out []byte
	fill := func() {
		for i := range packets {
			p := &packets[i]
			tr.Reset()
			FillTCP(tr, field.NoNode, p.hdr, p.off, &p.seg, &p.an)
			out = tr.AppendDetails(out[:0], nil)
			out = tr.AppendJSON(out[:0], 4)
		}
	}
	fill()
	assert.Zero(t, testing.AllocsPerRun(5, fill))
}

// One byte of segment data is "1 byte", as tshark's plurality() prints it.
func TestSegmentDataOneByte(t *testing.T) {
	tr := field.NewTree()
	n := tr.AddProtocol(field.NoNode, &fTCP, 0, 20, nil)
	AddSegmentData(tr, n, 54, []byte{'x'})
	AddRetransmittedData(tr, n, 54, []byte("xy"))
	got := string(tr.AppendDetails(nil, nil))
	assert.Contains(t, got, "    TCP segment data (1 byte)\n")
	assert.Contains(t, got, "    Retransmitted TCP segment data (2 bytes)\n")
}
