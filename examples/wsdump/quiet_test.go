package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSummaryDespiteQuiet: -P prints the summary lines even with -q, as
// tshark -P -q does.
func TestSummaryDespiteQuiet(t *testing.T) {
	want, stderr, code := runWsdump(t, "-r", capture, "-c5")
	require.Equal(t, 0, code, stderr)
	require.NotEmpty(t, want)
	got, stderr, code := runWsdump(t, "-r", capture, "-c5", "-P", "-q")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, want, got)
	got, _, _ = runWsdump(t, "-r", capture, "-c5", "-q")
	assert.Empty(t, got)
}
