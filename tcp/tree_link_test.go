package tcp

import (
	"bufio"
	"compress/gzip"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/capture"
	"github.com/wsdissect/wsdissect/field"
)

// readLinkGolden reads X.link.txt.gz: the link and IP sections of tshark
// 4.0.17 -2 -V for every frame of X, under a "Frame N" line each.
func readLinkGolden(t *testing.T, path string) [][]string {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	require.NoError(t, err)
	var frames [][]string
	sc := bufio.NewScanner(z)
	for sc.Scan() {
		if l := sc.Text(); strings.HasPrefix(l, "Frame ") {
			frames = append(frames, nil)
		} else if len(frames) > 0 {
			frames[len(frames)-1] = append(frames[len(frames)-1], l)
		}
	}
	return frames
}

// forEachRecord calls fn with the link type and data of each record of a
// pcap or pcapng file.
func forEachRecord(t *testing.T, path string, fn func(link LinkType, data []byte)) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r, err := capture.NewReader(f)
	require.NoError(t, err)
	for {
		data, ci, err := r.Next()
		if err != nil {
			return
		}
		fn(LinkType(ci.LinkType), data)
	}
}

// TestFillLinkAsTsharkShows compares the link and IP sections of every frame
// with tshark's: Ethernet with padding, trailers and well-known addresses,
// 802.1Q, Linux cooked capture v1 and v2, Null/Loopback, raw IP, IPv4
// flags, DS field names, fragments, IPv6 traffic class and flow label,
// IPv6 extension headers (options, routing types 0, 2, 4 and 253, fragment
// headers).
func TestFillLinkAsTsharkShows(t *testing.T) {
	for _, name := range []string{
		"crafted-link.pcap", "crafted-null.pcap", "crafted-raw.pcap",
		"node-fragmented-ping-between.pcap", "node-sll2-any.pcap", "go-gorilla-ipv6.pcap",
		"port-reuse-rst-sll.pcap", "port-reuse-ipv6-sll2-snap80.pcapng",
		// IPv6 extension headers, alone and chained
		"crafted-ipv6-ext.pcap",
	} {
		t.Run(name, func(t *testing.T) {
			path := "../testdata/" + name
			want := readLinkGolden(t, "testdata/"+strings.TrimSuffix(strings.TrimSuffix(name, ".pcap"), ".pcapng")+".link.txt.gz")
			tr := field.NewTree()
			var out, protos []byte
			i := 0
			forEachRecord(t, path, func(link LinkType, data []byte) {
				defer func() { i++ }()
				tr.Reset()
				_, protos = FillLink(tr, link, data, protos[:0], true)
				out = tr.AppendDetails(out[:0], nil)
				got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
				if len(out) == 0 {
					got = nil
				}
				require.Less(t, i, len(want))
				assert.Equal(t, want[i], got, "frame %d", i+1)
			})
			assert.Equal(t, len(want), i)
		})
	}
}

func TestFillLinkAllocatesNothing(t *testing.T) {
	var frames [][]byte
	var links []LinkType
	for _, name := range []string{"crafted-link.pcap", "crafted-ipv6-ext.pcap"} {
		forEachRecord(t, "../testdata/"+name, func(link LinkType, data []byte) {
			frames = append(frames, append([]byte(nil), data...))
			links = append(links, link)
		})
	}
	tr := field.NewTree()
	var out, protos []byte
	fill := func() {
		for i, b := range frames {
			tr.Reset()
			_, protos = FillLink(tr, links[i], b, protos[:0], true)
			out = tr.AppendDetails(out[:0], nil)
			out = tr.AppendJSON(out[:0], 4)
		}
	}
	fill()
	assert.Zero(t, testing.AllocsPerRun(20, fill))
}

// FuzzFillLink builds and prints the tree of random frames of every link
// type: never a panic, and the IP payload offset stays within the frame.
func FuzzFillLink(f *testing.F) {
	for _, name := range []string{"crafted-link.pcap", "crafted-ipv6-ext.pcap"} {
		forEachRecord(&testing.T{}, "../testdata/"+name, func(_ LinkType, data []byte) { f.Add(uint16(LinkTypeEthernet), data) })
	}
	f.Add(uint16(LinkTypeLinuxSLL2), make([]byte, 20))
	f.Add(uint16(LinkTypeNull), []byte{2, 0, 0, 0, 0x45})
	tr := field.NewTree()
	f.Fuzz(func(t *testing.T, link uint16, data []byte) {
		tr.Reset()
		l, _ := FillLink(tr, LinkType(link), data, nil, link%2 == 0)
		if l.Transport > len(data) || l.End > len(data) {
			t.Fatalf("offsets %+v past a frame of %d bytes", l, len(data))
		}
		tr.AppendDetails(nil, nil)
		tr.AppendJSON(nil, 4)
	})
}
