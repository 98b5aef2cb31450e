package dfilter

import (
	"bytes"
	"math"

	"github.com/wsdissect/wsdissect/field"
)

// maxValues bounds the values an arithmetic expression makes of the
// occurrences of its operands (each of one with each of the other).
const maxValues = 4096

// gather collects, in one pass over the tree, the items of every field
// the filter names.
func (f *Filter) gather(t *field.Tree) {
	for _, s := range f.slots {
		s.nodes = s.nodes[:0]
	}
	for i := 0; i < t.Len(); i++ {
		n := field.Node(i)
		if fd := t.Field(n); fd != nil {
			if s := f.slotOf(fd); s >= 0 {
				f.slots[s].nodes = append(f.slots[s].nodes, n)
			}
			continue
		}
		e := t.Expert(n)
		if e == nil {
			continue
		}
		s, ok := f.byExpert[e]
		if !ok {
			s = f.slotNamed(e.Abbrev)
			f.byExpert[e] = s
		}
		if s >= 0 {
			f.slots[s].nodes = append(f.slots[s].nodes, n)
		}
		for _, s := range f.expertSlots {
			f.slots[s].nodes = append(f.slots[s].nodes, n)
		}
	}
}

// slotNamed returns the slot of a field by filter name, or -1.
func (f *Filter) slotNamed(abbrev string) int32 {
	for i, s := range f.slots {
		if s.abbrev == abbrev && s.expert == expertNone {
			return int32(i)
		}
	}
	return -1
}

func (f *Filter) test(e *expr) bool {
	switch e.op {
	case eAnd:
		return f.test(e.a) && f.test(e.b)
	case eOr:
		return f.test(e.a) || f.test(e.b)
	case eNot:
		return !f.test(e.a)
	case eExists:
		vs := f.values(e.a)
		if e.a.op == eArith && e.a.arith == tAmp {
			for _, v := range vs {
				if v.n != 0 || anyByte(v.b) {
					return true
				}
			}
			return false
		}
		return len(vs) > 0
	case eRel:
		return f.relation(e)
	case eContains:
		a, b := f.values(e.a), f.values(e.b)
		for _, x := range a {
			for _, y := range b {
				if bytes.Contains(x.b, y.b) {
					return true
				}
			}
		}
		return false
	case eMatches:
		for _, x := range f.values(e.a) {
			if e.re.Match(x.b) {
				return true
			}
		}
		return false
	case eIn:
		a := f.values(e.a)
		for _, el := range e.set {
			lo := f.values(el.lo)
			if el.hi == nil {
				for _, x := range a {
					for _, y := range lo {
						if compare(e.a.cl, x, el.lo.cl, y) == 0 {
							return true
						}
					}
				}
				continue
			}
			hi := f.values(el.hi)
			for _, x := range a {
				for _, l := range lo {
					for _, h := range hi {
						if compare(e.a.cl, x, el.lo.cl, l) >= 0 && compare(e.a.cl, x, el.hi.cl, h) <= 0 {
							return true
						}
					}
				}
			}
		}
		return false
	}
	return false
}

func (f *Filter) relation(e *expr) bool {
	a, b := f.values(e.a), f.values(e.b)
	switch e.rel {
	case opAllNe:
		// 4.0: a field the packet lacks is not "not equal"
		return len(a) > 0 && len(b) > 0 && !anyPair(e, a, b, func(c int) bool { return c == 0 })
	case opAllEq:
		if len(a) == 0 || len(b) == 0 {
			return false
		}
		return !anyPair(e, a, b, func(c int) bool { return c != 0 })
	case opAnyEq:
		return anyPair(e, a, b, func(c int) bool { return c == 0 })
	case opAnyNe:
		return anyPair(e, a, b, func(c int) bool { return c != 0 })
	case opGt:
		return anyPair(e, a, b, func(c int) bool { return c > 0 })
	case opGe:
		return anyPair(e, a, b, func(c int) bool { return c >= 0 })
	case opLt:
		return anyPair(e, a, b, func(c int) bool { return c < 0 })
	case opLe:
		return anyPair(e, a, b, func(c int) bool { return c <= 0 })
	}
	return false
}

func anyPair(e *expr, a, b []value, ok func(int) bool) bool {
	for _, x := range a {
		for _, y := range b {
			if ok(compare(e.a.cl, x, e.b.cl, y)) {
				return true
			}
		}
	}
	return false
}

// compare orders x (of class xc) and y (of class yc): -1, 0 or 1.
func compare(xc class, x value, yc class, y value) int {
	switch {
	case xc.numeric() && yc.numeric():
		return cmpNum(xc, x, yc, y)
	case xc == cIPv4:
		bits := 32
		if x.bits != 0 {
			bits = min(bits, int(x.bits))
		}
		if y.bits != 0 {
			bits = min(bits, int(y.bits))
		}
		m := uint64(0xffffffff) << (32 - bits) & 0xffffffff
		return cmpU(x.n&m, y.n&m)
	case xc == cIPv6:
		bits := 128
		if x.bits != 0 {
			bits = min(bits, int(x.bits))
		}
		if y.bits != 0 {
			bits = min(bits, int(y.bits))
		}
		if len(x.b) != 16 || len(y.b) != 16 {
			return bytes.Compare(x.b, y.b)
		}
		for i := 0; i < 16 && bits > 0; i++ {
			m := byte(0xff)
			if bits < 8 {
				m = 0xff << (8 - bits)
			}
			if c := cmpU(uint64(x.b[i]&m), uint64(y.b[i]&m)); c != 0 {
				return c
			}
			bits -= 8
		}
		return 0
	case xc == cTime || xc == cRel:
		return cmpI(int64(x.n), int64(y.n))
	}
	return bytes.Compare(x.b, y.b)
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpI(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpNum(xc class, x value, yc class, y value) int {
	if xc == cFloat || yc == cFloat {
		a, b := toFloat(xc, x), toFloat(yc, y)
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	xs, ys := xc == cInt, yc == cInt
	switch {
	case !xs && !ys:
		return cmpU(x.n, y.n)
	case xs && ys:
		return cmpI(int64(x.n), int64(y.n))
	case xs: // signed x, unsigned y
		if int64(x.n) < 0 {
			return -1
		}
		return cmpU(x.n, y.n)
	}
	if int64(y.n) < 0 {
		return 1
	}
	return cmpU(x.n, y.n)
}

func toFloat(c class, v value) float64 {
	switch c {
	case cFloat:
		return math.Float64frombits(v.n)
	case cInt:
		return float64(int64(v.n))
	}
	return float64(v.n)
}

// values evaluates an entity: its values, in e.vals (valid until the next
// evaluation of e).
func (f *Filter) values(e *expr) []value {
	switch e.op {
	case eConst:
		return e.vals
	case eFalse:
		return nil
	case eField:
		return f.fieldValues(e)
	case eSlice:
		return f.slice(e)
	case eArith:
		return f.arithmetic(e)
	case eNeg:
		e.vals = e.vals[:0]
		for _, x := range f.values(e.a) {
			switch e.a.cl {
			case cFloat:
				x.n = math.Float64bits(-math.Float64frombits(x.n))
			default:
				x.n = uint64(-int64(x.n))
			}
			x.node = field.NoNode
			e.vals = append(e.vals, x)
		}
		return e.vals
	case eCall:
		return f.call(e)
	}
	return nil
}

// fieldValues returns the values of the occurrences of a field, in the
// layers the filter names.
func (f *Filter) fieldValues(e *expr) []value {
	s := f.slots[e.slot]
	e.vals = e.vals[:0]
	layer, top := 0, field.NoNode
	for _, n := range s.nodes {
		if e.layers != nil {
			// a layer is an instance of the protocol: the top-level item
			// the occurrence is under
			p := n
			for f.t.Parent(p) != field.NoNode {
				p = f.t.Parent(p)
			}
			if p != top || layer == 0 {
				layer, top = layer+1, p
			}
			if !inLayers(e.layers, layer) {
				continue
			}
		}
		e.vals = append(e.vals, f.valueOf(s, e.cl, n))
	}
	return e.vals
}

func inLayers(ls []span, layer int) bool {
	for _, l := range ls {
		switch l.form {
		case 0:
			if layer == l.start {
				return true
			}
		case '-':
			if layer >= l.start && layer <= l.n {
				return true
			}
		case ':':
			if layer >= l.start && layer < l.start+l.n {
				return true
			}
		case 'e':
			if layer >= l.start {
				return true
			}
		}
	}
	return false
}

// valueOf reads the value of item n.
func (f *Filter) valueOf(s *slot, cl class, n field.Node) value {
	t := f.t
	v := value{node: n}
	switch s.expert {
	case expertAny:
		return v
	case expertMessage:
		v.b = t.ExpertMessage(n)
		return v
	case expertSeverity:
		v.n = uint64(t.Expert(n).Severity)
		return v
	case expertGroup:
		v.n = uint64(t.Expert(n).Group)
		return v
	}
	if t.Field(n) == nil {
		return v // an expert info registered as a field: no value
	}
	switch cl {
	case cUint, cInt, cFloat, cIPv4, cRel:
		v.n = t.Uint(n)
	case cBool:
		v.n = b2u(t.Uint(n) != 0)
	case cTime:
		v.n = uint64(t.Time(n).UnixNano())
	case cString, cBytes, cIPv6:
		v.b = t.Bytes(n)
	case cProto:
		src, start, length := t.Range(n)
		if srcs := t.Sources(); src < len(srcs) {
			d := srcs[src].Data
			if start >= 0 && start <= len(d) {
				v.b = d[start:min(start+length, len(d))]
			}
		}
	}
	return v
}

// bounds returns the run of a slice range in a value of length l.
func bounds(r span, l int) (int, int, bool) {
	s := r.start
	if s < 0 {
		s += l
	}
	var e int
	switch r.form {
	case 0:
		e = s + 1
	case ':':
		e = s + r.n
	case '-':
		e = r.n
		if e < 0 {
			e += l
		}
		e++
	case 'e':
		e = l
	}
	return s, e, s >= 0 && e <= l && s <= e
}

func (f *Filter) slice(e *expr) []value {
	e.vals = e.vals[:0]
	e.buf = e.buf[:0]
	for _, x := range f.values(e.a) {
		if len(e.ranges) == 1 {
			s, end, ok := bounds(e.ranges[0], len(x.b))
			if ok {
				e.vals = append(e.vals, value{b: x.b[s:end:end], node: field.NoNode})
			}
			continue
		}
		start, ok := len(e.buf), true
		for _, r := range e.ranges {
			s, end, in := bounds(r, len(x.b))
			if !in {
				ok = false
				break
			}
			e.buf = append(e.buf, x.b[s:end]...)
		}
		if !ok {
			e.buf = e.buf[:start]
			continue
		}
		// b is set below, once buf has stopped growing
		e.vals = append(e.vals, value{n: uint64(start)<<32 | uint64(len(e.buf)-start), node: field.NoNode})
	}
	if len(e.ranges) > 1 {
		for i := range e.vals {
			off, n := int(e.vals[i].n>>32), int(e.vals[i].n&0xffffffff)
			e.vals[i].b, e.vals[i].n = e.buf[off:off+n:off+n], 0
		}
	}
	return e.vals
}

func anyByte(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return true
		}
	}
	return false
}

func (f *Filter) arithmetic(e *expr) []value {
	e.vals = e.vals[:0]
	a, b := f.values(e.a), f.values(e.b)
	if e.cl == cBytes {
		// bytes & bytes: the bits both have, over the shorter length
		e.buf = e.buf[:0]
		for _, x := range a {
			for _, y := range b {
				start := len(e.buf)
				for i := 0; i < len(x.b) && i < len(y.b); i++ {
					e.buf = append(e.buf, x.b[i]&y.b[i])
				}
				e.vals = append(e.vals, value{n: uint64(start)<<32 | uint64(len(e.buf)-start), node: field.NoNode})
			}
		}
		for i := range e.vals {
			off, n := int(e.vals[i].n>>32), int(e.vals[i].n&0xffffffff)
			e.vals[i].b, e.vals[i].n = e.buf[off:off+n:off+n], 0
		}
		return e.vals
	}
	for _, x := range a {
		for _, y := range b {
			if len(e.vals) >= maxValues {
				return e.vals
			}
			if r, ok := arith(e.arith, e.a.cl, x, e.b.cl, y); ok {
				e.vals = append(e.vals, r)
			}
		}
	}
	return e.vals
}

// arith computes x op y, false for a division by zero.
func arith(op tokKind, xc class, x value, yc class, y value) (value, bool) {
	r := value{node: field.NoNode}
	if xc == cFloat || yc == cFloat {
		a, b := toFloat(xc, x), toFloat(yc, y)
		var c float64
		switch op {
		case tPlus:
			c = a + b
		case tMinus:
			c = a - b
		case tStar:
			c = a * b
		case tSlash:
			if b == 0 {
				return r, false
			}
			c = a / b
		default:
			return r, false
		}
		r.n = math.Float64bits(c)
		return r, true
	}
	signed := xc == cInt || yc == cInt
	switch op {
	case tPlus:
		r.n = x.n + y.n
	case tMinus:
		r.n = x.n - y.n
	case tStar:
		r.n = x.n * y.n
	case tAmp:
		r.n = x.n & y.n
	case tSlash, tPercent:
		if y.n == 0 {
			return r, false
		}
		switch {
		case signed && op == tSlash:
			r.n = uint64(int64(x.n) / int64(y.n))
		case signed:
			r.n = uint64(int64(x.n) % int64(y.n))
		case op == tSlash:
			r.n = x.n / y.n
		default:
			r.n = x.n % y.n
		}
	}
	return r, true
}

func (f *Filter) call(e *expr) []value {
	e.vals = e.vals[:0]
	switch e.fn {
	case "count":
		a := e.args[0]
		n := len(f.slots[a.slot].nodes)
		if a.layers != nil {
			n = len(f.fieldValues(a))
		}
		if n == 0 {
			return e.vals // tshark counts nothing of a field the packet lacks
		}
		e.vals = append(e.vals, value{n: uint64(n), node: field.NoNode})
		return e.vals
	case "len":
		a := e.args[0]
		for _, x := range f.values(a) {
			n := len(x.b)
			switch a.cl {
			case cIPv4:
				n = 4
			case cIPv6:
				n = 16
			case cUint, cInt, cBool, cFloat, cTime, cRel, cNone:
				continue // tshark measures only sequences
			}
			e.vals = append(e.vals, value{n: uint64(n), node: field.NoNode})
		}
		return e.vals
	case "upper", "lower", "string":
		e.buf = e.buf[:0]
		for _, x := range f.values(e.args[0]) {
			start := len(e.buf)
			switch {
			case e.fn == "string" && e.args[0].cl != cString:
				e.buf = f.t.AppendValue(e.buf, x.node, field.FormFields)
			default:
				e.buf = append(e.buf, x.b...)
			}
			for i := start; i < len(e.buf); i++ {
				c := e.buf[i]
				switch {
				case e.fn == "upper" && c >= 'a' && c <= 'z':
					e.buf[i] = c - 32
				case e.fn == "lower" && c >= 'A' && c <= 'Z':
					e.buf[i] = c + 32
				}
			}
			e.vals = append(e.vals, value{n: uint64(start)<<32 | uint64(len(e.buf)-start), node: field.NoNode})
		}
		for i := range e.vals {
			off, n := int(e.vals[i].n>>32), int(e.vals[i].n&0xffffffff)
			e.vals[i].b, e.vals[i].n = e.buf[off:off+n:off+n], 0
		}
		return e.vals
	case "max", "min":
		var best value
		found := false
		for _, a := range e.args {
			for _, x := range f.values(a) {
				c := 0
				if found {
					c = compare(a.cl, x, e.cl, best)
				}
				if !found || e.fn == "max" && c > 0 || e.fn == "min" && c < 0 {
					best, found = x, true
				}
			}
		}
		if found {
			best.node = field.NoNode
			e.vals = append(e.vals, best)
		}
		return e.vals
	case "abs":
		for _, x := range f.values(e.args[0]) {
			switch e.cl {
			case cFloat:
				x.n = math.Float64bits(math.Abs(math.Float64frombits(x.n)))
			case cInt, cRel:
				if int64(x.n) < 0 {
					x.n = uint64(-int64(x.n))
				}
			}
			x.node = field.NoNode
			e.vals = append(e.vals, x)
		}
		return e.vals
	}
	return nil
}
