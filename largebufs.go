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

// largeBuffers holds the storage of large payloads and messages for reuse,
// by size class, so that a capture of large messages does not allocate for
// every frame: a record takes one buffer per large payload it keeps and
// gives them back when it is recycled. It is shared by the goroutines of a
// Dissector; a sync.Pool lets the garbage collector have buffers that are
// no longer in use.
type largeBuffers struct {
	classes [maxLargeClass - minLargeClass + 1]sync.Pool // of *[]byte
}

// get returns a buffer of n bytes (n > maxPooledBuf).
func (p *largeBuffers) get(n int) *[]byte {
	c := max(bits.Len(uint(n-1)), minLargeClass)
	if c > maxLargeClass {
		b := make([]byte, n)
		return &b
	}
	if b, ok := p.classes[c-minLargeClass].Get().(*[]byte); ok {
		*b = (*b)[:n]
		return b
	}
	b := make([]byte, n, 1<<c)
	return &b
}

// put gives back a buffer from get.
func (p *largeBuffers) put(b *[]byte) {
	c := bits.Len(uint(cap(*b) - 1))
	if cap(*b) != 1<<c || c < minLargeClass || c > maxLargeClass {
		return // made to measure: not one of ours to keep
	}
	p.classes[c-minLargeClass].Put(b)
}
