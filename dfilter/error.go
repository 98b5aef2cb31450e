package dfilter

import "strings"

// Error is a filter that does not compile: tshark's message, and the run
// of the expression it is about (Len 0 when the message names no place,
// as "Unexpected end of filter expression.").
type Error struct {
	Expr string // the whole filter
	Pos  int    // byte offset of the run in Expr
	Len  int    // its length in bytes; 0 for none
	Msg  string // tshark's words
}

// Error returns the message alone.
func (e *Error) Error() string { return e.Msg }

// Underlined returns the message as tshark prints it: the message, then,
// when the error has a place, the filter indented by four spaces and a
// caret under the run's first byte followed by tildes under the rest.
func (e *Error) Underlined() string {
	if e.Len == 0 {
		return e.Msg
	}
	var b strings.Builder
	b.WriteString(e.Msg)
	b.WriteString("\n    ")
	b.WriteString(e.Expr)
	b.WriteString("\n    ")
	b.WriteString(strings.Repeat(" ", e.Pos))
	b.WriteByte('^')
	b.WriteString(strings.Repeat("~", e.Len-1))
	return b.String()
}

// errAt returns an error about the run [pos, pos+n) of expr.
func errAt(expr string, pos, n int, msg string) *Error {
	return &Error{Expr: expr, Pos: pos, Len: max(n, 0), Msg: msg}
}
