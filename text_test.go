package wsdissect

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

// The lines of tshark -V for bodies shown by data-text-lines and data, as
// the goldens of ../shared/corpus hold them.
func TestFillTextLinesAndData(t *testing.T) {
	tests := []struct {
		name string
		fill func(*field.Tree)
		want string
	}{
		{"one line", func(tr *field.Tree) { fillTextLines(tr, 0, []byte("n"), "") },
			"Line-based text data (1 lines)\n    n\n"},
		{"line ends kept and escaped", func(tr *field.Tree) {
			fillTextLines(tr, 0, []byte("line\nbreak\ttab\r\nx\ry"), "")
		}, "Line-based text data (4 lines)\n    line\\n\n    break\\ttab\\r\\n\n    x\\r\n    y\n"},
		{"media type", func(tr *field.Tree) { fillTextLines(tr, 0, []byte("a\nb\n"), "text/plain") },
			"Line-based text data: text/plain (2 lines)\n    a\\n\n    b\\n\n"},
		{"one byte", func(tr *field.Tree) { fillData(tr, 0, []byte{0x49}) },
			"Data (1 byte)\n    Data: 49\n    [Length: 1]\n"},
		{"bytes", func(tr *field.Tree) { fillData(tr, 0, []byte{1, 2, 3}) },
			"Data (3 bytes)\n    Data: 010203\n    [Length: 3]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := field.NewTree()
			tr.AddSource("Frame", nil)
			tt.fill(tr)
			assert.Equal(t, tt.want, string(tr.AppendDetails(nil, nil)))
		})
	}
}

func TestFillTextLinesJSON(t *testing.T) {
	tr := field.NewTree()
	tr.AddSource("Frame", nil)
	fillTextLines(tr, 0, []byte("x\nx\ny"), "")
	assert.Equal(t, "{\n  \"data-text-lines\": {\n    \"x\\\\n\": [\n      \"\",\n      \"\"\n    ],\n    \"y\": \"\"\n  }\n}", string(tr.AppendJSON(nil, 1)))
}

// lineEndByBytes is lineEnd written as tvb_find_line_end reads: byte by byte.
func lineEndByBytes(text []byte, start int) int {
	for i := start; i < len(text); i++ {
		switch text[i] {
		case '\n':
			return i + 1
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				return i + 2
			}
			return i + 1
		}
	}
	return len(text)
}

// A line ends after "\r\n", a lone "\r" or a lone "\n", whichever comes
// first; the last may have none. Every text of up to 7 bytes of 'a',
// '\r' and '\n' splits as a byte-by-byte reading splits it.
func TestLineEnd(t *testing.T) {
	for _, c := range []struct {
		text string
		ends []int
	}{
		{"", nil},
		{"abc", []int{3}},
		{"a\r\nb", []int{3, 4}},
		{"a\rb\nc", []int{2, 4, 5}},
		{"a\n\rb", []int{2, 3, 4}},
		{"\r\r\n", []int{1, 3}},
		{"ab\r", []int{3}},
	} {
		var ends []int
		for start := 0; start < len(c.text); start = lineEnd([]byte(c.text), start) {
			ends = append(ends, lineEnd([]byte(c.text), start))
		}
		assert.Equal(t, c.ends, ends, "%q", c.text)
	}
	alphabet := []byte("a\r\n")
	for n := 1; n <= 7; n++ {
		text := make([]byte, n)
		for k := 0; k < pow(3, n); k++ {
			for i, v := 0, k; i < n; i, v = i+1, v/3 {
				text[i] = alphabet[v%3]
			}
			for start := range n {
				require.Equal(t, lineEndByBytes(text, start), lineEnd(text, start), "%q from %d", text, start)
			}
		}
	}
}

func pow(b, n int) int {
	p := 1
	for range n {
		p *= b
	}
	return p
}
