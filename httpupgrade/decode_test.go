package httpupgrade

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDecode(t *testing.T) {
	text := []byte("hello gzip\nsecond line\n")
	var gz, zl, raw bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(text)
	w.Close()
	z := zlib.NewWriter(&zl)
	z.Write(text)
	z.Close()
	f, _ := flate.NewWriter(&raw, flate.BestCompression)
	f.Write(text)
	f.Close()
	var bomb bytes.Buffer
	w = gzip.NewWriter(&bomb)
	w.Write(make([]byte, maxDecodedBody+1))
	w.Close()
	for _, c := range []struct {
		name, enc string
		body      []byte
		want      []byte
		known     bool
	}{
		{"gzip", "gzip", gz.Bytes(), text, true},
		{"x-gzip in capitals", "X-GZIP", gz.Bytes(), text, true},
		{"zlib", "deflate", zl.Bytes(), text, true},
		{"raw deflate", "deflate", raw.Bytes(), text, true},
		{"cut short: what inflated", "gzip", gz.Bytes()[:gz.Len()-8], text, true},
		{"not gzip", "gzip", []byte("plain"), nil, true},
		{"a bomb", "gzip", bomb.Bytes(), nil, true},
		{"unknown coding", "br", []byte("x"), nil, false},
	} {
		got, known := decode([]byte("prefix"), c.enc, c.body)
		assert.Equal(t, c.known, known, c.name)
		assert.Equal(t, c.want, got, c.name)
	}
}
