package main

import (
	"bufio"

	"github.com/wsdissect/wsdissect/field"
)

// printBatch is how many trees go to the printer at a time: enough that
// handing them over costs little per packet, few enough that the trees in
// flight, which hold copies of their data sources (a reassembled message
// of megabytes), hold little memory.
const printBatch = 8

// treePrinter prints packet trees on a goroutine of its own while the next
// packets are dissected: printing -V or -T json costs as much as the
// dissection, and the machine has a second core. A tree goes to the
// printer with its data sources copied (field.Tree.Own), so the record it
// was built from may be recycled; trees come back to be filled again, so
// steady state allocates nothing. Only the printer writes to w.
type treePrinter struct {
	w      *bufio.Writer
	render func(out []byte, j *treeJob) []byte
	flush  bool // -l: flush after each packet, which also sends each alone
	batch  []*treeJob
	full   chan []*treeJob // to the printer
	empty  chan []*treeJob // back from it; at most 3 batches exist, so it never blocks
	done   chan struct{}
}

// treeJob is one packet to print: its tree and what the view prints with
// it, filled in on the dissecting goroutine.
type treeJob struct {
	tree   *field.Tree
	prefix []byte // printed before the tree: -P's summary line
	first  bool   // the first packet printed
}

// newTreePrinter starts the printer. render appends one packet's output.
func newTreePrinter(w *bufio.Writer, flush bool, render func(out []byte, j *treeJob) []byte) *treePrinter {
	p := &treePrinter{
		w: w, render: render, flush: flush,
		full:  make(chan []*treeJob, 1),
		empty: make(chan []*treeJob, 3),
		done:  make(chan struct{}),
	}
	go p.run()
	return p
}

func (p *treePrinter) run() {
	defer close(p.done)
	var out []byte
	for b := range p.full {
		for _, j := range b {
			out = p.render(out[:0], j)
			p.w.Write(out)
			if p.flush {
				p.w.Flush()
			}
		}
		p.empty <- b
	}
}

// next returns a job to fill, with the tree of one printed before.
func (p *treePrinter) next() *treeJob {
	if p.batch == nil {
		select {
		case p.batch = <-p.empty:
			p.batch = p.batch[:0]
		default:
			p.batch = make([]*treeJob, 0, printBatch)
		}
	}
	n := len(p.batch)
	p.batch = p.batch[:n+1] // batches are made printBatch long
	j := p.batch[n]
	if j == nil {
		j = &treeJob{tree: field.NewTree()}
		p.batch[n] = j
	}
	return j
}

// send hands the filled job over, batched.
func (p *treePrinter) send() {
	p.batch[len(p.batch)-1].tree.Own()
	if len(p.batch) == printBatch || p.flush {
		p.full <- p.batch
		p.batch = nil
	}
}

// close prints what is left and waits for the printer.
func (p *treePrinter) close() {
	if len(p.batch) > 0 {
		p.full <- p.batch
	}
	p.batch = nil
	close(p.full)
	<-p.done
}
