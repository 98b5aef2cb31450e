package dfilter

import (
	"regexp"
	"strings"

	"github.com/wsdissect/wsdissect/field"
)

// eop is what a compiled expression does.
type eop uint8

const (
	// tests
	eAnd eop = iota
	eOr
	eNot
	eRel      // a rel b
	eContains // a contains b
	eMatches  // a matches re
	eIn       // a in set
	eExists   // a has a value (for &: a non-zero one)
	eFalse    // never (a field reference tshark has no value for)
	// entities
	eField // the occurrences of a field (slot)
	eConst // lit
	eSlice // a[ranges]
	eArith // a arith b
	eNeg   // -a
	eCall  // fn(args)
)

// expr is a compiled expression: a test, or an entity that yields values.
// vals and buf are its scratch, reused by every Match.
type expr struct {
	op     eop
	cl     class     // the class of an entity's values
	t      typ       // an entity's type, for literals compared with it
	a, b   *expr     // operands
	args   []*expr   // a call's arguments
	set    []setElem // eIn
	slot   int       // eField: the field's slot
	layers []span    // eField: the layers it is limited to
	ranges []span    // eSlice
	lit    value     // eConst
	rel    relOp     // eRel
	arith  tokKind   // eArith: tPlus ... tAmp
	fn     string    // eCall
	re     *regexp.Regexp
	vals   []value
	buf    []byte
}

// setElem is an element of a set: a value, or a range lo..hi.
type setElem struct {
	lo, hi *expr // hi nil for a value
}

// slot is a field a filter names: the items of the packet that are its
// occurrences are gathered once per packet.
type slot struct {
	abbrev string
	f      *field.Field
	expert int // one of the expert pseudo-fields, or 0
	nodes  []field.Node
}

// expert pseudo-fields: the items of every expert info.
const (
	expertNone = iota
	expertAny
	expertMessage
	expertSeverity
	expertGroup
)

// Fields of the expert infos every layer raises, as Wireshark registers
// them, for a registry that does not declare them.
var (
	hfExpert         = field.Field{Name: "Expert Info", Abbrev: "_ws.expert", Type: field.Protocol}
	hfExpertMessage  = field.Field{Name: "Message", Abbrev: "_ws.expert.message", Type: field.String, Parent: "_ws.expert"}
	hfExpertSeverity = field.Field{Name: "Severity level", Abbrev: "_ws.expert.severity", Type: field.Uint32, Parent: "_ws.expert", Values: []field.Value{
		{Value: uint64(field.SeverityComment), Name: "Comment"}, {Value: uint64(field.SeverityChat), Name: "Chat"},
		{Value: uint64(field.SeverityNote), Name: "Note"}, {Value: uint64(field.SeverityWarning), Name: "Warning"},
		{Value: uint64(field.SeverityError), Name: "Error"}}}
	hfExpertGroup = field.Field{Name: "Group", Abbrev: "_ws.expert.group", Type: field.Uint32, Parent: "_ws.expert"}
)

var expertFields = map[string]struct {
	f    *field.Field
	kind int
}{
	"_ws.expert": {&hfExpert, expertAny}, "_ws.expert.message": {&hfExpertMessage, expertMessage},
	"_ws.expert.severity": {&hfExpertSeverity, expertSeverity}, "_ws.expert.group": {&hfExpertGroup, expertGroup},
}

// compiler turns a syntax tree into expressions against a registry.
type compiler struct {
	src   string
	reg   *field.Registry
	slots []*slot
	want  map[*field.Field]bool
	all   bool // a field that any protocol may hold: build them all
}

func (c *compiler) errAt(n *node, msg string) error { return errAt(c.src, n.pos, n.end-n.pos, msg) }

// lookup returns the field a word names, or nil.
func (c *compiler) lookup(name string) (*field.Field, int) {
	if e, ok := expertFields[name]; ok {
		// the registry's own declaration when it has one, with its value
		// names; ours for a registry without
		if f := c.reg.Lookup(name); f != nil && classOf(f.Type) == classOf(e.f.Type) {
			return f, e.kind
		}
		return e.f, e.kind
	}
	return c.reg.Lookup(name), expertNone
}

// slotOf returns the slot of a field, adding it.
func (c *compiler) slotOf(f *field.Field, expert int) int {
	for i, s := range c.slots {
		if s.abbrev == f.Abbrev {
			return i
		}
	}
	c.slots = append(c.slots, &slot{abbrev: f.Abbrev, f: f, expert: expert})
	if expert != expertNone {
		c.all = true
	} else if p := c.reg.Protocol(f); p != nil {
		c.want[p] = true
	} else {
		c.all = true
	}
	return len(c.slots) - 1
}

// test compiles a node that is a test.
func (c *compiler) test(n *node) (*expr, error) {
	switch n.kind {
	case nAnd, nOr:
		a, err := c.test(n.a)
		if err != nil {
			return nil, err
		}
		b, err := c.test(n.b)
		if err != nil {
			return nil, err
		}
		op := eAnd
		if n.kind == nOr {
			op = eOr
		}
		return &expr{op: op, a: a, b: b}, nil
	case nNot:
		a, err := c.test(n.a)
		if err != nil {
			return nil, err
		}
		return &expr{op: eNot, a: a}, nil
	case nRel:
		return c.relation(n)
	case nContains, nMatches:
		return c.search(n)
	case nIn:
		return c.membership(n)
	case nWord:
		if f, _ := c.lookup(c.word(n)); f == nil {
			return nil, c.errAt(n, c.word(n)+" is neither a field nor a protocol name.")
		}
	case nRef:
		if f, _ := c.lookup(n.val); f != nil {
			return nil, errAt(c.src, n.pos+2, len(n.val), n.val+" <"+f.Type.String()+"> is neither a field nor a protocol name.")
		}
		return nil, errAt(c.src, n.pos+2, len(n.val), n.val+" is neither a field nor a protocol name.")
	case nString, nRaw, nChar:
		return nil, c.errAt(n, `"`+c.src[n.pos:n.end]+`" was unexpected in this context.`)
	}
	a, err := c.entity(n)
	if err != nil {
		return nil, err
	}
	return &expr{op: eExists, a: a}, nil
}

// word returns the text of a word, without its layer (#2).
func (c *compiler) word(n *node) string {
	w := c.src[n.pos:n.end]
	if i := strings.IndexByte(w, '#'); i >= 0 && n.layers != nil {
		w = w[:i]
	}
	return w
}

// isLiteral reports whether n is a literal rather than an entity: a
// string, a character, or a word that names no field.
func (c *compiler) isLiteral(n *node) bool {
	switch n.kind {
	case nString, nRaw, nChar:
		return true
	case nWord:
		if n.layers != nil {
			return false
		}
		f, _ := c.lookup(c.src[n.pos:n.end])
		return f == nil
	}
	return false
}

// operand compiles the right side of a comparison: a literal converted to
// the left side's type, or an entity of a compatible class.
func (c *compiler) operand(n *node, left *expr) (*expr, error) {
	if c.isLiteral(n) {
		return c.constant(n, left.t)
	}
	if n.kind == nArith {
		// 2 + 1: literals take the left side's type
		return c.arithmetic(n, &left.t)
	}
	if n.kind == nNeg && c.isLiteral(n.a) && n.a.kind == nWord {
		// -1: a negative literal
		w := *n.a
		w.pos = n.pos
		return c.constant(&w, left.t)
	}
	b, err := c.entity(n)
	if err != nil {
		return nil, err
	}
	if !compatible(left.cl, b.cl) {
		return nil, c.errAt(n, c.describe(left)+" and "+c.src[n.pos:n.end]+" are not of compatible types.")
	}
	return b, nil
}

// describe names an entity in messages: its field or its text.
func (c *compiler) describe(e *expr) string {
	if e.op == eField {
		return c.slots[e.slot].abbrev
	}
	return e.fn
}

// constant compiles a literal as a value of type to.
func (c *compiler) constant(n *node, to typ) (*expr, error) {
	v, err := c.literal(n, to)
	if err != nil {
		return nil, err
	}
	cl := classOf(to.t)
	if cl == cUint && v.bits == 1 {
		cl, v.bits = cInt, 0 // a negative number compared with an unsigned one
	}
	return &expr{op: eConst, cl: cl, t: to, lit: v}, nil
}

// left compiles the left side of a comparison, which must be an entity.
func (c *compiler) left(n *node, op string) (*expr, error) {
	if c.isLiteral(n) {
		return nil, c.errAt(n, "Left side of "+op+" expression must be a field or function, not "+c.src[n.pos:n.end]+".")
	}
	return c.entity(n)
}

func (c *compiler) relation(n *node) (*expr, error) {
	a, err := c.left(n.a, `"`+opNames[n.rel]+`"`)
	if err != nil {
		return nil, err
	}
	if a.cl == cNone {
		return nil, c.errAt(n.a, c.src[n.a.pos:n.a.end]+" (type="+typeName(a.t.t)+") cannot participate in "+opNames[n.rel]+" comparison.")
	}
	b, err := c.operand(n.b, a)
	if err != nil {
		return nil, err
	}
	return &expr{op: eRel, rel: n.rel, a: a, b: b}, nil
}

func (c *compiler) search(n *node) (*expr, error) {
	word := "contains"
	if n.kind == nMatches {
		word = "matches"
	}
	a, err := c.left(n.a, word)
	if err != nil {
		return nil, err
	}
	if !a.cl.sequence() {
		return nil, c.errAt(n.a, c.src[n.a.pos:n.a.end]+" (type="+typeName(a.t.t)+") cannot participate in "+word+" comparison.")
	}
	if n.kind == nContains {
		b, err := c.operand(n.b, a)
		if err != nil {
			return nil, err
		}
		return &expr{op: eContains, a: a, b: b}, nil
	}
	if n.b.kind != nString && n.b.kind != nRaw {
		return nil, c.errAt(n.b, "Matches requires a double quoted string on the right side.")
	}
	re, err := compileRegexp(n.b.val)
	if err != nil {
		return nil, &Error{Expr: c.src, Msg: err.Error()}
	}
	return &expr{op: eMatches, a: a, re: re}, nil
}

func (c *compiler) membership(n *node) (*expr, error) {
	if c.isLiteral(n.a) {
		return nil, c.errAt(n.a, "Only a field may be tested for membership in a set.")
	}
	a, err := c.entity(n.a)
	if err != nil {
		return nil, err
	}
	if a.cl == cNone {
		return nil, c.errAt(n.a, c.src[n.a.pos:n.a.end]+" (type="+typeName(a.t.t)+") cannot participate in in comparison.")
	}
	e := &expr{op: eIn, a: a}
	for i := 0; i < len(n.args); i += 2 {
		lo, err := c.operand(n.args[i], a)
		if err != nil {
			return nil, err
		}
		var hi *expr
		if n.args[i+1] != nil {
			if !a.cl.numeric() && a.cl != cIPv4 && a.cl != cTime && a.cl != cRel {
				return nil, c.errAt(n.args[i], "A range of "+typeName(a.t.t)+" values is not supported.")
			}
			if hi, err = c.operand(n.args[i+1], a); err != nil {
				return nil, err
			}
		}
		e.set = append(e.set, setElem{lo, hi})
	}
	if n.neg {
		return &expr{op: eNot, a: e}, nil
	}
	return e, nil
}

// entity compiles a node that yields values.
func (c *compiler) entity(n *node) (*expr, error) {
	switch n.kind {
	case nWord:
		name := c.word(n)
		f, expert := c.lookup(name)
		if f == nil {
			return nil, c.errAt(n, name+" is neither a field nor a protocol name.")
		}
		return &expr{op: eField, cl: classOf(f.Type), t: typ{f.Type, f}, slot: c.slotOf(f, expert), layers: n.layers, fn: name}, nil
	case nRef:
		// tshark has no selected packet to take a reference from: it has
		// no value
		f, _ := c.lookup(n.val)
		if f == nil {
			return nil, errAt(c.src, n.pos+2, len(n.val), n.val+" is neither a field nor a protocol name.")
		}
		return &expr{op: eFalse, cl: classOf(f.Type), t: typ{f.Type, f}, fn: n.val}, nil
	case nSlice:
		a, err := c.entity(n.a)
		if err != nil {
			return nil, err
		}
		if !a.cl.sequence() {
			return nil, c.errAt(n.a, `"`+c.src[n.a.pos:n.a.end]+`" is a `+typeName(a.t.t)+" and cannot be sliced into a sequence of bytes.")
		}
		return &expr{op: eSlice, cl: cBytes, t: typ{t: field.Bytes}, a: a, ranges: n.ranges, fn: c.src[n.pos:n.end]}, nil
	case nArith, nNeg:
		return c.arithmetic(n, nil)
	case nCall:
		return c.call(n)
	}
	return nil, c.errAt(n, `"`+c.src[n.pos:n.end]+`" was unexpected in this context.`)
}

// arithmetic compiles a + b (or -a); ctx is the type literals take when
// the left operand is one (the right side of a comparison: 2 + 1).
func (c *compiler) arithmetic(n *node, ctx *typ) (*expr, error) {
	var a *expr
	var err error
	switch {
	case n.a.kind == nArith && ctx != nil:
		a, err = c.arithmetic(n.a, ctx)
	case c.isLiteral(n.a) && ctx != nil && n.a.kind != nString && n.a.kind != nRaw:
		a, err = c.constant(n.a, *ctx)
	case c.isLiteral(n.a):
		return nil, c.errAt(n.a, `"`+c.src[n.a.pos:n.a.end]+`" is not a valid arithmetic operand.`)
	default:
		a, err = c.entity(n.a)
	}
	if err != nil {
		return nil, err
	}
	if n.kind == nNeg {
		if !a.cl.numeric() && a.cl != cRel {
			return nil, c.errAt(n, "Constant expression is invalid on the LHS.")
		}
		cl := a.cl
		if cl == cUint || cl == cBool {
			cl = cInt
		}
		return &expr{op: eNeg, cl: cl, t: a.t, a: a, fn: c.src[n.pos:n.end]}, nil
	}
	sym := map[tokKind]string{tPlus: "+", tMinus: "-", tStar: "*", tSlash: "/", tPercent: "%", tAmp: "&"}[n.arith]
	ok := a.cl == cUint || a.cl == cInt || a.cl == cBool || a.cl == cBytes && n.arith == tAmp ||
		a.cl == cFloat && n.arith != tAmp && n.arith != tPercent ||
		a.cl == cRel && (n.arith == tPlus || n.arith == tMinus)
	if !ok {
		return nil, c.errAt(n.a, a.t.t.String()+" cannot "+sym+".")
	}
	var b *expr
	if c.isLiteral(n.b) {
		if n.b.kind == nString || n.b.kind == nRaw {
			return nil, c.errAt(n.b, `"`+n.b.val+`" is not a valid arithmetic operand.`)
		}
		b, err = c.constant(n.b, a.t)
	} else if n.b.kind == nArith {
		b, err = c.arithmetic(n.b, &a.t)
	} else {
		b, err = c.entity(n.b)
		if err == nil && !compatible(a.cl, b.cl) {
			err = c.errAt(n.b, c.describe(a)+" and "+c.src[n.b.pos:n.b.end]+" are not of compatible types.")
		}
	}
	if err != nil {
		return nil, err
	}
	cl := a.cl
	if n.arith == tMinus && (cl == cUint || cl == cBool) {
		cl = cInt // tcp.srcport - tcp.dstport is negative when the second is larger
	}
	return &expr{op: eArith, cl: cl, t: a.t, a: a, b: b, arith: n.arith, fn: c.src[n.pos:n.end]}, nil
}

// functions are tshark 4.0's, with their number of arguments.
var functions = map[string]struct{ min, max int }{
	"len": {1, 1}, "count": {1, 1}, "upper": {1, 1}, "lower": {1, 1}, "string": {1, 1},
	"max": {1, 1 << 30}, "min": {1, 1 << 30}, "abs": {1, 1},
}

func (c *compiler) call(n *node) (*expr, error) {
	name := c.src[n.a.pos:n.a.end]
	spec, ok := functions[name]
	if !ok {
		return nil, c.errAt(n.a, "Function '"+name+"' does not exist")
	}
	switch {
	case len(n.args) < spec.min:
		return nil, c.errAt(n.a, "Function "+name+" needs at least "+itoa(spec.min)+" arguments.")
	case len(n.args) > spec.max:
		return nil, c.errAt(n.a, "Function "+name+" can only accept "+itoa(spec.max)+" arguments.")
	}
	e := &expr{op: eCall, fn: name}
	for _, an := range n.args {
		if c.isLiteral(an) {
			return nil, c.errAt(an, "Only fields can be used as parameter for "+name+"()")
		}
		a, err := c.entity(an)
		if err != nil {
			return nil, err
		}
		e.args = append(e.args, a)
	}
	a := e.args[0]
	switch name {
	case "len":
		e.cl, e.t = cUint, typ{t: field.Uint32}
	case "count":
		if a.op != eField {
			return nil, c.errAt(n.args[0], "Only fields can be used as parameter for count()")
		}
		e.cl, e.t = cUint, typ{t: field.Uint32}
	case "upper", "lower":
		if a.cl != cString {
			return nil, c.errAt(n.args[0], "Only string type fields can be used as parameter for "+name+"()")
		}
		e.cl, e.t = cString, typ{t: field.String}
	case "string":
		if a.op != eField || a.cl == cNone || a.cl == cProto {
			return nil, c.errAt(n.args[0], "Only fields can be used as parameter for string()")
		}
		e.cl, e.t = cString, typ{t: field.String}
	case "max", "min", "abs":
		for i, x := range e.args {
			if !x.cl.numeric() && x.cl != cRel && x.cl != cTime {
				return nil, c.errAt(n.args[i], "Argument '"+c.src[n.args[i].pos:n.args[i].end]+"' is not valid for "+name+"()")
			}
			if i > 0 && !compatible(x.cl, a.cl) {
				return nil, c.errAt(n.args[i], "Arguments to '"+name+"' must have the same type (expected "+typeName(a.t.t)+")")
			}
		}
		e.cl, e.t = a.cl, a.t
		if name == "abs" && e.cl == cUint {
			e.cl = cUint
		}
	}
	return e, nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}
