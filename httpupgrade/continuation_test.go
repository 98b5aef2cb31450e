package httpupgrade

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

// How tshark 4.0 reads the captured bytes of a cut continuation segment:
// header lines (head), then data (from data), as node-snaplen128-truncated
// shows (frame 14: binary first, 27: text, 36: a colon in binary).
func TestScanContinuation(t *testing.T) {
	for _, tt := range []struct {
		in         string
		head, data int
		read       bool
	}{
		{"\x81\xbc9\x97:", 0, 0, false},                  // not printable: data at once
		{"", 0, 0, false},                                // nothing
		{"eta na\xc3\xafve tab", 0, 0, true},             // no colon: File Data, data
		{"ZDl\x9d:/f6N\v\a", 11, 11, true},               // a header line up to the cut
		{"a: 1\r\nb: 2\nno colon\r\nrest", 11, 11, true}, // headers, then data from the line without a colon
		{"a: 1\r\nno colon up to the cut", 6, 28, true},  // a header line going on past the cut: no data
		{"a: 1\r\n\r\nbody", 8, 8, true},                 // the blank line ends the head
		{"a: 1\r\n\r\n", 8, 8, true},
		{"a: 1\rb: 2\r", 10, 10, true}, // lone CRs end lines
	} {
		head, data, read := scanContinuation([]byte(tt.in))
		assert.Equal(t, []any{tt.head, tt.data, tt.read}, []any{head, data, read}, "%q", tt.in)
	}
}

// Frame 36 of node-snaplen128-truncated: its 62 captured bytes hold a colon
// after bytes no header name has, as tshark -V shows them (its
// X.details.txt.gz).
func TestFillContinuationBadHeader(t *testing.T) {
	b := []byte("ZDl\x9d\x8c\xba*RT\xe5:/f6N\xd7D\xf3\xcb`\xa0\x80/\xd7\xe9\xb8-\xc5\x8fc*\xe5zA\x8b,r\x85TurY\xf0G/\xfa\x8c#\x9e\xab\xd0\v\x8a\x95\xb83\x9a`V\xc8\x9f\a")
	require.Len(t, b, 62)
	tr := field.NewTree()
	tr.AddSource("Frame", append(make([]byte, 66), b...))
	root, data, read := FillContinuation(tr, b, 66)
	require.NotEqual(t, field.NoNode, root)
	assert.Equal(t, len(b), data, "no data after the header line")
	assert.True(t, read, "ends with the cut")
	want := "Hypertext Transfer Protocol\n" +
		"    ZDl\uFFFD\uFFFD\uFFFD*RT\uFFFD:/f6N\uFFFDD\uFFFD\uFFFD`\uFFFD\uFFFD/\uFFFD\uFFFD-\u014fc*\uFFFDzA\uFFFD,r\uFFFDTurY\uFFFDG/\uFFFD#\uFFFD\uFFFD\uFFFD\\v\uFFFD\uFFFD\uFFFD3\uFFFD`V\u021f\\a\n" +
		"        [Expert Info (Warning/Protocol): Illegal characters found in header name]\n" +
		"            [Illegal characters found in header name]\n" +
		"            [Severity level: Warning]\n" +
		"            [Group: Protocol]\n"
	assert.Equal(t, want, string(tr.AppendDetails(nil, nil)))
	assert.False(t, ContinuationHasData(b))
	assert.True(t, ContinuationHasData([]byte("eta")))
}

// FuzzScanContinuation checks that the line loop stays inside b and that
// FillContinuation keeps its items there.
func FuzzScanContinuation(f *testing.F) {
	for _, s := range []string{"a: 1\r\nb\r\n\r\nx", "ZDl\x9d:/", "\x81\x00", "x\ry: z\n", "a:\r"} {
		f.Add([]byte(s))
	}
	tr := field.NewTree()
	f.Fuzz(func(t *testing.T, b []byte) {
		head, data, _ := scanContinuation(b)
		if head < 0 || head > data || data > len(b) {
			t.Fatalf("head %d, data %d of %d", head, data, len(b))
		}
		tr.Reset()
		tr.AddSource("Frame", b)
		FillContinuation(tr, b, 0)
		tr.Walk(func(n field.Node, _ int) bool {
			_, start, length := tr.Range(n)
			if start < 0 || length < 0 || start+length > len(b) {
				t.Fatalf("item out of the bytes: %d+%d of %d", start, length, len(b))
			}
			return true
		})
		_ = tr.AppendDetails(nil, nil)
	})
}
