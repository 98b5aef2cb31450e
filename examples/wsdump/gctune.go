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
// frames of every record in flight and stays above the limit, the limit
// alone starts a collection (GOGC off): twice the live heap, and at least
// treeHeadroom above it. A collection costs about 25 ms of CPU there,
// whatever the garbage: the live heap is marked, every pointer written
// meanwhile goes through the write barrier, and gopacket/layers' tables
// (5 MB of pointers) are scanned each time. GOGC's own goal, twice the
// heap, came first while the heap grew, and took 14 collections of -2 -V
// on the 100 MB realistic capture, 9% of its instructions; the headroom
// takes 4, for the same peak (about 200 MiB: what the records in flight
// hold when a long message's come at once).
func tuneGC(trees bool) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	t := &gcTuner{sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}, growth: 3}
	if trees {
		t.growth, t.headroom = 4, treeHeadroom
		debug.SetGCPercent(-1)
	}
	debug.SetMemoryLimit(softLimit)
	t.arm()
}

// treeHeadroom is the least room tuneGC leaves above the live heap for
// the tree views: a few batches of 16 records with the output of a
// message of megabytes.
const treeHeadroom = 128 << 20

// gcTuner adjusts the memory limit after each collection.
type gcTuner struct {
	sample   []metrics.Sample
	limit    int64
	growth   int64 // the limit in halves of the live heap: 3 is half as much again
	headroom int64 // the least room above the live heap, past minHeadroom
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
	limit := t.limitFor(int64(t.sample[0].Value.Uint64()))
	if limit != t.limit {
		t.limit = limit
		debug.SetMemoryLimit(limit)
	}
}

// limitFor is the limit for a live heap of live bytes.
func (t *gcTuner) limitFor(live int64) int64 {
	return max(softLimit, live*t.growth/2, live+max(minHeadroom, t.headroom))
}
