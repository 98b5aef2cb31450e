package wsdissect

import (
	"os"
	"testing"
	"time"

	"github.com/wsdissect/wsdissect/dfilter"
	"github.com/wsdissect/wsdissect/field"
)

// BenchmarkDetails measures what wsdump -2 -V does, without the writes:
// the dissection with Options.KeepFrames and Options.TwoPass (both passes),
// each record's packet tree (FillTree) and its details printed into a
// reused buffer (AppendDetails). One op is one whole capture: the
// $WSDISSECT_BENCH_CAPTURE file (a realistic one: ../shared/perf) or
// benchCapture. printer prints as wsdump does, with a field.Printer for
// which the trees are built (no hidden items, Tree.BuildFor); json is the
// same with AppendJSONMembers (-T json's tree layers); tree builds the
// trees and prints nothing.
func BenchmarkDetails(b *testing.B) {
	path, size := benchFile(b)
	var p field.Printer
	forPrinter := func(t *field.Tree) { t.BuildHidden(false); t.BuildFor(&p) }
	for _, m := range []struct {
		name  string
		print func(t *field.Tree, dst []byte) []byte
		setup func(t *field.Tree)
	}{
		{"details", func(t *field.Tree, dst []byte) []byte { return t.AppendDetails(dst, nil) }, nil},
		{"printer", func(t *field.Tree, dst []byte) []byte { return p.AppendDetails(dst, t) }, forPrinter},
		{"json", func(t *field.Tree, dst []byte) []byte { dst, _ = t.AppendJSONMembers(dst, 4, false); return dst }, nil},
		{"tree", func(t *field.Tree, dst []byte) []byte { return dst }, nil},
	} {
		b.Run(m.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			tree := field.NewTree()
			if m.setup != nil {
				m.setup(tree)
			}
			var out []byte
			packets, printed := 0, 0
			for b.Loop() {
				d, err := Open(path, Options{KeepFrames: true, TwoPass: true})
				if err != nil {
					b.Fatal(err)
				}
				var prev time.Time
				for r, err := range d.Records() {
					if err != nil {
						b.Fatal(err)
					}
					var delta time.Duration
					if packets > 0 {
						delta = r.Time.Sub(prev)
					}
					prev = r.Time
					r.FillTree(tree, delta)
					out = m.print(tree, out[:0])
					printed += len(out)
					packets++
				}
				d.Close()
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(packets), "ns/packet")
			b.ReportMetric(float64(printed)/float64(packets), "bytes/packet")
			b.ReportMetric(float64(packets)/float64(b.N), "packets/op")
		})
	}
}

// BenchmarkPrintTrees measures printing alone: the trees of the first 300
// packets of $WSDISSECT_BENCH_CAPTURE (or benchCapture) are built once,
// their records held (Dissector.Hold), then printed again and again with
// a field.Printer, as wsdump -V prints them. 300 trees stay in the
// core's cache, as a tree printed right after it is built does.
func BenchmarkPrintTrees(b *testing.B) {
	path, _ := benchFile(b)
	d, err := Open(path, Options{KeepFrames: true, TwoPass: true})
	if err != nil {
		b.Fatal(err)
	}
	var trees []*field.Tree
	for r, err := range d.Records() {
		if err != nil {
			b.Fatal(err)
		}
		t := field.NewTree()
		r.FillTree(t, r.Delta)
		// the tree points into the record's storage, which is recycled: hold it
		d.Hold(r)
		trees = append(trees, t)
		if len(trees) == 300 {
			break
		}
	}
	var p field.Printer
	var out []byte
	n := 0
	for b.Loop() {
		for _, t := range trees {
			out = p.AppendDetails(out[:0], t)
			n += len(out)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*len(trees)), "ns/packet")
	b.ReportMetric(float64(n)/float64(b.N*len(trees)), "bytes/packet")
}

// BenchmarkFilter measures what wsdump -Y FILTER does without printing:
// the dissection and, for each record with a WebSocket frame, the tree the
// filter is primed with (dfilter.Filter.Prime) and the filter's Match.
// filter keeps the frames only if the filter needs them
// (FilterReadsFrames: this one does not), as wsdump does; filter,frames
// keeps them (Options.KeepFrames) and builds the layers' trees. bare is
// the same records with no tree, what -Y websocket costs. The capture is
// $WSDISSECT_BENCH_CAPTURE or benchCapture.
func BenchmarkFilter(b *testing.B) {
	path, size := benchFile(b)
	f, err := dfilter.Compile("websocket.opcode == 1 && tcp.stream in {1, 2, 3}", Registry())
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range []struct {
		name string
		opt  Options
		tree bool
	}{
		{"bare", Options{SkipPayloads: true}, false},
		{"filter", Options{SkipPayloads: true, KeepFrames: FilterReadsFrames(f)}, true},
		{"filter,frames", Options{SkipPayloads: true, KeepFrames: true}, true},
	} {
		b.Run(m.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			tree := field.NewTree()
			f.Prime(tree)
			matched := 0
			for b.Loop() {
				d, err := Open(path, m.opt)
				if err != nil {
					b.Fatal(err)
				}
				for r, err := range d.Records() {
					if err != nil {
						b.Fatal(err)
					}
					if !r.Has("websocket") || !m.tree {
						continue
					}
					r.FillTree(tree, 0)
					if f.Match(tree) {
						matched++
					}
				}
				d.Close()
			}
			b.ReportMetric(float64(matched)/float64(b.N), "matched/op")
		})
	}
}

// benchFile returns the capture the benchmarks of this file read, the
// $WSDISSECT_BENCH_CAPTURE file or benchCapture, and its size.
func benchFile(b *testing.B) (path string, size int64) {
	path = os.Getenv("WSDISSECT_BENCH_CAPTURE")
	if path == "" {
		path = benchCapture
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return path, st.Size()
}
