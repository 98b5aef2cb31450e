package httpupgrade

import (
	"errors"
	"strconv"
)

// Sentinel errors returned by [Parser.Parse]. Every error other than
// ErrIncomplete is a *[ParseError] that wraps one of them, so callers test
// with errors.Is and read the details from the message.
var (
	// ErrIncomplete means b holds only the beginning of a message: call Parse
	// again with more bytes. It is returned as is, never wrapped.
	ErrIncomplete = errors.New("httpupgrade: incomplete message")
	// ErrMalformed means the bytes are not a well-formed HTTP/1.x message:
	// not HTTP at all, a bad request or status line, a bad header line, a NUL
	// byte, a bad Content-Length or chunk size.
	ErrMalformed = errors.New("httpupgrade: malformed message")
	// ErrHeadTooLarge means the head did not end within Limits.MaxHeadBytes
	// (or a chunked body's trailer section within the same cap).
	ErrHeadTooLarge = errors.New("httpupgrade: head too large")
	// ErrTooManyHeaders means the head has more than Limits.MaxHeaders
	// header lines.
	ErrTooManyHeaders = errors.New("httpupgrade: too many header lines")
	// ErrBodyTooLarge means the body announced by Content-Length, or the
	// chunks of a chunked body, exceed Limits.MaxBodyBytes.
	ErrBodyTooLarge = errors.New("httpupgrade: body too large")
)

// ParseError describes why bytes could not be parsed and where.
type ParseError struct {
	Err    error  // one of the sentinels above
	Offset int    // byte offset in the buffer given to Parse
	What   string // what is wrong, for people
}

// Error says what is wrong and at which byte of the input.
func (e *ParseError) Error() string {
	return e.Err.Error() + ": " + e.What + " at byte " + strconv.Itoa(e.Offset)
}

// Unwrap returns the sentinel, for errors.Is.
func (e *ParseError) Unwrap() error { return e.Err }

func parseErr(sentinel error, off int, what string) error {
	return &ParseError{Err: sentinel, Offset: off, What: what}
}
