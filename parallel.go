package wsdissect

import "sync"

// batchSize is how many frames the first stage hands over at a time: large
// enough that the channels cost nothing per packet. batchBytes ends a batch
// of large frames sooner, so that the frames in flight between the
// goroutines hold a few megabytes, whatever their size (64 KiB segments
// are common in captures on loopback).
const (
	batchSize  = 256
	batchBytes = 512 << 10
)

// parallel runs the pipeline on goroutines (Options.Workers): the first
// stage reads, decodes and tracks TCP, creates the records in capture
// order and deals each TCP segment to the shard that owns its tcp.stream;
// each shard dissects its own connections and releases its records (their
// parts count); the caller's goroutine hands the records out in capture
// order as they are released. Nothing waits on the caller but the first
// stage's queue of records, which the shards' MaxPendingRecords rule
// bounds, so no stage can block another for good. Work batches, records
// and their storage go round, so steady state allocates nothing.
type parallel struct {
	workers  []*worker
	order    chan *orderBatch // first stage -> caller: records in capture order
	orders   chan *orderBatch // caller -> first stage: emptied batches
	recycled chan []*Record   // caller -> first stage: records to reuse, reset
	spent    chan []*Record   // first stage -> caller: emptied batches of them
	stock    []*Record        // the first stage's records to reuse
	giving   []*Record        // the caller's records to give back
	progress chan struct{}    // shards -> caller: records were released
	bufs     *largeBuffers    // the Dissector's, for new records
	done     chan struct{}
	once     sync.Once
	wg       sync.WaitGroup
}

// orderBatch is a run of records in capture order; the last one of the
// capture says why it ended.
type orderBatch struct {
	recs []*Record
	end  bool
	err  error
}

// worker is a shard and the work queued for it.
type worker struct {
	s    *shard
	in   chan *work
	free chan *work
}

// work is a shard's share of one batch of frames.
type work struct {
	items []item
	pay   payloads // of the items' segments, unless the reader retains them
	now   uint64   // the batch's last frame: release what waited long enough
	end   bool     // the capture ended: flush everything
}

// item is one TCP segment for a shard, or a connection to forget.
type item struct {
	pkt    packet
	rec    *Record
	forget forgetKind
}

// push queues pk, of rec, for the shard: the item takes pk's TCP facts
// and dropped conversation, and pk the item's storage for the next ones,
// so that the facts are neither copied nor allocated for each packet; the
// item keeps its own storage for the conversation's copy (own).
func (wk *work) push(pk *packet, rec *Record, kind forgetKind) *item {
	it := wk.slot()
	tcp, conv, dropped := it.pkt.tcp, it.pkt.conv, it.pkt.dropped
	it.pkt, it.rec, it.forget = *pk, rec, kind
	it.pkt.conv = conv
	pk.tcp, pk.dropped = tcp, dropped
	it.pkt.own()
	return it
}

// pushForget queues, for the shard, the forgetting of the connection the
// tracker dropped at pk, whose record rec is another shard's.
func (wk *work) pushForget(pk *packet, rec *Record) {
	it := wk.slot()
	tcp, conv, dropped := it.pkt.tcp, it.pkt.conv, it.pkt.dropped
	if tcp == nil {
		tcp = new(TCPInfo) // once per slot
	}
	tcp.Analysis = pk.tcp.Analysis
	it.pkt = packet{tcp: tcp, conv: conv, dropped: pk.dropped}
	pk.dropped = dropped // the item takes the dropped conversation
	it.rec, it.forget = rec, forgetOther
}

// slot returns one more item at the end of the work, with the storage for
// TCP facts its slot had.
func (wk *work) slot() *item {
	n := len(wk.items)
	if n < cap(wk.items) {
		wk.items = wk.items[:n+1]
	} else {
		wk.items = append(wk.items, item{})
	}
	return &wk.items[n]
}

// clear empties the work once dissected: it drops the records, payloads
// and everything else the items point to but their storage for TCP facts
// (which holds no payload any more: the record it came from dropped it)
// and conversations.
func (wk *work) clear() {
	for i := range wk.items {
		it := &wk.items[i]
		tcp, conv, dropped := it.pkt.tcp, it.pkt.conv, it.pkt.dropped
		*it = item{}
		it.pkt.tcp, it.pkt.conv, it.pkt.dropped = tcp, conv, dropped
	}
	wk.items = wk.items[:0]
}

// workQueue is how many batches each shard may have queued or in hand.
const workQueue = 3

func startParallel(d *Dissector) *parallel {
	p := &parallel{
		order:    make(chan *orderBatch, 8),
		orders:   make(chan *orderBatch, 16),
		recycled: make(chan []*Record, 16),
		spent:    make(chan []*Record, 16),
		progress: make(chan struct{}, 1),
		done:     make(chan struct{}),
		bufs:     &d.bufs,
	}
	for _, s := range d.shards {
		w := &worker{s: s, in: make(chan *work, workQueue), free: make(chan *work, workQueue)}
		for range workQueue {
			w.free <- new(work) // grown on first use: small captures stay cheap
		}
		p.workers = append(p.workers, w)
		p.wg.Add(1)
		go p.runShard(w)
	}
	p.wg.Add(1)
	go p.runStage(d)
	return p
}

// runStage is the first stage: it reads the capture batch by batch.
func (p *parallel) runStage(d *Dissector) {
	defer p.wg.Done()
	works := make([]*work, len(p.workers))
	var pk packet
	for {
		done := ^uint64(0) // every shard is done with the frames up to it
		for i, w := range p.workers {
			select {
			case works[i] = <-w.free:
			case <-p.done:
				return
			}
			// a shard hands its works back in order: it is done with the
			// batch this one carried and every one before
			done = min(done, works[i].now)
			works[i].items = works[i].items[:0]
			works[i].pay.reset()
		}
		d.stage.release(done)
		var ob *orderBatch
		select {
		case ob = <-p.orders:
			ob.recs = ob.recs[:0]
		default:
			ob = &orderBatch{recs: make([]*Record, 0, batchSize)}
		}
		var last uint64
		for size := 0; len(ob.recs) < batchSize && size < batchBytes; size += pk.ci.CaptureLength {
			d.stage.next(&pk)
			if pk.err != nil {
				ob.end, ob.err = true, pk.err
				break
			}
			rec := p.newRecord()
			d.frame(rec, &pk)
			ob.recs = append(ob.recs, rec)
			last = rec.Frame
			if rec.parts.left(true) == 0 {
				continue // not TCP: complete already
			}
			own, kind, other := d.route(rec, &pk.tcp.Analysis)
			if other >= 0 {
				works[other].pushForget(&pk, rec)
			}
			w := works[own]
			it := w.push(&pk, rec, kind)
			if !d.stage.retained {
				// the reader reuses its buffer: keep the payload with the work
				w.pay.keep(&it.pkt)
			}
		}
		for i, w := range p.workers {
			wk := works[i]
			for j := range wk.items {
				if it := &wk.items[j]; it.forget != forgetOther && !d.stage.retained {
					wk.pay.rebase(&it.pkt)
				}
			}
			wk.now, wk.end = last, ob.end
			select {
			case w.in <- wk:
			case <-p.done:
				return
			}
		}
		select {
		case p.order <- ob:
		case <-p.done:
			return
		}
		if ob.end {
			return
		}
	}
}

// newRecord returns an empty record, recycled when one is free. Records
// come back in batches, so that the channel costs nothing per record.
func (p *parallel) newRecord() *Record {
	if len(p.stock) == 0 {
		select {
		case b := <-p.recycled:
			if p.stock != nil {
				select {
				case p.spent <- p.stock[:0]:
				default:
				}
			}
			p.stock = b
		default:
			return &Record{bufs: p.bufs}
		}
	}
	r := p.stock[len(p.stock)-1]
	p.stock[len(p.stock)-1] = nil
	p.stock = p.stock[:len(p.stock)-1]
	return r
}

// runShard dissects the work of one shard.
func (p *parallel) runShard(w *worker) {
	defer p.wg.Done()
	s := w.s
	for {
		var wk *work
		select {
		case wk = <-w.in:
		case <-p.done:
			return
		}
		for i := range wk.items {
			it := &wk.items[i]
			s.step(it.rec, &it.pkt, it.forget)
		}
		s.release(wk.now)
		end := wk.end
		if end {
			s.finish()
		}
		wk.clear()
		w.free <- wk
		select {
		case p.progress <- struct{}{}:
		default:
		}
		if end {
			return
		}
	}
}

// wait blocks until the first stage hands over more records or a shard
// releases some.
func (p *parallel) wait(d *Dissector) {
	select {
	case ob := <-p.order:
		for _, r := range ob.recs {
			d.out.push(r)
		}
		if ob.end {
			d.end(ob.err)
		}
		clear(ob.recs)
		select {
		case p.orders <- ob:
		default:
		}
	case <-p.progress:
	}
}

// recycle offers a record handed out to the first stage for reuse, once
// a batch of them is gathered. The caller resets it: the first stage has
// enough to do.
func (p *parallel) recycle(r *Record) {
	if cap(r.buf) > maxPooledBuf {
		r.buf = nil
	}
	r.shrink()
	r.reset()
	if p.giving == nil {
		select {
		case p.giving = <-p.spent:
		default:
			p.giving = make([]*Record, 0, batchSize)
		}
	}
	p.giving = append(p.giving, r)
	if len(p.giving) < batchSize {
		return
	}
	select {
	case p.recycled <- p.giving:
	default: // enough in stock: let the collector have these
	}
	p.giving = nil
}

// stop ends the goroutines and waits for them.
func (p *parallel) stop() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}
