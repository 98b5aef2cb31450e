package wsdissect

import (
	"math/bits"
	"sync"
)

// Size classes of largeBuffers: from just above what a pooled record keeps
// in its own storage (maxPooledBuf) up to 16 MiB, the default
// MaxBufferedBytes, in quarter steps between powers of two (20, 24, 28,
// 32 KiB, 40, 48, 56, 64 KiB...), so that a buffer is at most a quarter
// larger than asked for: a 4 MiB message takes 5 MiB, not 8. Larger
// buffers are made to measure and not kept.
const (
	minLargeExp  = 15 // classes of (16 KiB, 32 KiB]
	maxLargeExp  = 24 // up to 16 MiB
	largeSteps   = 4  // classes between two powers of two
	largeClasses = (maxLargeExp - minLargeExp + 1) * largeSteps
)

// maxLargeKept is how much storage largeBuffers keeps for reuse in all:
// enough for the large messages in flight at a time in real traffic, and a
// bound, so that memory does not grow with the number of large messages
// a capture holds.
const maxLargeKept = 8 << 20

// largeBuffers holds the storage of large payloads and messages for reuse,
// by size class, so that a capture of large messages does not allocate for
// every frame. It lends buffers to the reassembly of large PDUs (it is the
// Budgets' reassembly.Buffers) and to the records that copy large payloads,
// and takes them back when the records that hold them are recycled: the
// buffer a large WebSocket frame was reassembled in is handed to the
// record of its frame (reassembly.Stream.Take) rather than copied. It is
// shared by the goroutines of a Dissector. Unlike a sync.Pool, which keeps
// whatever was put since the last two collections, it keeps at most
// maxLargeKept bytes.
type largeBuffers struct {
	mu      sync.Mutex
	classes [largeClasses][][]byte
	kept    int // bytes in classes
}

// largeClass returns the class of buffers of n bytes and their capacity;
// ok is false above the classes.
func largeClass(n int) (class, size int, ok bool) {
	e := max(bits.Len(uint(n-1)), minLargeExp) // 2^(e-1) < n <= 2^e
	if e > maxLargeExp {
		return 0, 0, false
	}
	step := 1 << (e - 3)                    // a quarter of 2^(e-1)
	m := max((n-(1<<(e-1))+step-1)/step, 1) // 1..4 quarters above 2^(e-1)
	return (e-minLargeExp)*largeSteps + m - 1, 1<<(e-1) + m*step, true
}

// Get returns an empty buffer with room for n bytes (n > maxPooledBuf):
// the smallest kept one that fits, whatever its class, as messages of
// every size come and go, or else a new one of n's class.
func (p *largeBuffers) Get(n int) []byte {
	c, size, ok := largeClass(n)
	if !ok {
		return make([]byte, 0, n)
	}
	p.mu.Lock()
	for ; c < largeClasses; c++ {
		if free := p.classes[c]; len(free) > 0 {
			b := free[len(free)-1]
			free[len(free)-1] = nil
			p.classes[c] = free[:len(free)-1]
			p.kept -= cap(b)
			p.mu.Unlock()
			return b[:0]
		}
	}
	p.mu.Unlock()
	return make([]byte, 0, size)
}

// Put gives back a buffer from Get that nothing refers to any more; it is
// dropped when the pool is full, or when it is not one of the classes.
func (p *largeBuffers) Put(b []byte) {
	c, size, ok := largeClass(cap(b))
	if !ok || cap(b) != size {
		return // made to measure: not one of ours to keep
	}
	p.mu.Lock()
	if p.kept+size <= maxLargeKept {
		p.classes[c] = append(p.classes[c], b[:0])
		p.kept += size
	}
	p.mu.Unlock()
}
