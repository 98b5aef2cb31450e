package wsdissect

import (
	"math/bits"
	"sync"
)

// Size classes of largeBuffers: powers of two from just above what a
// pooled record keeps in its own storage (maxPooledBuf) up to 16 MiB, the
// default MaxBufferedBytes. Larger payloads are allocated as they come.
const (
	minLargeClass = 15 // 32 KiB
	maxLargeClass = 24 // 16 MiB
)

// maxLargeKept is how much storage largeBuffers keeps for reuse in all:
// enough for the large messages in flight at a time in real traffic, and a
// bound, so that memory does not grow with the number of large messages
// a capture holds.
const maxLargeKept = 8 << 20

// largeBuffers holds the storage of large payloads and messages for reuse,
// by size class, so that a capture of large messages does not allocate for
// every frame: a record takes one buffer per large payload it keeps and
// gives them back when it is recycled. It is shared by the goroutines of a
// Dissector. Unlike a sync.Pool, which keeps whatever was put since the
// last two collections, it keeps at most maxLargeKept bytes.
type largeBuffers struct {
	mu      sync.Mutex
	classes [maxLargeClass - minLargeClass + 1][]*[]byte
	kept    int // bytes in classes
}

// get returns a buffer of n bytes (n > maxPooledBuf).
func (p *largeBuffers) get(n int) *[]byte {
	c := max(bits.Len(uint(n-1)), minLargeClass)
	if c > maxLargeClass {
		b := make([]byte, n)
		return &b
	}
	p.mu.Lock()
	free := p.classes[c-minLargeClass]
	if k := len(free); k > 0 {
		b := free[k-1]
		free[k-1] = nil
		p.classes[c-minLargeClass] = free[:k-1]
		p.kept -= cap(*b)
		p.mu.Unlock()
		*b = (*b)[:n]
		return b
	}
	p.mu.Unlock()
	b := make([]byte, n, 1<<c)
	return &b
}

// put gives back a buffer from get; it is dropped when the pool is full.
func (p *largeBuffers) put(b *[]byte) {
	c := bits.Len(uint(cap(*b) - 1))
	if cap(*b) != 1<<c || c < minLargeClass || c > maxLargeClass {
		return // made to measure: not one of ours to keep
	}
	p.mu.Lock()
	if p.kept+cap(*b) <= maxLargeKept {
		p.classes[c-minLargeClass] = append(p.classes[c-minLargeClass], b)
		p.kept += cap(*b)
	}
	p.mu.Unlock()
}
