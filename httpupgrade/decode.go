package httpupgrade

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
)

// maxDecodedBody caps what a content-coded body decodes to: a larger one
// (a decompression bomb) counts as one that fails.
const maxDecodedBody = DefaultMaxBodyBytes

// decode appends to dst the body decoded from content coding enc, as
// tshark's HTTP dissector decodes it: gzip (x-gzip) and deflate (zlib, or
// raw deflate as some servers send). known is false for other codings; the
// result is what decoded before any damage, nil when nothing did. Decoding allocates the
// decompressor's state: only content-coded bodies pay for it.
func decode(dst []byte, enc string, body []byte) (out []byte, known bool) {
	var r io.Reader
	switch {
	case equalFoldASCII(enc, "gzip"), equalFoldASCII(enc, "x-gzip"):
		z, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, true
		}
		r = z
	case equalFoldASCII(enc, "deflate"):
		z, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			r = flate.NewReader(bytes.NewReader(body))
		} else {
			r = z
		}
	default:
		return nil, false
	}
	start := len(dst)
	for {
		if len(dst) == cap(dst) {
			dst = append(dst, 0)[:len(dst)]
		}
		n, err := r.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if len(dst)-start > maxDecodedBody {
			return nil, true
		}
		if err == io.EOF {
			return dst[start:], true
		}
		if err != nil {
			// tshark keeps what inflated before the damage
			if len(dst) > start {
				return dst[start:], true
			}
			return nil, true
		}
	}
}
