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
	b := p.Get(100 << 10)
	require.Empty(t, b)
	require.Equal(t, 112<<10, cap(b), "a quarter step above 64 KiB")
	p.Put(b)
	assert.Same(t, &b[:1][0], &p.Get(96<<10 + 1)[:1][0], "same class: reused")

	var out [][]byte
	for range 2 * maxLargeKept / (1 << 20) {
		out = append(out, p.Get(1<<20))
	}
	for _, b := range out {
		p.Put(b)
	}
	assert.Equal(t, maxLargeKept, p.kept)

	p.Put(make([]byte, 100<<10)) // made to measure: not kept
	assert.Equal(t, maxLargeKept, p.kept)
	huge := p.Get(32 << 20)
	assert.Equal(t, 32<<20, cap(huge), "above the classes: made to measure")
}

// A buffer is at most a quarter larger than asked for.
func TestLargeClasses(t *testing.T) {
	last := 16 << 10
	for c := range largeClasses {
		_, size, ok := largeClass(last + 1)
		require.True(t, ok)
		assert.Greater(t, size, last)
		for _, n := range []int{last + 1, (last + size) / 2, size} {
			got, s, _ := largeClass(n)
			assert.Equal(t, c, got, "%d bytes", n)
			assert.Equal(t, size, s)
			assert.LessOrEqual(t, float64(s), 1.25*float64(n)+1, "%d bytes", n)
		}
		last = size
	}
	assert.Equal(t, 16<<20, last)
	_, _, ok := largeClass(16<<20 + 1)
	assert.False(t, ok)
}
