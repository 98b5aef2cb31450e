package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonText is how encoding/json, without HTML escaping, printed a text
// payload once strings.ToValidUTF8 had made it valid: what --messages
// printed before it wrote payloads a piece at a time.
func jsonText(t *testing.T, p []byte) string {
	s := string(p)
	if !utf8.Valid(p) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(s))
	return strings.TrimSuffix(b.String(), "\n")
}

var jsonSamples = []string{
	"", "hello", `quote " and \ backslash`, "<html> & friends",
	"\x00\x01\x07\b\t\n\v\f\r\x1b\x1f\x7f", "caf\u00e9 \u2028 \u2029 \U0001F600",
	"bad \xff byte", "run \xff\xfe\xfd of bad", "\xc3", "cut \xe2\x82", "\xed\xa0\x80 surrogate",
	"mixed \xffa\xfe\u2028\xff", strings.Repeat("long ", 10000) + "\xff" + strings.Repeat("\u00e9", 7000),
}

func TestMessageTextMatchesEncodingJSON(t *testing.T) {
	for _, s := range jsonSamples {
		var out bytes.Buffer
		w := bufio.NewWriter(&out)
		var mw messageWriter
		b := mw.text(w, []byte(`"`), []byte(s))
		b = append(b, '"')
		mw.flush(w, b)
		require.NoError(t, w.Flush())
		assert.Equal(t, jsonText(t, []byte(s)), out.String(), "%q", s)
	}
}

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range jsonSamples {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(s))
		want := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
		assert.Equal(t, string(want), string(appendJSONString(nil, s)), "%q", s)
	}
}

func FuzzMessageText(f *testing.F) {
	for _, s := range jsonSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		var out bytes.Buffer
		w := bufio.NewWriter(&out)
		var mw messageWriter
		mw.flush(w, append(mw.text(w, []byte(`"`), p), '"'))
		require.NoError(t, w.Flush())
		require.Equal(t, jsonText(t, p), out.String())
		require.Equal(t, jsonText(t, []byte(strings.ToValidUTF8(string(p), "\uFFFD"))), string(appendJSONString(nil, strings.ToValidUTF8(string(p), "\uFFFD"))))
	})
}
