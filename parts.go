package wsdissect

import "sync/atomic"

// partCount counts the shards that have yet to release a record
// (Record.parts). With Options.Workers > 1 the shards release records on
// their goroutines while the caller's goroutine reads the counts: shared
// says so, and the count is then written and read atomically. The serial
// and pipelined drivers (Workers 0 and 1) touch a record from one
// goroutine only: a locked instruction per write, three a packet that
// also wait for every store before them, would cost them for nothing.
type partCount int32

// set sets the count to n.
func (p *partCount) set(n int32, shared bool) {
	if shared {
		atomic.StoreInt32((*int32)(p), n)
		return
	}
	*p = partCount(n)
}

// release takes one from the count: a shard is done with the record.
func (p *partCount) release(shared bool) {
	if shared {
		atomic.AddInt32((*int32)(p), -1)
		return
	}
	*p--
}

// left returns the count.
func (p *partCount) left(shared bool) int32 {
	if shared {
		return atomic.LoadInt32((*int32)(p))
	}
	return int32(*p)
}
