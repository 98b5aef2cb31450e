package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// The memory wsdump lets the Go runtime use before it collects harder:
// what a capture's data in flight takes (reassembly of a few 4 MB
// messages, the read-ahead chunks, the connections' state) with room for
// the garbage in between, so that the peak RSS, which adds the program's
// own pages (about 11 MiB) to it, stays clear of 64 MiB: 55-56 MiB on the
// 500 MB realistic capture with payloads or --messages.
const (
	softLimit = 44 << 20
	// minHeadroom is the least room tuneGC leaves above the live heap: a
	// capture whose live heap nears the limit (thousands of connections
	// open, hostile ones) gets a higher limit rather than a collector
	// that runs without end.
	minHeadroom = 16 << 20
)

// tuneGC sets a soft memory limit (debug.SetMemoryLimit) that follows
// the live heap: softLimit while the live heap stays well below it, else
// half as much again as the live heap (growth), and never less than minHeadroom
// above it. A fixed limit keeps the peak low only while the live heap is
// small: above it the collector would run back to back. The collector's
// own growth (GOGC=100: twice the live heap) lets garbage pile up to the
// peak RSS the limit avoids, and the limit makes the runtime give freed
// memory back to the system sooner. GOGC or GOMEMLIMIT in the
// environment leave the runtime as they set it.
//
// With trees (packet details, -T json, -x), whose live heap holds the
// frames of every record in flight and stays above the limit, the heap
// may grow to twice the live heap, as the runtime's default would: half
// the collections, for memory tshark's peak is still twice.
func tuneGC(trees bool) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	t := &gcTuner{sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}, growth: 3}
	if trees {
		t.growth = 4
	}
	debug.SetMemoryLimit(softLimit)
	t.arm()
}

// gcTuner adjusts the memory limit after each collection.
type gcTuner struct {
	sample []metrics.Sample
	limit  int64
	growth int64 // the limit in halves of the live heap: 3 is half as much again
}

// gcSentinel is garbage whose finalizer runs after a collection: it
// calls the tuner and makes the next one.
type gcSentinel struct{ t *gcTuner }

func (t *gcTuner) arm() {
	runtime.SetFinalizer(&gcSentinel{t}, func(s *gcSentinel) {
		s.t.collected()
		s.t.arm()
	})
}

// collected sets the limit from the live heap of the collection that ran.
func (t *gcTuner) collected() {
	metrics.Read(t.sample)
	live := int64(t.sample[0].Value.Uint64())
	limit := max(softLimit, live*t.growth/2, live+minHeadroom)
	if limit != t.limit {
		t.limit = limit
		debug.SetMemoryLimit(limit)
	}
}
