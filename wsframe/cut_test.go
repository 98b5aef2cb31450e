package wsframe

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAssemblerCutText: a text message whose end the snap length cut is
// checked for UTF-8 only before the cut, where a sequence may end
// unfinished; bytes that are invalid before the cut are still reported.
func TestAssemblerCutText(t *testing.T) {
	type part struct {
		payload  string
		captured int // -1: whole
	}
	for _, tc := range []struct {
		name    string
		parts   []part
		invalid bool
	}{
		{"whole and valid", []part{{"héllo", -1}}, false},
		{"whole and invalid", []part{{"h\xffllo", -1}}, true},
		{"cut inside é, zeros after", []part{{"h\xc3\x00\x00\x00\x00", 2}}, false},
		{"cut inside 日, masking-key bytes after", []part{{"ab\xe6\x97\x12\x34\x56", 4}}, false},
		{"cut after valid text", []part{{"abc\x99\x99", 3}}, false},
		{"invalid before the cut", []part{{"a\xffbc\x00\x00", 4}}, true},
		{"cut in a later fragment", []part{{"héllo ", -1}, {"w\xc3\x00\x00", 2}}, false},
		{"cut in the first fragment, later ones not checked", []part{{"h\xc3\x00", 2}, {"\xb6rld", -1}}, false},
		{"invalid in the first fragment, cut later", []part{{"h\xff", -1}, {"abc\x00", 3}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := NewAssembler(Config{})
			var m *Message
			for i, p := range tc.parts {
				op := OpText
				if i > 0 {
					op = OpContinuation
				}
				h := Header{Fin: i == len(tc.parts)-1, Opcode: op, Length: uint64(len(p.payload))}
				captured := p.captured
				if captured < 0 {
					captured = len(p.payload)
				}
				m = a.FrameCut(&h, []byte(p.payload), uint64(i+1), captured)
			}
			require.NotNil(t, m)
			var kinds []AnomalyKind
			for _, an := range m.Anomalies {
				kinds = append(kinds, an.Kind)
			}
			if tc.invalid {
				assert.Equal(t, []AnomalyKind{AnomalyInvalidUTF8}, kinds)
			} else {
				assert.Empty(t, kinds)
			}
		})
	}
}

// TestAssemblerShortPayloadIsCut: a payload shorter than its header's
// length (the snap length cut it, the caller left the rest out) ends at the
// cut: a sequence unfinished there is no violation.
func TestAssemblerShortPayloadIsCut(t *testing.T) {
	a := NewAssembler(Config{})
	h := Header{Fin: true, Opcode: OpText, Length: 10}
	m := a.Frame(&h, []byte("ab\xe6\x97"), 1)
	require.NotNil(t, m)
	assert.Empty(t, m.Anomalies)
	h = Header{Fin: true, Opcode: OpText, Length: 4}
	m = a.Frame(&h, []byte("ab\xe6\x97"), 2)
	require.NotNil(t, m)
	require.Len(t, m.Anomalies, 1, "whole: an unfinished sequence is invalid")
	assert.Equal(t, AnomalyInvalidUTF8, m.Anomalies[0].Kind)
}
