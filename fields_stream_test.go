package wsdissect

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/wsframe"
)

// longTextRecord is a record of two frames ending text messages, the
// first of megabytes, with runes of every length, escaped bytes and
// invalid UTF-8 around the places WriteFieldRef cuts it.
func longTextRecord() *Record {
	var b bytes.Buffer
	for i := 0; b.Len() < 3<<20; i++ {
		b.WriteString("lorem\tipsum é € 𝄞 \xe2\x82 \xff\n")
		b.WriteString(strings.Repeat("x", i%7))
	}
	text := func(data []byte) WSFrame {
		return WSFrame{Header: wsframe.Header{Opcode: wsframe.OpText, Fin: true}, Message: &Message{Opcode: wsframe.OpText, Data: data}}
	}
	return &Record{Frame: 7, WebSocket: []WSFrame{text(b.Bytes()), text([]byte("short\ttext"))}}
}

func TestWriteFieldRef(t *testing.T) {
	r := longTextRecord()
	ref := RefField("websocket.payload.text")
	for _, occ := range []Occurrence{AllOccurrences, FirstOccurrence, LastOccurrence} {
		want := r.AppendFieldRef([]byte("7\t"), ref, ",", occ)
		var out bytes.Buffer
		rest, err := r.WriteFieldRef(&out, []byte("7\t"), ref, ",", occ)
		require.NoError(t, err)
		require.Equal(t, string(want), out.String()+string(rest), "occurrence %d", occ)
		if occ == LastOccurrence {
			assert.Zero(t, out.Len())
		} else {
			assert.LessOrEqual(t, cap(rest), 4*streamedText, "the text is not held whole")
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteFieldRefError(t *testing.T) {
	_, err := longTextRecord().WriteFieldRef(failingWriter{}, nil, RefField("websocket.payload.text"), ",", AllOccurrences)
	require.EqualError(t, err, "disk full")
}

func TestRuneCut(t *testing.T) {
	b := []byte("ab€cd\x80\x80\x80\x80ef")
	assert.Equal(t, 2, runeCut(b, 3), "inside €: before it")
	assert.Equal(t, 2, runeCut(b, 4))
	assert.Equal(t, 5, runeCut(b, 5), "at a rune start")
	assert.Equal(t, 6, runeCut(b, 8), "stray continuation bytes: back to the rune before them")
	assert.Equal(t, 10, runeCut(b, 10), "three continuation bytes before: cut where asked")
}
