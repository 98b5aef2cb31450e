package capture

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error about the capture's contents matches one of
// them with errors.Is, wrapped in a *FormatError that says where in the
// file the problem is.
var (
	// ErrBadMagic: the input does not start like a pcap or pcapng file, or a
	// pcapng section header has an unknown byte-order magic.
	ErrBadMagic = errors.New("capture: not a pcap or pcapng capture (bad magic)")
	// ErrTruncatedRecord: the file ends in the middle of a header, record or block.
	ErrTruncatedRecord = errors.New("capture: capture truncated in the middle of a record")
	// ErrRecordTooLarge: a record claims more captured bytes than MaxRecordSize.
	ErrRecordTooLarge = errors.New("capture: record larger than the maximum record size")
	// ErrBadRecord: a record or pcapng block is malformed (impossible lengths,
	// unknown interface, bad options).
	ErrBadRecord = errors.New("capture: malformed capture record")
	// ErrCorruptCompression: a compressed capture cannot be decompressed
	// (bad checksum, invalid compressed data).
	ErrCorruptCompression = errors.New("capture: compressed capture damaged, cannot be decompressed")
	// ErrUnsupportedCompression: the capture is compressed in a format this
	// package cannot decompress (zstd, lz4, xz, bzip2).
	ErrUnsupportedCompression = errors.New("capture: compressed capture not supported")
	// ErrClosed: the Reader was closed while it still had records to read.
	ErrClosed = errors.New("capture: reader closed")
)

// FormatError reports a damaged capture file: what is wrong (Err, one of the
// sentinels above), where (Offset, the byte offset of the record or block
// that could not be read, -1 when unknown) and after which frame. In a
// compressed capture the offset is in the decompressed bytes.
type FormatError struct {
	Err    error  // ErrBadMagic, ErrTruncatedRecord, ErrRecordTooLarge, ErrBadRecord or ErrCorruptCompression
	Offset int64  // byte offset in the (decompressed) file, -1 if unknown
	Frame  uint64 // number of records read successfully before the error
	Detail string // extra explanation, may be empty
}

// Error describes the damage, its offset and the last good frame.
func (e *FormatError) Error() string {
	msg := e.Err.Error()
	if e.Offset >= 0 {
		msg += fmt.Sprintf(" at byte offset %d", e.Offset)
	}
	msg += fmt.Sprintf(" (after frame %d)", e.Frame)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the sentinel, so errors.Is(err, ErrTruncatedRecord) works.
func (e *FormatError) Unwrap() error { return e.Err }
