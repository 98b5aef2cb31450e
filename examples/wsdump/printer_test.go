package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The renderer hands out the output storage the writer gave back last,
// emptied, and keeps none that grew beyond maxKeptOutput.
func TestOutputsLastInFirstOut(t *testing.T) {
	var o outputs
	assert.Nil(t, o.take(), "none given yet")
	first, second := make([]byte, 3, 64), make([]byte, 5, 128)
	o.give(first)
	o.give(second)
	o.give(make([]byte, 0, maxKeptOutput+1))
	o.give(nil)
	got := o.take()
	require.Empty(t, got)
	assert.Equal(t, 128, cap(got), "the last given back comes first")
	assert.Equal(t, 64, cap(o.take()))
	assert.Nil(t, o.take(), "the oversized and the empty were not kept")
}
