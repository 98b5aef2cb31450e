package wsdissect

import (
	"io"
	"unicode/utf8"

	"github.com/wsdissect/wsdissect/field"
)

// streamedText is the size of the pieces in which WriteFieldRef escapes a
// long text and writes it out.
const streamedText = 32 << 10

// WriteFieldRef is AppendFieldRef for output that goes to out, for values
// that may be large: while it escapes the text of a long message, it
// writes what it has made so far, dst's bytes first, to out in pieces of
// some tens of kilobytes, so that the text of a message of megabytes never
// lies whole, escaped, in memory. It returns dst with the bytes not
// written yet, as AppendFieldRef returns it, and the first error of out.
// With LastOccurrence, which may take back what it appended, it writes
// nothing.
func (r *Record) WriteFieldRef(out io.Writer, dst []byte, f FieldRef, sep string, occ Occurrence) ([]byte, error) {
	w := fieldWriter{dst: dst, start: len(dst), sep: sep, occ: occ, out: out}
	r.fieldTo(&w, f)
	return w.dst, w.err
}

// streamText escapes b's first bytes and writes them to w.out with the
// bytes before them, a piece at a time, and returns the last piece, of at
// most streamedText bytes, for the caller to append.
func (w *fieldWriter) streamText(b []byte) []byte {
	for len(b) > streamedText {
		n := runeCut(b, streamedText)
		w.dst = field.AppendFieldText(w.dst, b[:n])
		b = b[n:]
		if _, err := w.out.Write(w.dst); err != nil && w.err == nil {
			w.err = err
		}
		w.dst, w.start = w.dst[:0], 0
	}
	return b
}

// runeCut returns where to cut b near n (0 < n < len(b)) so that the two
// sides escape as b does whole: before a byte that starts a rune, or is
// no part of the rune before it, within the three bytes before n.
func runeCut(b []byte, n int) int {
	for i := n; i > n-utf8.UTFMax && i > 0; i-- {
		if utf8.RuneStart(b[i]) {
			return i
		}
	}
	// n follows three continuation bytes: no rune that begins before n
	// reaches it
	return n
}
