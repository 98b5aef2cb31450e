package capture

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
)

// Compressed captures. tshark 4.0 reads gzip, zstd and lz4 captures,
// whatever their file name; the standard library decompresses gzip alone,
// so a zstd or lz4 capture is refused with a clear error, as are xz and
// bzip2, which tshark refuses too.

// gunzipBufSize is the read size on the compressed input: a capture file
// is read in few system calls, as a plain one is.
const gunzipBufSize = 256 << 10

// compression names the format of a compressed file starting with magic
// (at least 4 bytes), and the command that decompresses it; "" if none.
func compression(magic []byte) (format, tool string) {
	switch {
	case string(magic[:2]) == "\x1f\x8b":
		return "gzip", "gzip -d"
	case string(magic[:4]) == "\x28\xb5\x2f\xfd":
		return "zstd", "zstd -d"
	case string(magic[:4]) == "\x04\x22\x4d\x18":
		return "lz4", "lz4 -d"
	case string(magic[:4]) == "\xfd7zX":
		return "xz", "xz -d"
	case string(magic[:3]) == "BZh" && magic[3] >= '1' && magic[3] <= '9':
		return "bzip2", "bzip2 -d"
	}
	return "", ""
}

// unsupportedError refuses a capture compressed in a format that cannot be
// read; it matches ErrUnsupportedCompression.
type unsupportedError struct{ format, tool string }

func (e *unsupportedError) Error() string {
	return "capture: " + e.format + "-compressed capture: not supported, decompress it first (" + e.tool + ")"
}

func (e *unsupportedError) Is(target error) bool { return target == ErrUnsupportedCompression }

// corruption is an error of the decompressor about the compressed bytes,
// as opposed to one of the input it reads them from.
type corruption struct{ err error }

func (c *corruption) Error() string { return c.err.Error() }
func (c *corruption) Unwrap() error { return c.err }

// gunzip decompresses a gzip capture, member after member, in a stream
// (its memory does not depend on the file's size), and marks the errors
// that come from damaged compressed bytes. A stream cut short ends with
// io.ErrUnexpectedEOF, which the readers report as a truncated capture.
type gunzip struct{ z *gzip.Reader }

// newGunzip reads the gzip header of in.
func newGunzip(in io.Reader) (*gunzip, error) {
	z, err := gzip.NewReader(bufio.NewReaderSize(in, gunzipBufSize))
	switch {
	case err == nil:
		return &gunzip{z: z}, nil
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return nil, &FormatError{Err: ErrTruncatedRecord, Offset: 0, Detail: "gzip header cut short"}
	case errors.Is(err, gzip.ErrHeader):
		return nil, &FormatError{Err: ErrCorruptCompression, Offset: 0, Detail: err.Error()}
	}
	return nil, err
}

func (g *gunzip) Read(b []byte) (int, error) {
	n, err := g.z.Read(b)
	if err == nil || err == io.EOF || err == io.ErrUnexpectedEOF {
		return n, err
	}
	var corrupt flate.CorruptInputError
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, &corrupt) {
		err = &corruption{err}
	}
	return n, err
}
