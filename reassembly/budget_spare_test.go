package reassembly

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBudgetSpareBuffers: a stream that consumed a large PDU gives its
// buffer to the shared budget, and the next stream that needs a large
// buffer takes it instead of allocating.
func TestBudgetSpareBuffers(t *testing.T) {
	b := &Budget{}
	one, two := NewStream(Config{Budget: b}), NewStream(Config{Budget: b})
	big := make([]byte, 100<<10)
	one.Add(1000, big, 1, 0)
	require.Len(t, one.Bytes(), len(big))
	one.Consume(len(big))
	require.Len(t, b.spare, 1, "the idle stream gave its buffer back")
	given := cap(b.spare[0])

	two.Add(5000, big[:50<<10], 2, 0)
	two.Add(5000+50<<10, big[:50<<10], 3, 0)
	assert.Empty(t, b.spare, "the growing stream took it")
	assert.Equal(t, given, cap(two.buf))
	assert.Len(t, two.Bytes(), 100<<10)
	assert.Zero(t, b.spareBytes)
}
