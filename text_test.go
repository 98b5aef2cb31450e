package wsdissect

import (
	"testing"

	"github.com/stretchr/testify/assert"

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
