package httpupgrade

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrBadExtension reports a Sec-WebSocket-Extensions value that does not
// follow RFC 6455 §9.1, or permessage-deflate parameters that break
// RFC 7692 §7.1. Errors wrapping it say what and where.
var ErrBadExtension = errors.New("httpupgrade: bad WebSocket extension")

// PerMessageDeflate is the name of the extension of RFC 7692.
const PerMessageDeflate = "permessage-deflate"

// Extension is one element of a Sec-WebSocket-Extensions header: an
// extension name and its parameters in order.
type Extension struct {
	Name   string
	Params []Param
}

// Param is one extension parameter. HasValue tells "name" from "name=";
// a quoted value is unquoted.
type Param struct {
	Name, Value string
	HasValue    bool
}

// String formats e the way it is written in a header.
func (e Extension) String() string {
	var b strings.Builder
	b.WriteString(e.Name)
	for _, p := range e.Params {
		b.WriteString("; ")
		b.WriteString(p.Name)
		if p.HasValue {
			b.WriteByte('=')
			b.WriteString(p.Value)
		}
	}
	return b.String()
}

// ParseExtensions parses a Sec-WebSocket-Extensions value:
// a comma-separated list of `name *( ";" param [ "=" value ] )` where a
// value is a token or a quoted string. On a syntax error it returns the
// extensions before the error and an error wrapping ErrBadExtension.
func ParseExtensions(v string) ([]Extension, error) {
	var exts []Extension
	s := extScanner{s: v}
	for {
		s.skipOWS()
		if s.eof() {
			return exts, nil
		}
		if s.peek() == ',' { // empty list element, allowed by RFC 9110 §5.6.1
			s.i++
			continue
		}
		name := s.token()
		if name == "" {
			return exts, s.fail("extension name expected")
		}
		e := Extension{Name: name}
		for {
			s.skipOWS()
			if s.eof() || s.peek() == ',' {
				break
			}
			if s.peek() != ';' {
				return exts, s.fail("';' or ',' expected")
			}
			s.i++
			s.skipOWS()
			p := Param{Name: s.token()}
			if p.Name == "" {
				return exts, s.fail("parameter name expected")
			}
			s.skipOWS()
			if !s.eof() && s.peek() == '=' {
				s.i++
				s.skipOWS()
				p.HasValue = true
				var err error
				if p.Value, err = s.value(); err != nil {
					return exts, err
				}
			}
			e.Params = append(e.Params, p)
		}
		exts = append(exts, e)
	}
}

// extScanner walks an extension list.
type extScanner struct {
	s string
	i int
}

func (s *extScanner) eof() bool  { return s.i >= len(s.s) }
func (s *extScanner) peek() byte { return s.s[s.i] }

func (s *extScanner) skipOWS() {
	for !s.eof() && isOWS(s.peek()) {
		s.i++
	}
}

func (s *extScanner) token() string {
	start := s.i
	for !s.eof() && isTokenChar(s.peek()) {
		s.i++
	}
	return s.s[start:s.i]
}

// value reads a token or a quoted string and returns it unquoted.
func (s *extScanner) value() (string, error) {
	if s.eof() || s.peek() != '"' {
		v := s.token()
		if v == "" {
			return "", s.fail("parameter value expected")
		}
		return v, nil
	}
	s.i++
	var b strings.Builder
	for !s.eof() {
		c := s.peek()
		s.i++
		switch c {
		case '"':
			return b.String(), nil
		case '\\':
			if s.eof() {
				return "", s.fail("unterminated quoted string")
			}
			c = s.peek()
			s.i++
		}
		b.WriteByte(c)
	}
	return "", s.fail("unterminated quoted string")
}

func (s *extScanner) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d of %q", ErrBadExtension, what, s.i, s.s)
}

// Extension returns the first extension named name (case-insensitive) that
// the message offers or accepts.
func (m *Message) Extension(name string) (Extension, bool) {
	for _, e := range m.Extensions {
		if strings.EqualFold(e.Name, name) {
			return e, true
		}
	}
	return Extension{}, false
}

// DeflateParams are the parameters of a permessage-deflate extension
// (RFC 7692 §7.1). A window size is the one in effect: 15 bits when the
// parameter is absent (or, for the client's, has no value), as RFC 7692
// says and as wsframe.DeflateParams reads it too.
type DeflateParams struct {
	ServerNoContextTakeover bool // server_no_context_takeover
	ClientNoContextTakeover bool // client_no_context_takeover
	ServerMaxWindowBits     int  // server_max_window_bits, 8 to 15; 15 when absent
	ClientMaxWindowBits     int  // client_max_window_bits, 8 to 15; 15 when absent or without a value
	// ClientMaxWindowBitsOffered reports client_max_window_bits present,
	// with or without a value. Without one (allowed in an offer only) the
	// client tells the server it may answer with a smaller window.
	ClientMaxWindowBitsOffered bool
}

// maxWindowBits is the largest LZ77 window, and the one in effect when no
// parameter narrows it (RFC 7692 §7.1.2).
const maxWindowBits = 15

// Deflate reads e's parameters as permessage-deflate's. It returns an
// error wrapping ErrBadExtension when e is not permessage-deflate, or a
// parameter is unknown, repeated, or has a bad value; the parameters that
// could be read are returned anyway (the zero DeflateParams when e is not
// permessage-deflate).
func (e Extension) Deflate() (DeflateParams, error) {
	if !strings.EqualFold(e.Name, PerMessageDeflate) {
		return DeflateParams{}, fmt.Errorf("%w: %q is not %s", ErrBadExtension, e.Name, PerMessageDeflate)
	}
	d := DeflateParams{ServerMaxWindowBits: maxWindowBits, ClientMaxWindowBits: maxWindowBits}
	var firstErr error
	fail := func(format string, args ...any) {
		if firstErr == nil {
			firstErr = fmt.Errorf("%w: %s: %s", ErrBadExtension, PerMessageDeflate, fmt.Sprintf(format, args...))
		}
	}
	seen := make(map[string]bool, len(e.Params))
	for _, p := range e.Params {
		name := strings.ToLower(p.Name)
		if seen[name] {
			fail("parameter %s repeated", p.Name)
			continue
		}
		seen[name] = true
		switch name {
		case "server_no_context_takeover", "client_no_context_takeover":
			if p.HasValue {
				fail("parameter %s takes no value, has %q", p.Name, p.Value)
			}
			if name == "server_no_context_takeover" {
				d.ServerNoContextTakeover = true
			} else {
				d.ClientNoContextTakeover = true
			}
		case "server_max_window_bits", "client_max_window_bits":
			client := name == "client_max_window_bits"
			if client {
				d.ClientMaxWindowBitsOffered = true
			}
			if !p.HasValue {
				if !client {
					fail("parameter %s needs a value", p.Name)
				}
				continue
			}
			bits, err := strconv.Atoi(p.Value)
			if err != nil || bits < 8 || bits > maxWindowBits || p.Value[0] == '0' || p.Value[0] == '+' {
				fail("parameter %s=%q is not 8 to 15", p.Name, p.Value)
				continue
			}
			if client {
				d.ClientMaxWindowBits = bits
			} else {
				d.ServerMaxWindowBits = bits
			}
		default:
			fail("unknown parameter %s", p.Name)
		}
	}
	return d, firstErr
}
