package wsdissect

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wsdissect/wsdissect/reassembly"
	"github.com/wsdissect/wsdissect/wsframe"
)

// TestDefaultsAreTheLayers: a cap that a layer and Options both have has
// one default, the layer's, and the zero Options use it.
func TestDefaultsAreTheLayers(t *testing.T) {
	o := Options{}.withDefaults()
	assert.Equal(t, reassembly.DefaultMaxBufferedBytes, o.MaxBufferedBytes)
	assert.Equal(t, int64(wsframe.DefaultMaxMessageSize), o.MaxMessageSize)
	assert.Equal(t, int64(wsframe.DefaultMaxDecompressedSize), o.MaxDecompressedSize)
	// the numbers the doc comments of Options give
	assert.Equal(t, 16<<20, o.MaxBufferedBytes)
	assert.Equal(t, int64(64<<20), o.MaxMessageSize)
	assert.Equal(t, int64(16<<20), o.MaxDecompressedSize)
	assert.Equal(t, 1<<15, o.MaxPendingRecords)
	assert.Equal(t, o.MaxPendingRecords, maxPooledRecords, "the pool keeps as many records as may wait")
}
