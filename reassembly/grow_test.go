package reassembly_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/reassembly"
)

// TestGrowDoubles: a PDU of 4 MiB that arrives in 16 KiB pieces (TLS
// records) grows the buffer by doubling, so that all the buffers it went
// through come to about twice the PDU, not the five times append's
// growth by a quarter costs; the bytes come out whole.
func TestGrowDoubles(t *testing.T) {
	const piece, total = 16 << 10, 4 << 20
	chunk := bytes.Repeat([]byte{'x'}, piece)
	s := reassembly.NewStream(reassembly.Config{MaxBufferedBytes: 2 * total})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range total / piece {
		s.Add(uint32(1+i*piece), chunk, uint64(i+1), 0)
	}
	runtime.ReadMemStats(&after)
	require.Equal(t, total, len(s.Bytes()))
	grown := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, grown, uint64(2*total+total/2), "bytes allocated while the buffer grew")
	assert.Equal(t, total, s.Consume(total).Length)
}
