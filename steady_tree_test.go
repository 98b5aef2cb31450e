package wsdissect_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/dfilter"
	"github.com/wsdissect/wsdissect/field"
)

// printer builds and prints the packet tree of records as wsdump -V and
// -T json do, into buffers it reuses; or, detailsOnly, as wsdump -V alone
// does (a tree built for its printer, without hidden items).
type printer struct {
	tree        *field.Tree
	details     field.Printer
	detailsOnly bool
	out         []byte
	prev        time.Time
	printed     int
}

func newPrinter() *printer { return &printer{tree: field.NewTree()} }

func newDetailsPrinter() *printer {
	p := &printer{tree: field.NewTree(), detailsOnly: true}
	p.tree.BuildHidden(false)
	p.tree.BuildFor(&p.details)
	return p
}

func (p *printer) print(r *wsdissect.Record) {
	var delta time.Duration
	if p.printed > 0 {
		delta = r.Time.Sub(p.prev)
	}
	p.prev = r.Time
	r.FillTree(p.tree, delta)
	p.out = p.details.AppendDetails(p.out[:0], p.tree)
	if !p.detailsOnly {
		p.out, _ = p.tree.AppendJSONMembers(p.out, 4, false)
	}
	p.printed++
}

// treeCaptures are captures whose trees hold every kind of item the fill
// functions add: Ethernet, SLL2, IPv6, TCP options and analysis, PDUs
// spanning segments, retransmissions, a truncated capture, pcapng, frames
// that are not TCP, WebSocket frames of every kind with their bodies, HTTP
// keep-alive with bodies of known length and chunked.
var treeCaptures = []string{
	"testdata/node-loss-retrans.pcap",
	"testdata/node-sll2-any.pcap",
	"testdata/go-gorilla-ipv6.pcap",
	"testdata/node-mtu576-many-segments.pcap",
	"testdata/node-duplicate-segments.pcap",
	"testdata/node-snaplen128-truncated.pcap",
	"testdata/node-deflate-no-ctx-takeover.pcapng",
	// WebSocket fragments, Continue, Data, control frames
	"testdata/node-fragmented-ping-between.pcap",
	"testdata/lo-dns-udp-icmp.pcap",
	"testdata/crafted-not-tcp.pcap",
	"testdata/chromium-abrupt-kill.pcap",
	"testdata/go-gorilla-keepalive-then-upgrade-node.pcap",
}

// cloneRecords dissects a capture whole and returns clones of its records,
// so that what a test counts afterwards is only what it does with them.
func cloneRecords(t *testing.T, path string, opt wsdissect.Options) []*wsdissect.Record {
	t.Helper()
	d, err := wsdissect.Open(path, opt)
	require.NoError(t, err)
	var recs []*wsdissect.Record
	for r, err := range d.Records() {
		require.NoError(t, err)
		recs = append(recs, r.Clone())
	}
	require.NoError(t, d.Close())
	return recs
}

// TestTreeAllocatesNothing: once a tree and an output buffer have grown to
// the largest packet of a capture, building and printing (-V and -T json)
// the tree of every record again allocates nothing. The records are clones
// kept from one dissection, so only FillTree and the printers are counted,
// and the count does not depend on scheduling.
func TestTreeAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector: .ci/run runs this test without it")
	}
	for _, path := range treeCaptures {
		recs := cloneRecords(t, path, wsdissect.Options{KeepFrames: true, TwoPass: true})
		for _, p := range []*printer{newPrinter(), newDetailsPrinter()} {
			pass := func() {
				for _, r := range recs {
					p.print(r)
				}
			}
			pass() // the tree's arena and the buffers grow to the largest packet
			allocs := testing.AllocsPerRun(3, pass)
			assert.Zero(t, allocs, "%s: %d records, details only %v", path, len(recs), p.detailsOnly)
		}
	}
}

// TestPrimedTreeAllocatesNothing: a display filter's primed tree, built and
// matched for every record, allocates nothing once grown (the faked items
// write to the tree's sink).
func TestPrimedTreeAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector: .ci/run runs this test without it")
	}
	f, err := dfilter.Compile(`websocket.opcode == 1 && tcp.stream in {0, 1} || ip.addr == 10.0.0.0/8 || tcp.analysis.flags`, wsdissect.Registry())
	require.NoError(t, err)
	for _, path := range treeCaptures {
		recs := cloneRecords(t, path, wsdissect.Options{KeepFrames: true})
		tree := field.NewTree()
		f.Prime(tree)
		matched := 0
		pass := func() {
			for _, r := range recs {
				r.FillTree(tree, 0)
				if f.Match(tree) {
					matched++
				}
			}
		}
		pass()
		allocs := testing.AllocsPerRun(3, pass)
		assert.Zero(t, allocs, "%s: %d records", path, len(recs))
	}
}

// TestDetailsSteadyStateAllocatesNothing: what wsdump -2 -V does (both
// passes, Options.KeepFrames, a tree built and printed for every record)
// costs no more allocations for ten times more packets on one connection,
// as TestSteadyStateAllocatesNothing shows for the field view.
func TestDetailsSteadyStateAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector: .ci/run runs this test without it")
	}
	dir := t.TempDir()
	for _, ext := range []string{"", "permessage-deflate"} {
		small, large := filepath.Join(dir, "small.pcap"), filepath.Join(dir, "large.pcap")
		require.NoError(t, os.WriteFile(small, chat(1000, ext), 0o644))
		require.NoError(t, os.WriteFile(large, chat(10000, ext), 0o644))
		allocs := func(path string) float64 {
			p := newDetailsPrinter()
			return testing.AllocsPerRun(3, func() {
				d, err := wsdissect.Open(path, wsdissect.Options{KeepFrames: true, TwoPass: true})
				require.NoError(t, err)
				for r, err := range d.Records() {
					require.NoError(t, err)
					p.print(r)
				}
				d.Close()
			})
		}
		a, b := allocs(small), allocs(large)
		t.Logf("%q: %.0f allocations for 1000 messages each way, %.0f for 10000", ext, a, b)
		assert.Less(t, b-a, 20.0, "extension %q", ext)
	}
}
