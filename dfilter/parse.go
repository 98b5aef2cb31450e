package dfilter

import (
	"strconv"
)

// maxDepth bounds the nesting of a filter (parentheses, braces, not,
// unary minus, slices), so that a hostile one is an error, not a stack
// overflow.
const maxDepth = 200

// maxTokens bounds the size of a filter (and of a set in it).
const maxTokens = 100000

// kind is the kind of a syntax node.
type kind uint8

const (
	nWord     kind = iota // an unparsed word: a field, or a literal
	nString               // "..."
	nRaw                  // r"..."
	nChar                 // '.'
	nRef                  // ${field}
	nSlice                // a[ranges]
	nCall                 // name(args)
	nArith                // a op b: + - * / % &
	nNeg                  // -a
	nRel                  // a op b: a comparison
	nContains             // a contains b
	nMatches              // a matches b
	nIn                   // a in {set}; not in when neg
	nAnd                  // a and b
	nOr                   // a or b
	nNot                  // not a
)

// span is a run of [lo, hi] offsets: a range of a slice or of layers.
// hi is set by form: ":" a length, "-" an end, "" one element; open is
// [n:] (to the end).
type span struct {
	start, n int
	form     byte // ':' start and length, '-' start and end, 0 one, 'e' start to end
}

// node is a node of the syntax tree.
type node struct {
	kind     kind
	pos, end int // the run of the filter it was read from
	rel      relOp
	arith    tokKind
	neg      bool
	a, b     *node
	args     []*node // a call's arguments, a set's elements (pairs lo, hi; hi nil for a value)
	ranges   []span  // a slice's ranges
	layers   []span  // a field's layers (field#2), nil for all
	val      string  // a string's value
}

// parser reads a filter into a syntax tree.
type parser struct {
	lx     lexer
	tok    token
	depth  int
	tokens int
}

func (p *parser) src(n *node) string { return p.lx.src[n.pos:n.end] }

func (p *parser) advance() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tokens++
	if p.tokens > maxTokens {
		return errAt(p.lx.src, t.pos, t.end-t.pos, "The filter is too long (more than "+strconv.Itoa(maxTokens)+" tokens).")
	}
	p.tok = t
	return nil
}

// unexpected is tshark's error for a token where it does not fit.
func (p *parser) unexpected() error {
	t := p.tok
	if t.kind == tEOF {
		return &Error{Expr: p.lx.src, Pos: len(p.lx.src), Msg: "Unexpected end of filter expression."}
	}
	return errAt(p.lx.src, t.pos, t.end-t.pos, `"`+p.lx.src[t.pos:t.end]+`" was unexpected in this context.`)
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return errAt(p.lx.src, p.tok.pos, max(p.tok.end-p.tok.pos, 1), "The filter is nested too deeply (more than "+strconv.Itoa(maxDepth)+" levels).")
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// maxFilter bounds the length of a filter, in bytes.
const maxFilter = 1 << 20

// parse reads the whole filter; nil for an empty one.
func parse(src string) (*node, error) {
	if len(src) > maxFilter {
		return nil, &Error{Expr: src, Msg: "The filter is too long (more than 1 MiB)."}
	}
	p := &parser{lx: lexer{src: src}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return nil, nil
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.unexpected()
	}
	return n, nil
}

func (p *parser) or() (*node, error) {
	a, err := p.and()
	for err == nil && p.tok.kind == tOr {
		if err = p.advance(); err != nil {
			break
		}
		var b *node
		if b, err = p.and(); err == nil {
			a = &node{kind: nOr, pos: a.pos, end: b.end, a: a, b: b}
		}
	}
	return a, err
}

func (p *parser) and() (*node, error) {
	a, err := p.not()
	for err == nil && p.tok.kind == tAnd {
		if err = p.advance(); err != nil {
			break
		}
		var b *node
		if b, err = p.not(); err == nil {
			a = &node{kind: nAnd, pos: a.pos, end: b.end, a: a, b: b}
		}
	}
	return a, err
}

func (p *parser) not() (*node, error) { return p.prefixed(tNot, nNot, p.not, p.test) }

// prefixed reads a prefix operator op and its operand, which self reads
// (the operator may repeat: "not not x", "--1"), as a node of kind k; or,
// without the operator, what next reads.
func (p *parser) prefixed(op tokKind, k kind, self, next func() (*node, error)) (*node, error) {
	if p.tok.kind != op {
		return next()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	pos := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	a, err := self()
	if err != nil {
		return nil, err
	}
	return &node{kind: k, pos: pos, end: a.end, a: a}, nil
}

// test reads a parenthesized expression, or a comparison, or an entity
// alone (a test of existence).
func (p *parser) test() (*node, error) {
	if p.tok.kind == tLParen {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tRParen {
			return nil, p.unexpected()
		}
		return n, p.advance()
	}
	a, err := p.arith()
	if err != nil {
		return nil, err
	}
	switch p.tok.kind {
	case tRel:
		// a == b == c is a == b and b == c
		var chain *node
		for p.tok.kind == tRel {
			op := p.tok.rel()
			if err := p.advance(); err != nil {
				return nil, err
			}
			b, err := p.arith()
			if err != nil {
				return nil, err
			}
			r := &node{kind: nRel, pos: a.pos, end: b.end, rel: op, a: a, b: b}
			if chain == nil {
				chain = r
			} else {
				chain = &node{kind: nAnd, pos: chain.pos, end: r.end, a: chain, b: r}
			}
			a = b
		}
		return chain, nil
	case tContains, tMatches:
		k := nContains
		if p.tok.kind == tMatches {
			k = nMatches
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		b, err := p.arith()
		if err != nil {
			return nil, err
		}
		return &node{kind: k, pos: a.pos, end: b.end, a: a, b: b}, nil
	case tIn:
		return p.set(a, false)
	case tNot:
		// a not in {set}
		save, tok := p.lx.pos, p.tok
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tIn {
			return p.set(a, true)
		}
		p.lx.pos, p.tok = save, tok
	}
	return a, nil
}

// rel returns the operator of a comparison token.
func (t token) rel() relOp { return t.op }

// set reads "in {a, b, c..d}" after its left side.
func (p *parser) set(a *node, neg bool) (*node, error) {
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tLBrace {
		return nil, p.unexpected()
	}
	n := &node{kind: nIn, pos: a.pos, a: a, neg: neg}
	for {
		if err := p.advance(); err != nil {
			return nil, err
		}
		lo, err := p.arith()
		if err != nil {
			return nil, err
		}
		var hi *node
		if p.tok.kind == tDotDot {
			if err := p.advance(); err != nil {
				return nil, err
			}
			if hi, err = p.arith(); err != nil {
				return nil, err
			}
		}
		n.args = append(n.args, lo, hi)
		switch p.tok.kind {
		case tComma:
			continue
		case tRBrace:
			n.end = p.tok.end
			return n, p.advance()
		}
		return nil, p.unexpected()
	}
}

// arith reads an arithmetic expression: & binds least, then + and -,
// then * / %, then unary minus.
func (p *parser) arith() (*node, error) { return p.binary(0) }

var levels = [...][]tokKind{{tAmp}, {tPlus, tMinus}, {tStar, tSlash, tPercent}}

func (p *parser) binary(level int) (*node, error) {
	if level == len(levels) {
		return p.unary()
	}
	a, err := p.binary(level + 1)
	for err == nil && in(p.tok.kind, levels[level]) {
		op := p.tok.kind
		if err = p.advance(); err != nil {
			break
		}
		var b *node
		if b, err = p.binary(level + 1); err == nil {
			a = &node{kind: nArith, pos: a.pos, end: b.end, arith: op, a: a, b: b}
		}
	}
	return a, err
}

func in(k tokKind, ks []tokKind) bool {
	for _, x := range ks {
		if k == x {
			return true
		}
	}
	return false
}

func (p *parser) unary() (*node, error) { return p.prefixed(tMinus, nNeg, p.unary, p.postfix) }

// postfix reads an atom and the slices after it.
func (p *parser) postfix() (*node, error) {
	a, err := p.atom()
	for err == nil && p.tok.kind == tLBracket {
		var ranges []span
		ranges, err = p.scanRanges(']')
		if err != nil {
			break
		}
		a = &node{kind: nSlice, pos: a.pos, end: p.lx.pos, a: a, ranges: ranges}
		err = p.advance()
	}
	return a, err
}

func (p *parser) atom() (*node, error) {
	t := p.tok
	switch t.kind {
	case tWord:
		n := &node{kind: nWord, pos: t.pos, end: t.end}
		if p.lx.pos < len(p.lx.src) && p.lx.src[p.lx.pos] == '#' {
			layers, err := p.scanLayer()
			if err != nil {
				return nil, err
			}
			n.layers = layers
			n.end = p.lx.pos
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tLParen && n.layers == nil {
			return p.call(n)
		}
		return n, nil
	case tString, tRaw, tChar, tRef:
		k := map[tokKind]kind{tString: nString, tRaw: nRaw, tChar: nChar, tRef: nRef}[t.kind]
		n := &node{kind: k, pos: t.pos, end: t.end, val: t.val}
		return n, p.advance()
	case tLBrace:
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.arith()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tRBrace {
			return nil, p.unexpected()
		}
		return n, p.advance()
	}
	return nil, p.unexpected()
}

// call reads the arguments of a function after its name.
func (p *parser) call(name *node) (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	n := &node{kind: nCall, pos: name.pos, end: name.end, a: name}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tRParen {
		n.end = p.tok.end
		return n, p.advance()
	}
	for {
		arg, err := p.arith()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, arg)
		switch p.tok.kind {
		case tComma:
			if err := p.advance(); err != nil {
				return nil, err
			}
			continue
		case tRParen:
			return n, p.advance()
		}
		return nil, p.unexpected()
	}
}

// scanLayer reads the layer after a field: #2 or #[1-2,4].
func (p *parser) scanLayer() ([]span, error) {
	s := p.lx.src
	i := p.lx.pos + 1
	switch {
	case i < len(s) && isDigit(s[i]):
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		v, err := strconv.Atoi(s[i:j])
		if err != nil || v > 1<<20 {
			return nil, errAt(s, i, j-i, `"`+s[i:j]+`" is not a valid layer.`)
		}
		p.lx.pos = j
		return []span{{start: v}}, nil
	case i < len(s) && s[i] == '[':
		p.lx.pos = i + 1
		return p.scanRanges(']')
	}
	what := "end of filter"
	if i < len(s) {
		what = `"` + s[i:i+1] + `"`
	}
	return nil, errAt(s, i, 1, `Expected digit or "[", not `+what)
}

// scanRanges reads the ranges of a slice after its '[', up to and with
// the closing bracket: n, n:m, n-m, n:, :m, separated by commas; the
// lexer's position is left after the bracket.
func (p *parser) scanRanges(close byte) ([]span, error) {
	s := p.lx.src
	i := p.lx.pos
	skip := func() {
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	num := func() (int, bool) {
		skip()
		j := i
		if j < len(s) && s[j] == '-' {
			j++
		}
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k == j || k-j > 9 {
			return 0, false
		}
		v, _ := strconv.Atoi(s[i:k])
		i = k
		return v, true
	}
	// bad is tshark's error about the range being read, which starts at
	// from: a number that is not one, or a range of three parts
	bad := func(from int) error {
		j := from
		for j < len(s) && s[j] != ',' && s[j] != close && s[j] != ' ' {
			j++
		}
		if j == from {
			if j < len(s) {
				return errAt(s, j, 1, `"`+s[j:j+1]+`" was unexpected in this context.`)
			}
			return &Error{Expr: s, Pos: len(s), Msg: "Unexpected end of filter expression."}
		}
		text := s[from:j]
		for k := from; k < j; k++ {
			if !isDigit(s[k]) && s[k] != '-' && s[k] != ':' {
				return errAt(s, from, j-from, `"`+text+`" is not a valid number.`)
			}
		}
		return errAt(s, from, j-from, `"`+text+`" is not a valid range.`)
	}
	var out []span
	for {
		var r span
		skip()
		from := i
		if i < len(s) && s[i] == ':' {
			i++
			n, ok := num()
			if !ok || n < 0 {
				return nil, bad(from)
			}
			r = span{start: 0, n: n, form: ':'}
		} else {
			v, ok := num()
			if !ok {
				return nil, bad(from)
			}
			r = span{start: v}
			skip()
			if i < len(s) && s[i] == ':' {
				i++
				skip()
				if i < len(s) && (s[i] == ',' || s[i] == close) {
					r.form = 'e'
				} else if n, ok := num(); ok && n >= 0 {
					r.n, r.form = n, ':'
				} else {
					return nil, bad(from)
				}
			} else if i < len(s) && s[i] == '-' {
				i++
				n, ok := num()
				if !ok {
					return nil, bad(from)
				}
				r.n, r.form = n, '-'
			}
		}
		out = append(out, r)
		skip()
		if len(out) > maxTokens {
			return nil, bad(from)
		}
		switch {
		case i < len(s) && s[i] == ',':
			i++
			continue
		case i < len(s) && s[i] == close:
			p.lx.pos = i + 1
			return out, nil
		}
		return nil, bad(from)
	}
}
