package field

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// escapedSlowly is AppendFieldText one byte at a time, the definition it is
// checked against.
func escapedSlowly(s []byte) []byte {
	var dst []byte
	for len(s) > 0 {
		r, n := utf8.DecodeRune(s)
		switch {
		case r == '\t':
			dst = append(dst, `\t`...)
		case r == '\n':
			dst = append(dst, `\n`...)
		case r == '\r':
			dst = append(dst, `\r`...)
		case r == utf8.RuneError && n == 1:
			dst = utf8.AppendRune(dst, utf8.RuneError)
		default:
			dst = append(dst, s[:n]...)
		}
		s = s[n:]
	}
	return dst
}

func TestAppendFieldText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"plain text, long enough for a word or two", "plain text, long enough for a word or two"},
		{"a\tb\nc\rd", `a\tb\nc\rd`},
		{"0123456\t89abcdef\n", `0123456\t89abcdef\n`},
		{"\x00\x01\x0b\x0c\x0e\x1f", "\x00\x01\x0b\x0c\x0e\x1f"},
		{"héllo wörld, ünïcode", "héllo wörld, ünïcode"},
		{"bad \xff byte and \xe2\x82 cut", "bad \uFFFD byte and \uFFFD\uFFFD cut"},
		{"01234567\xc3", "01234567\uFFFD"},
		{"\x7f\x7e\x80", "\x7f\x7e\uFFFD"},
	} {
		got := AppendFieldText([]byte("x"), []byte(c.in))
		require.Equal(t, "x"+c.want, string(got), "%q", c.in)
	}
}

// TestAppendFieldTextRandom checks the eight-byte scan against the
// definition on random bytes, biased towards the bytes around its bounds.
func TestAppendFieldTextRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("\x00\x08\t\n\x0b\x0c\r\x0d\x0e\x0f\x7f\x80\xbf\xc3\xa9\xe2\x82\xacaz ")
	for range 5000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = byte(r.IntN(256))
			}
		}
		require.Equal(t, escapedSlowly(b), AppendFieldText(nil, b), "%q", b)
	}
}

func BenchmarkAppendFieldText(b *testing.B) {
	text := []byte(`{"op":"pub","ch":"session","id":5,"v":["book","gamma","snapshot"]} lorem ipsum dolor sit amet`)
	for len(text) < 1<<20 {
		text = append(text, text...)
	}
	var dst []byte
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		dst = AppendFieldText(dst[:0], text)
	}
}
