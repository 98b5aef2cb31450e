package wsdissect

import "sync"

// pipeline runs the first stage (reading, decoding, TCP tracking) on its
// own goroutine and hands its packets over in order, in batches that go
// back and forth between two channels so that steady state allocates
// nothing; the caller's goroutine dissects them (Options.Workers == 1).
// Only the packets cross between the cores, once each, which makes it the
// cheapest way to use a second core when the dissection is light.
type pipeline struct {
	full  chan *batch
	empty chan *batch
	done  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
	cur   *batch
	i     int
}

// batch is a run of decoded packets and the storage their payloads live
// in, unless the reader retains them.
type batch struct {
	pkts []packet
	pay  payloads
	last uint64 // the frame of its last packet
}

func startPipeline(s *decoder) *pipeline {
	p := &pipeline{
		full:  make(chan *batch, 4),
		empty: make(chan *batch, 6),
		done:  make(chan struct{}),
	}
	for range 6 {
		p.empty <- new(batch) // grown on first use: small captures stay cheap
	}
	p.wg.Add(1)
	go p.run(s)
	return p
}

// run decodes packets into batches until the capture ends or stop is called.
func (p *pipeline) run(s *decoder) {
	defer p.wg.Done()
	for {
		var b *batch
		select {
		case b = <-p.empty:
		case <-p.done:
			return
		}
		s.release(b.last) // the caller is done with its packets
		b.pkts = b.pkts[:0]
		b.pay.reset()
		end := false
		for size := 0; len(b.pkts) < batchSize && size < batchBytes && !end; {
			// reuse the slot as it is: next sets every field it reads
			if n := len(b.pkts); n < cap(b.pkts) {
				b.pkts = b.pkts[:n+1]
			} else {
				b.pkts = append(b.pkts, packet{})
			}
			pk := &b.pkts[len(b.pkts)-1]
			s.next(pk)
			pk.own()
			end = pk.err != nil
			if end {
				break
			}
			b.last = pk.ci.Frame
			size += pk.ci.CaptureLength
			if pk.decErr == nil && !s.retained {
				// the reader reuses its buffer: keep the payload in the batch
				b.pay.keep(pk)
			}
		}
		if !s.retained {
			for i := range b.pkts {
				if pk := &b.pkts[i]; pk.err == nil && pk.decErr == nil {
					b.pay.rebase(pk)
				}
			}
		}
		select {
		case p.full <- b:
		case <-p.done:
			return
		}
		if end {
			return
		}
	}
}

// next returns the next packet; the one before it is no longer used.
func (p *pipeline) next() *packet {
	for p.cur == nil || p.i == len(p.cur.pkts) {
		if p.cur != nil {
			p.empty <- p.cur
		}
		p.cur, p.i = <-p.full, 0
	}
	pk := &p.cur.pkts[p.i]
	p.i++
	return pk
}

// stop ends the goroutine and waits for it.
func (p *pipeline) stop() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}
