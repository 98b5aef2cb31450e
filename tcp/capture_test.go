package tcp

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/capture"
)

// The tests read their captures with package capture, as the root package
// does; only the tests import it.

// openCapture opens a capture file for reading records.
func openCapture(tb testing.TB, path string) *capture.Reader {
	tb.Helper()
	f, err := os.Open(path)
	require.NoError(tb, err)
	tb.Cleanup(func() { f.Close() })
	r, err := capture.NewReader(f)
	require.NoError(tb, err)
	return r
}

// nextRecord reads the next record of r and what Decode needs of it.
func nextRecord(r *capture.Reader) ([]byte, CaptureInfo, error) {
	data, ci, err := r.Next()
	return data, decodeInfo(ci), err
}

// decodeInfo is what Decode needs of a capture record.
func decodeInfo(ci capture.CaptureInfo) CaptureInfo {
	return CaptureInfo{Frame: ci.Frame, Timestamp: ci.Timestamp, CaptureLength: ci.CaptureLength, Length: ci.Length, LinkType: LinkType(ci.LinkType)}
}
