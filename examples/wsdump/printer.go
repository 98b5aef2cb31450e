package main

import (
	"bufio"
	"runtime"
	"time"

	"github.com/wsdissect/wsdissect"
)

// renderBatch is how many packets go to a renderer's worker at a time:
// enough that handing them over costs little per packet, few enough that
// the records in flight, held until their trees are built, hold little
// memory.
const renderBatch = 16

// maxKeptOutput is the most output storage a batch keeps for the next:
// the dump of a message of megabytes takes tens of them, which a few
// batches kept each would pin.
const maxKeptOutput = 4 << 20

// renderFunc appends one packet's output: its tree built from rec and
// printed. first is set for the first packet printed. A renderFunc belongs
// to one worker, with the tree and printer it reuses.
type renderFunc func(out []byte, rec *wsdissect.Record, deltaDisplayed time.Duration, first bool) []byte

// renderer builds and prints packet trees (-V, -T json, -x) on worker
// goroutines while the next packets are dissected, and writes their
// outputs in the packets' order: building and printing a tree cost twice
// what the dissection does, and the machine has more cores. A worker
// builds a record's tree and prints it on its own goroutine, so the tree
// stays in that core's cache; the record is held (Dissector.Hold) until
// then. Batches go to the workers in turn and are written in the same
// turn, so order needs no sorting; a fixed number of batches exists, so
// memory is bounded and steady state allocates nothing. Only the writer
// goroutine writes to w.
type renderer struct {
	d       *wsdissect.Dissector
	w       *bufio.Writer
	flush   bool // -l: flush after each packet, which also sends each alone
	batch   *batch
	jobs    []chan *batch // to each worker
	done    []chan *batch // from each worker, in the order it got them
	free    chan *batch   // back from the writer
	made    int           // batches made, at most cap(free)
	turn    int           // the worker of the next batch
	sent    bool          // a packet was sent
	written chan struct{} // closed when the writer is done
}

// batch is packets on their way through a worker to the writer.
type batch struct {
	recs   []*wsdissect.Record
	deltas []time.Duration
	first  bool // it holds the first packet sent
	out    []byte
}

// newRenderer starts the workers and the writer. Each worker calls
// newWorker once for its renderFunc.
func newRenderer(w *bufio.Writer, d *wsdissect.Dissector, flush bool, newWorker func() renderFunc) *renderer {
	n := min(max(runtime.GOMAXPROCS(0), 1), 4)
	r := &renderer{
		d: d, w: w, flush: flush,
		jobs:    make([]chan *batch, n),
		done:    make([]chan *batch, n),
		free:    make(chan *batch, 2*n+1),
		written: make(chan struct{}),
	}
	for i := range n {
		r.jobs[i] = make(chan *batch, 1)
		r.done[i] = make(chan *batch, 1)
		go r.work(newWorker(), r.jobs[i], r.done[i])
	}
	go r.write()
	return r
}

// work renders the batches of one worker.
func (r *renderer) work(render renderFunc, jobs <-chan *batch, done chan<- *batch) {
	for b := range jobs {
		b.out = b.out[:0]
		for i, rec := range b.recs {
			b.out = render(b.out, rec, b.deltas[i], b.first && i == 0)
			r.d.Release(rec)
			b.recs[i] = nil
		}
		done <- b
	}
	close(done)
}

// write writes the batches' outputs in the order they were sent.
func (r *renderer) write() {
	defer close(r.written)
	for turn := 0; ; turn = (turn + 1) % len(r.done) {
		b, ok := <-r.done[turn]
		if !ok {
			return
		}
		r.w.Write(b.out)
		if r.flush {
			r.w.Flush()
		}
		if cap(b.out) > maxKeptOutput {
			b.out = nil
		}
		r.free <- b
	}
}

// add sends rec to be rendered, held until it is.
func (r *renderer) add(rec *wsdissect.Record, deltaDisplayed time.Duration) {
	if r.batch == nil {
		select {
		case r.batch = <-r.free:
		default:
			if r.made < cap(r.free) {
				r.made++
				r.batch = &batch{recs: make([]*wsdissect.Record, 0, renderBatch), deltas: make([]time.Duration, 0, renderBatch)}
			} else {
				r.batch = <-r.free
			}
		}
		r.batch.recs, r.batch.deltas = r.batch.recs[:0], r.batch.deltas[:0]
		r.batch.first = !r.sent
	}
	r.d.Hold(rec)
	r.batch.recs = append(r.batch.recs, rec)
	r.batch.deltas = append(r.batch.deltas, deltaDisplayed)
	r.sent = true
	if len(r.batch.recs) == renderBatch || r.flush {
		r.send()
	}
}

// send hands the batch being filled to the next worker.
func (r *renderer) send() {
	r.jobs[r.turn] <- r.batch
	r.turn = (r.turn + 1) % len(r.jobs)
	r.batch = nil
}

// close renders what is left and waits for it to be written.
func (r *renderer) close() {
	if r.batch != nil && len(r.batch.recs) > 0 {
		r.send()
	}
	for _, c := range r.jobs {
		close(c)
	}
	<-r.written
}
