package dfilter

import (
	"net/netip"
	"strings"
)

// tokKind is the kind of a token of the filter language.
type tokKind uint8

const (
	tEOF      tokKind = iota
	tWord             // an unparsed word: a field name, a number, an address, a value name
	tString           // a double-quoted string, escapes processed (val)
	tRaw              // a raw string r"...": val is the text as written
	tChar             // a character constant 'x'
	tRef              // a field reference ${name}: val is the name
	tLParen           // (
	tRParen           // )
	tLBracket         // [ (the ranges after it are read by scanRanges)
	tRBracket         // ]
	tLBrace           // {
	tRBrace           // }
	tComma            // ,
	tDotDot           // ..
	tHash             // # (the layer after it is read by scanLayer)
	tAnd              // and &&
	tOr               // or ||
	tNot              // not !
	tRel              // a comparison: op holds which
	tIn               // in
	tContains         // contains
	tMatches          // matches
	tPlus             // +
	tMinus            // -
	tStar             // *
	tSlash            // /
	tPercent          // %
	tAmp              // & bitwise_and
	tBad              // a character the language does not have
)

// token is one token and where it is in the filter.
type token struct {
	kind     tokKind
	op       relOp
	pos, end int    // byte offsets in the filter
	val      string // a string's value, a reference's name
}

// relOp is a comparison operator.
type relOp uint8

const (
	opAnyEq relOp = iota // == eq any_eq
	opAllNe              // != ne all_ne
	opAllEq              // === all_eq
	opAnyNe              // !== ~= any_ne
	opGt                 // > gt
	opGe                 // >= ge
	opLt                 // < lt
	opLe                 // <= le
)

// opNames are the spellings tshark's messages use.
var opNames = [...]string{opAnyEq: "==", opAllNe: "!=", opAllEq: "===", opAnyNe: "!==", opGt: ">", opGe: ">=", opLt: "<", opLe: "<="}

// keywords are the words that are operators.
var keywords = map[string]token{
	"and": {kind: tAnd}, "or": {kind: tOr}, "not": {kind: tNot}, "in": {kind: tIn},
	"contains": {kind: tContains}, "matches": {kind: tMatches}, "bitwise_and": {kind: tAmp},
	"eq": {kind: tRel, op: opAnyEq}, "any_eq": {kind: tRel, op: opAnyEq},
	"ne": {kind: tRel, op: opAllNe}, "all_ne": {kind: tRel, op: opAllNe},
	"all_eq": {kind: tRel, op: opAllEq}, "any_ne": {kind: tRel, op: opAnyNe},
	"gt": {kind: tRel, op: opGt}, "ge": {kind: tRel, op: opGe},
	"lt": {kind: tRel, op: opLt}, "le": {kind: tRel, op: opLe},
}

// lexer splits a filter into tokens, one at a time.
type lexer struct {
	src string
	pos int
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// next returns the next token, or an error for a string or character
// constant that is not well formed.
func (l *lexer) next() (token, error) {
	s := l.src
	for l.pos < len(s) && (s[l.pos] == ' ' || s[l.pos] == '\t' || s[l.pos] == '\n' || s[l.pos] == '\r') {
		l.pos++
	}
	start := l.pos
	if start >= len(s) {
		return token{kind: tEOF, pos: start, end: start}, nil
	}
	tok := func(k tokKind, n int) (token, error) {
		l.pos += n
		return token{kind: k, pos: start, end: l.pos}, nil
	}
	rel := func(op relOp, n int) (token, error) {
		l.pos += n
		return token{kind: tRel, op: op, pos: start, end: l.pos}, nil
	}
	rest := s[start:]
	switch {
	case strings.HasPrefix(rest, "==="):
		return rel(opAllEq, 3)
	case strings.HasPrefix(rest, "!=="):
		return rel(opAnyNe, 3)
	case strings.HasPrefix(rest, "=="):
		return rel(opAnyEq, 2)
	case strings.HasPrefix(rest, "!="):
		return rel(opAllNe, 2)
	case strings.HasPrefix(rest, "~="):
		return rel(opAnyNe, 2)
	case strings.HasPrefix(rest, ">="):
		return rel(opGe, 2)
	case strings.HasPrefix(rest, "<="):
		return rel(opLe, 2)
	case strings.HasPrefix(rest, "&&"):
		return tok(tAnd, 2)
	case strings.HasPrefix(rest, "||"):
		return tok(tOr, 2)
	case strings.HasPrefix(rest, ".."):
		return tok(tDotDot, 2)
	case strings.HasPrefix(rest, "${"):
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return tok(tBad, 2)
		}
		l.pos += end + 1
		return token{kind: tRef, pos: start, end: l.pos, val: rest[2:end]}, nil
	case strings.HasPrefix(rest, `r"`):
		return l.quoted(start, true)
	}
	switch c := rest[0]; c {
	case '>':
		return rel(opGt, 1)
	case '<':
		return rel(opLt, 1)
	case '!':
		return tok(tNot, 1)
	case '(':
		return tok(tLParen, 1)
	case ')':
		return tok(tRParen, 1)
	case '[':
		return tok(tLBracket, 1)
	case ']':
		return tok(tRBracket, 1)
	case '{':
		return tok(tLBrace, 1)
	case '}':
		return tok(tRBrace, 1)
	case ',':
		return tok(tComma, 1)
	case '#':
		return tok(tHash, 1)
	case '+':
		return tok(tPlus, 1)
	case '-':
		return tok(tMinus, 1)
	case '*':
		return tok(tStar, 1)
	case '/':
		return tok(tSlash, 1)
	case '%':
		return tok(tPercent, 1)
	case '&':
		return tok(tAmp, 1)
	case '"':
		return l.quoted(start, false)
	case '\'':
		return l.char(start)
	case ':':
		if strings.HasPrefix(rest, "::") {
			return l.word(start)
		}
		// tshark shows the colon with the character after it
		n := 1
		if len(rest) > 1 && isWordByte(rest[1]) {
			n = 2
		}
		return tok(tBad, n)
	}
	if isWordByte(rest[0]) {
		return l.word(start)
	}
	return tok(tBad, 1)
}

// word reads an unparsed word: letters, digits, '_', '.', '-'; colons
// where they make a byte string, a MAC or an IPv6 address; a CIDR prefix
// after an address. ".." ends it (a range of a set).
func (l *lexer) word(start int) (token, error) {
	s := l.src
	end := start
	for end < len(s) && (isWordByte(s[end]) || s[end] == ':') {
		if strings.HasPrefix(s[end:], "..") {
			break
		}
		end++
	}
	w := s[start:end]
	if strings.IndexByte(w, ':') >= 0 {
		// the longest run up to a colon that is an address or bytes
		for !colonWord(w) {
			i := strings.LastIndexByte(w, ':')
			w = w[:i]
			if strings.IndexByte(w, ':') < 0 {
				break
			}
		}
		if strings.IndexByte(w, ':') >= 0 && !colonWord(w) {
			w = w[:strings.IndexByte(w, ':')]
		}
		end = start + len(w)
	}
	if end < len(s) && s[end] == '/' && end+1 < len(s) && isDigit(s[end+1]) && addressLike(w) {
		end++
		for end < len(s) && isDigit(s[end]) {
			end++
		}
	}
	l.pos = end
	if k, ok := keywords[s[start:end]]; ok {
		k.pos, k.end = start, end
		return k, nil
	}
	return token{kind: tWord, pos: start, end: end}, nil
}

// colonWord reports whether w, which has colons, is a byte string of hex
// pairs, a MAC or an IPv6 address.
func colonWord(w string) bool {
	if w == "" || w[len(w)-1] == ':' && !strings.HasSuffix(w, "::") {
		return false
	}
	pairs := true
	for i, p := range strings.Split(w, ":") {
		_ = i
		if len(p) != 2 || !isHex(p[0]) || !isHex(p[1]) {
			pairs = false
			break
		}
	}
	if pairs {
		return true
	}
	_, err := netip.ParseAddr(w)
	return err == nil
}

// addressLike reports whether a CIDR prefix may follow w: an IPv4 address
// (digits and dots) or an IPv6 one (colons).
func addressLike(w string) bool {
	if strings.IndexByte(w, ':') >= 0 {
		return true
	}
	for i := 0; i < len(w); i++ {
		if !isDigit(w[i]) && w[i] != '.' {
			return false
		}
	}
	return w != ""
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// quoted reads a double-quoted string, or a raw one (r"..."), whose
// backslashes stay as written but still keep a quote inside.
func (l *lexer) quoted(start int, raw bool) (token, error) {
	s := l.src
	i := start + 1
	if raw {
		i++
	}
	var b strings.Builder
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			l.pos = i + 1
			if raw {
				return token{kind: tRaw, pos: start, end: l.pos, val: s[start+2 : i]}, nil
			}
			return token{kind: tString, pos: start, end: l.pos, val: b.String()}, nil
		case c == '\\' && raw:
			i++ // the next character is kept, even a quote
		case c == '\\':
			n, width, ok := unescape(s[i:])
			if !ok {
				e := i + 2
				if e > len(s) {
					e = len(s)
				}
				return token{}, errAt(s, i, e-i, s[i:e]+" is not a valid character escape sequence")
			}
			b.WriteString(n)
			i += width - 1
		default:
			b.WriteByte(c)
		}
	}
	return token{}, errAt(s, len(s), 1, "The final quote was missing from a quoted string.")
}

// unescape reads the escape sequence at the start of s (a backslash and
// what follows): its value, its width in s, whether it is one.
func unescape(s string) (string, int, bool) {
	if len(s) < 2 {
		return "", 0, false
	}
	switch c := s[1]; c {
	case '\\', '"', '\'':
		return s[1:2], 2, true
	case 'a':
		return "\a", 2, true
	case 'b':
		return "\b", 2, true
	case 'f':
		return "\f", 2, true
	case 'n':
		return "\n", 2, true
	case 'r':
		return "\r", 2, true
	case 't':
		return "\t", 2, true
	case 'v':
		return "\v", 2, true
	case 'x':
		if len(s) >= 3 && isHex(s[2]) {
			v, w := hexVal(s[2]), 3
			if len(s) >= 4 && isHex(s[3]) {
				v, w = v<<4|hexVal(s[3]), 4
			}
			return string([]byte{v}), w, true
		}
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		if len(s) >= 2+n {
			var r rune
			for i := 2; i < 2+n; i++ {
				if !isHex(s[i]) {
					return "", 0, false
				}
				r = r<<4 | rune(hexVal(s[i]))
			}
			return string(r), 2 + n, true
		}
	default:
		if c >= '0' && c <= '7' {
			v, w := 0, 1
			for w < 4 && len(s) > w && s[w] >= '0' && s[w] <= '7' {
				v = v<<3 | int(s[w]-'0')
				w++
			}
			if v <= 255 {
				return string([]byte{byte(v)}), w, true
			}
		}
	}
	return "", 0, false
}

// char reads a character constant: one character, \xHH, \NNN octal, \\ or
// \'. Its value is in val.
func (l *lexer) char(start int) (token, error) {
	s := l.src
	end := strings.IndexByte(s[start+1:], '\'')
	for end >= 0 && s[start+end] == '\\' && end > 1 {
		// an escaped quote is part of the constant
		n := strings.IndexByte(s[start+end+2:], '\'')
		if n < 0 {
			end = -1
			break
		}
		end += n + 1
	}
	if end < 0 {
		return token{}, errAt(s, len(s), 1, "The final quote was missing from a quoted string.")
	}
	l.pos = start + end + 2
	body := s[start+1 : start+1+end]
	text := s[start:l.pos]
	bad := errAt(s, start, len(text), text+" is too long to be a valid character constant.")
	switch {
	case len(body) == 1 && body != `\`:
		return token{kind: tChar, pos: start, end: l.pos, val: body}, nil
	case len(body) >= 2 && body[0] == '\\' && (body[1] == 'x' || body[1] >= '0' && body[1] <= '7' || body[1] == '\\' || body[1] == '\''):
		v, w, ok := unescape(body)
		if ok && w == len(body) {
			return token{kind: tChar, pos: start, end: l.pos, val: v}, nil
		}
	case body == "":
		return token{}, errAt(s, start, len(text), text+" is not a valid character constant.")
	}
	return token{}, bad
}
