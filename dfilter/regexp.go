package dfilter

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"
)

// maxPattern bounds the length of a regular expression.
const maxPattern = 10000

// pcreOnly are PCRE2 constructs Go's regexp (RE2) does not have: they
// need backtracking, which RE2 leaves out so that a match takes linear
// time.
var pcreOnly = []struct{ syntax, name string }{
	{"(?<=", "lookbehind"}, {"(?<!", "negative lookbehind"}, {"(?=", "lookahead"}, {"(?!", "negative lookahead"},
	{"(?>", "atomic group"}, {"(?R", "recursion"}, {"(?(", "conditional"}, {`\K`, `\K`},
	{"*+", "possessive quantifier"}, {"++", "possessive quantifier"}, {"?+", "possessive quantifier"}, {"}+", "possessive quantifier"},
}

// compileRegexp compiles the pattern of matches: case-insensitive, as
// Wireshark compiles it, unless it says (?-i).
func compileRegexp(pattern string) (*regexp.Regexp, error) {
	if len(pattern) > maxPattern {
		return nil, errors.New("Regex compilation error: the pattern is longer than 10000 bytes.")
	}
	for _, p := range pcreOnly {
		if strings.Contains(pattern, p.syntax) {
			return nil, errors.New("Regex compilation error: " + p.name + " (" + p.syntax + ") is PCRE2 syntax that Go's regexp (RE2) does not support.")
		}
	}
	for i := 0; i+1 < len(pattern); i++ {
		if pattern[i] == '\\' {
			if c := pattern[i+1]; c >= '1' && c <= '9' || c == 'g' || c == 'k' {
				return nil, errors.New(`Regex compilation error: the back reference \` + string(c) + ` is PCRE2 syntax that Go's regexp (RE2) does not support.`)
			}
			i++
		}
	}
	re, err := regexp.Compile("(?i)" + pattern)
	if err != nil {
		var se *syntax.Error
		msg := err.Error()
		if errors.As(err, &se) {
			msg = string(se.Code)
			switch se.Code {
			case syntax.ErrMissingParen:
				msg = "missing closing parenthesis"
			case syntax.ErrMissingBracket:
				msg = "missing terminating ] for character class"
			}
		}
		return nil, errors.New("Regex compilation error: " + msg + ".")
	}
	return re, nil
}
