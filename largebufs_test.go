package wsdissect

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// largeBuffers reuses what it was given back, by size class, and keeps no
// more than maxLargeKept bytes however many buffers come back.
func TestLargeBuffersKeepABoundedAmount(t *testing.T) {
	var p largeBuffers
	b := p.get(100 << 10)
	require.Len(t, *b, 100<<10)
	require.Equal(t, 128<<10, cap(*b))
	p.put(b)
	assert.Same(t, b, p.get(65<<10+1), "same class: reused")

	var out []*[]byte
	for range 2 * maxLargeKept / (1 << 20) {
		out = append(out, p.get(1<<20))
	}
	for _, b := range out {
		p.put(b)
	}
	assert.LessOrEqual(t, p.kept, maxLargeKept)
	assert.Equal(t, maxLargeKept, p.kept)

	odd := make([]byte, 100<<10)
	p.put(&odd) // made to measure: not kept
	assert.Equal(t, maxLargeKept, p.kept)
	huge := p.get(32 << 20)
	assert.Len(t, *huge, 32<<20, "above the classes: made to measure")
}
