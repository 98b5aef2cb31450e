package wsdissect_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/wsframe"
)

// fieldView prints, for every record, its summary line and every field
// that does not need payloads, and the shape of its messages.
func fieldView(t *testing.T, capture string, opt wsdissect.Options) (lines []string, lengths []int64) {
	t.Helper()
	d, err := wsdissect.Open(capture, opt)
	require.NoError(t, err)
	defer d.Close()
	for rec, err := range d.Records() {
		require.NoError(t, err)
		line := rec.AppendSummary(nil)
		for _, f := range wsdissect.Fields {
			if !wsdissect.NeedsPayload(f) {
				line = append(line, '\t')
				line = rec.AppendField(line, f, ",", wsdissect.AllOccurrences)
			}
		}
		lines = append(lines, string(line))
		for _, m := range rec.Messages {
			lengths = append(lengths, m.Length)
			if opt.SkipPayloads && !m.Opcode.IsControl() {
				assert.Nil(t, m.Data, "frame %d", rec.Frame)
			}
			if !opt.SkipPayloads && !m.Compressed && len(m.Data) > 0 {
				// uncut, uncompressed: Length is what Data holds
				assert.LessOrEqual(t, int64(len(m.Data)), m.Length)
			}
		}
		for _, f := range rec.WebSocket {
			if opt.SkipPayloads && !f.Header.Opcode.IsControl() {
				assert.Nil(t, f.Payload)
			}
		}
	}
	return lines, lengths
}

// TestSkipPayloadsSameFields: leaving payloads out changes nothing of what
// tshark shows but the payload text, on every capture of testdata, serial
// and sharded.
func TestSkipPayloadsSameFields(t *testing.T) {
	captures, _ := filepath.Glob("testdata/*.pcap*")
	require.NotEmpty(t, captures)
	for _, capture := range captures {
		full, fullLengths := fieldView(t, capture, wsdissect.Options{})
		for _, workers := range []int{0, 2} {
			skip, skipLengths := fieldView(t, capture, wsdissect.Options{SkipPayloads: true, Workers: workers})
			assert.Equal(t, full, skip, capture)
			assert.Equal(t, fullLengths, skipLengths, capture)
		}
	}
}

// TestSkipPayloadsFrameAboveBufferCap: a 20 MiB binary frame, above
// MaxBufferedBytes (16 MiB), is dissected without being buffered when
// payloads are left out (its 14,500 segments are still listed, as
// tcp.segment); with payloads it is refused, as before.
func TestSkipPayloadsFrameAboveBufferCap(t *testing.T) {
	const size = 20 << 20
	b := wsCapture("", false, frames(serverFrame(0x2, make([]byte, size))), 1448)
	opt := wsdissect.Options{SkipPayloads: true}
	start := time.Now()
	o := dissect(t, b, opt)
	logOutcome(t, o, start)
	require.NoError(t, o.err)
	assert.Empty(t, o.anomalies)
	assert.Equal(t, 3, o.wsFrames, "the frame and the two after it")
	require.Len(t, o.messages, 3)
	assert.Equal(t, wsframe.OpBinary, o.messages[0].op)
	// what is held is the capture (21 MiB) and the 14,500 records waiting
	// for the frame to complete (1.1 KB each with their TCP facts), not
	// the frame's 20 MiB once more (which would make some 57 MiB; the
	// bound leaves room for the heap the race detector and a loaded
	// machine's GC pacing add: 40.9 MiB was seen)
	assert.Less(t, o.peak, uint64(48<<20))

	opt.SkipPayloads = false
	o = dissect(t, b, opt)
	assert.Positive(t, o.anomalyCount("exceeds the 16777216-byte buffer cap"))
}
