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

// TestBudgetSwappedBufferComesBack: a stream that grows into a spare
// buffer keeps its smaller one for when the large one is done with, and
// gives the large one back then; a full spare list lets its smallest
// buffer go for a larger one.
func TestBudgetSwappedBufferComesBack(t *testing.T) {
	b := &Budget{}
	s := NewStream(Config{Budget: b})
	s.Add(1000, make([]byte, 1000), 1, 0)
	small := cap(s.buf)
	b.putSpare(make([]byte, 0, 64<<10))
	s.Add(2000, make([]byte, 40<<10), 2, 0)
	assert.Equal(t, 64<<10, cap(s.buf), "grew into the spare buffer")
	assert.Empty(t, b.spare)
	assert.Equal(t, small, cap(s.small), "and kept its own")
	s.Consume(s.Readable())
	assert.Zero(t, cap(s.buf), "idle: no buffer")
	require.Len(t, b.small, 1, "its own went to the budget's small ones")
	assert.Equal(t, small, cap(b.small[0]))
	require.Len(t, b.spare, 1, "and the large one to the spare ones")
	assert.Equal(t, 64<<10, cap(b.spare[0]))

	b = &Budget{}
	for i := range maxSpareBuffers {
		b.putSpare(make([]byte, 0, 1024*(i+1)))
	}
	b.putSpare(make([]byte, 0, 100))
	assert.Len(t, b.spare, maxSpareBuffers)
	b.putSpare(make([]byte, 0, 32<<10))
	require.Len(t, b.spare, maxSpareBuffers)
	caps := 0
	for _, buf := range b.spare {
		assert.NotEqual(t, 1024, cap(buf), "the smallest went")
		caps += cap(buf)
	}
	assert.Equal(t, caps, b.spareBytes)
	assert.Equal(t, 2048, cap(b.getSpare(1500)), "the smallest that fits")
}

// TestBudgetSpareHoldsThePayload: a stream may be given the consumed bytes
// of another (a TLS record decrypted in place in its direction's buffer)
// while that buffer waits in the spare list: growing into it keeps both
// the bytes held before and the payload whole.
func TestBudgetSpareHoldsThePayload(t *testing.T) {
	b := &Budget{}
	outer, inner := NewStream(Config{Budget: b}), NewStream(Config{Budget: b})
	record := make([]byte, 40<<10)
	for i := range record {
		record[i] = byte(i * 7)
	}
	held := []byte("bytes held before the record")
	inner.Add(1, held, 1, 0)
	outer.Add(1, record, 2, 0)
	raw := outer.Bytes()
	outer.Consume(len(raw)) // its buffer goes to the spare list, raw still in it
	require.Len(t, b.spare, 1)
	payload := raw[5 : len(raw)-100] // a header, a tag: what held takes fits
	inner.Add(1+uint32(len(held)), payload, 2, 0)
	assert.Equal(t, cap(raw), cap(inner.buf), "grew into the buffer that holds the payload")
	want := append(append([]byte(nil), held...), record[5:len(record)-100]...)
	assert.Equal(t, want, inner.Bytes())
}
