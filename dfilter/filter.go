package dfilter

import (
	"unsafe"

	"github.com/wsdissect/wsdissect/field"
)

// Filter is a compiled display filter. Match evaluates it on a packet's
// tree without allocating once its scratch has grown. A Filter keeps that
// scratch, so it is not safe for concurrent use: compile one per
// goroutine.
type Filter struct {
	src         string
	root        *expr // nil: the empty filter, which every packet passes
	slots       []*slot
	expertSlots []int
	protocols   []*field.Field
	requires    []*field.Field
	byField     map[*field.Field]int32
	byExpert    map[*field.Expert]int32
	seen        *fieldCache // in front of byField: gather looks up every item
	t           *field.Tree
}

// fieldCache holds the slots of the fields gather and Reads met, by
// descriptor address, in an open-addressed table: descriptors are static,
// so after the first packets every lookup is a compare or two, where the
// map's costs a hash. (A direct-mapped cache lost: two of the hundred
// fields of a packet sharing a line missed on every packet.) It stops
// taking fields when half full; byField has the rest.
type fieldCache struct {
	lines [1 << 12]struct {
		f    *field.Field
		slot int32
	}
	n int
}

// slotOf returns the slot of the items of fd, -1 when the filter does not
// name it.
func (f *Filter) slotOf(fd *field.Field) int32 {
	c := f.seen
	mask := uint64(len(c.lines) - 1)
	i := uint64(uintptr(unsafe.Pointer(fd))) * 0x9e3779b97f4a7c15 >> 52 // Fibonacci hashing
	for ; c.lines[i].f != nil; i = (i + 1) & mask {
		if c.lines[i].f == fd {
			return c.lines[i].slot
		}
	}
	s, ok := f.byField[fd]
	if !ok {
		s = f.slotNamed(fd.Abbrev)
		f.byField[fd] = s
	}
	if c.n < len(c.lines)/2 {
		c.lines[i].f, c.lines[i].slot = fd, s
		c.n++
	}
	return s
}

// Compile parses a display filter and checks it against the fields of
// reg. A filter that does not compile is an *Error, with tshark's message
// and the place it is about. The empty filter passes every packet.
func Compile(expr string, reg *field.Registry) (*Filter, error) {
	syntax, err := parse(expr)
	if err != nil {
		return nil, err
	}
	f := &Filter{src: expr, byField: map[*field.Field]int32{}, byExpert: map[*field.Expert]int32{}, seen: new(fieldCache)}
	if syntax == nil {
		return f, nil
	}
	c := &compiler{src: expr, reg: reg, want: map[*field.Field]bool{}}
	root, err := c.test(syntax)
	if err != nil {
		return nil, err
	}
	f.root, f.slots = root, c.slots
	f.requires = sorted(c.requires(root))
	prepare(root)
	for i, s := range c.slots {
		if s.expert != expertNone {
			f.expertSlots = append(f.expertSlots, i)
		}
		f.byField[s.f] = int32(i)
	}
	if !c.all {
		f.protocols = sorted(c.want)
	}
	return f, nil
}

// prepare gives each constant its one value.
func prepare(e *expr) {
	if e == nil {
		return
	}
	if e.op == eConst {
		e.vals = []value{e.lit}
	}
	prepare(e.a)
	prepare(e.b)
	for _, a := range e.args {
		prepare(a)
	}
	for _, s := range e.set {
		prepare(s.lo)
		prepare(s.hi)
	}
}

// String returns the filter as it was written.
func (f *Filter) String() string { return f.src }

// Protocols returns the protocols whose fields the filter names: the tree
// need build only those (field.Tree.Want). nil means every protocol (the
// empty filter names none, and needs none, but an expert info can come
// from any).
func (f *Filter) Protocols() []*field.Field {
	if f.root == nil {
		return nil
	}
	if f.protocols == nil {
		return nil
	}
	return f.protocols
}

// Fields returns the fields the filter names, in the order it names them
// (expert infos as _ws.expert and the like).
func (f *Filter) Fields() []*field.Field {
	out := make([]*field.Field, len(f.slots))
	for i, s := range f.slots {
		out[i] = s.f
	}
	return out
}

// Reads reports whether the filter reads items of fd: what a packet tree
// built only for the filter needs (field.Tree.Prime).
func (f *Filter) Reads(fd *field.Field) bool { return f.slotOf(fd) >= 0 }

// Prime makes t a tree for the filter alone: it builds the protocols the
// filter names (field.Tree.Want) and, in them, only the items the filter
// reads (field.Tree.Prime). Such a tree is for Match, not for printing.
func (f *Filter) Prime(t *field.Tree) {
	t.Want(f.Protocols()...)
	t.Prime(f.Reads)
}

// Empty reports whether the filter is the empty one, which every packet
// passes.
func (f *Filter) Empty() bool { return f.root == nil }

// Match reports whether the packet whose tree is t passes the filter.
func (f *Filter) Match(t *field.Tree) bool {
	if f.root == nil {
		return true
	}
	f.t = t
	f.gather(t)
	ok := f.test(f.root)
	f.t = nil
	return ok
}
