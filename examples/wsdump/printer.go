package main

import (
	"bufio"
	"runtime"
	"sync"
	"time"

	"github.com/wsdissect/wsdissect"
)

// renderBatch is how many packets go to a renderer's worker at a time:
// enough that handing them over costs little per packet, few enough that
// the records in flight, held until their trees are built, hold little
// memory.
const renderBatch = 16

// maxKeptOutput is the most output storage kept for the next batch:
// six times what 16 packets of ordinary traffic print (-V), while the dump
// of a message of megabytes takes tens of megabytes, which the many
// batches (maxBatches) would pin.
const maxKeptOutput = 512 << 10

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
// then. Whichever worker is free takes the next batch, so that a batch
// slow to print (the dump of a large message) holds up no other, and the
// writer puts the batches back in order by their numbers; a fixed number
// of batches exists, so memory is bounded and steady state allocates
// nothing. Only the writer goroutine writes to w.
type renderer struct {
	d       *wsdissect.Dissector
	w       *bufio.Writer
	flush   bool // -l: flush after each packet, which also sends each alone
	batch   *batch
	jobs    chan *batch // to the workers
	done    chan *batch // from the workers, in any order
	free    chan *batch // back from the writer
	made    int         // batches made, at most cap(free)
	next    int         // the number of the next batch sent
	sent    bool        // a packet was sent
	workers sync.WaitGroup
	written chan struct{} // closed when the writer is done
	outs    outputs
}

// outputs is the output storage of the batches between a worker and the
// writer, handed out last in, first out: of the many batches, only those
// in flight hold one, and the one a worker takes next is the one the
// writer gave back last, still in the cache. (Each batch with its own, the
// batches coming round in turn, a worker wrote into storage the cache had
// long dropped: 6-8% of the CPU time of -2 -V.)
type outputs struct {
	mu   sync.Mutex
	free [][]byte
}

// take returns an empty output storage.
func (o *outputs) take() []byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.free) == 0 {
		return nil
	}
	b := o.free[len(o.free)-1]
	o.free[len(o.free)-1] = nil
	o.free = o.free[:len(o.free)-1]
	return b[:0]
}

// give hands back an output storage, unless it grew beyond maxKeptOutput.
func (o *outputs) give(b []byte) {
	if cap(b) == 0 || cap(b) > maxKeptOutput {
		return
	}
	o.mu.Lock()
	o.free = append(o.free, b)
	o.mu.Unlock()
}

// batch is packets on their way through a worker to the writer.
type batch struct {
	seq    int // its place in the output: batches are numbered as sent
	recs   []*wsdissect.Record
	deltas []time.Duration
	first  bool // it holds the first packet sent
	out    []byte
}

// A renderer has maxBatches batches for each worker, of which at most
// maxWaiting wait for a worker: the records of those are held, so their
// count bounds the memory of records in flight; the other batches are
// rendered and wait their turn to be written, holding their output alone,
// so that a batch slow to print (the dump of a large message) leaves the
// other workers the batches after it (in a trace of -2 -V on two cores,
// 1.66 cores busy on average before, 1.8 after). The records of a long
// message are held by the dissector until it ends and then come all at
// once: the room to queue them lets the dissection go on meanwhile (16
// batches a worker, 4 waiting: 1.79 cores busy on ws-medium; 32 and 8:
// 1.85, and 4% less wall time).
const (
	maxBatches = 32
	maxWaiting = 8
)

// newRenderer starts the workers and the writer. Each worker calls
// newWorker once for its renderFunc.
func newRenderer(w *bufio.Writer, d *wsdissect.Dissector, flush bool, newWorker func() renderFunc) *renderer {
	n := min(max(runtime.GOMAXPROCS(0), 1), 4)
	r := &renderer{
		d: d, w: w, flush: flush,
		jobs:    make(chan *batch, maxWaiting*n),
		done:    make(chan *batch, maxBatches*n),
		free:    make(chan *batch, maxBatches*n),
		written: make(chan struct{}),
	}
	r.workers.Add(n)
	for range n {
		go r.work(newWorker())
	}
	go func() {
		r.workers.Wait()
		close(r.done)
	}()
	go r.write()
	return r
}

// work renders batches until there are no more.
func (r *renderer) work(render renderFunc) {
	defer r.workers.Done()
	for b := range r.jobs {
		b.out = r.outs.take()
		for i, rec := range b.recs {
			b.out = render(b.out, rec, b.deltas[i], b.first && i == 0)
		}
		r.d.Release(b.recs...)
		clear(b.recs)
		r.done <- b
	}
}

// write writes the batches' outputs in the order they were sent.
func (r *renderer) write() {
	defer close(r.written)
	waiting := make([]*batch, cap(r.free)) // by seq, modulo: no more batches exist
	next := 0
	for b := range r.done {
		waiting[b.seq%len(waiting)] = b
		for {
			b := waiting[next%len(waiting)]
			if b == nil || b.seq != next {
				break
			}
			waiting[next%len(waiting)] = nil
			next++
			r.w.Write(b.out)
			if r.flush {
				r.w.Flush()
			}
			r.outs.give(b.out)
			b.out = nil
			r.free <- b
		}
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

// send hands the batch being filled to the workers.
func (r *renderer) send() {
	r.batch.seq = r.next
	r.next++
	r.jobs <- r.batch
	r.batch = nil
}

// close renders what is left and waits for it to be written.
func (r *renderer) close() {
	if r.batch != nil && len(r.batch.recs) > 0 {
		r.send()
	}
	close(r.jobs)
	<-r.written
}
