package field

import (
	"encoding/binary"
	"math"
	"net/netip"
	"time"
)

// Node is an item of a Tree: its index, valid until the tree is Reset.
type Node int32

// NoNode is the parent of top-level items and what a lookup returns when it
// finds nothing.
const NoNode Node = -1

// Item flags.
const (
	flagGenerated    = 1 << iota // computed, not in the packet: printed in [brackets]
	flagHidden                   // not printed in packet details, but in -T json and to filters
	flagBits                     // bits holds the raw bit field for the prefix
	flagText                     // text replaces the whole label
	flagValueText                // text replaces the value part of the label
	flagSourced                  // data is a run of the item's data source, not of Tree.buf
	flagMissing                  // no bytes where the field's were due: <MISSING>
	flagPureChildren             // the items under it are made from its value alone (SetChildrenFromValue)
	flagElided                   // the items under it were left out, their lines kept in Tree.elided (BuildFor)
	flagDump                     // a protocol of Field.Dump: its bytes are dumped under its line
)

// span is a run of Tree.buf.
type span struct{ off, n int32 }

// item is one entry of the arena. Values live in num, aux and data by type:
// integers, booleans, frame numbers and IPv4 addresses in num; times as
// seconds (num) and nanoseconds (aux); durations in num; doubles as their
// bits; strings, bytes, MACs and IPv6 addresses in data.
type item struct {
	f                         *Field
	expert                    *Expert
	parent, first, last, next Node
	start, length             int32
	src                       uint8
	flags                     uint16
	num, aux, bits, bitMask   uint64
	data, text                span
}

// Source is a data source of a packet: the frame, or a buffer a layer built
// from it ("Reassembled TCP", "Unmasked data"). Items point into one.
type Source struct {
	Name string
	Data []byte
}

// Tree is the packet tree of one frame: Wireshark's proto_tree. Layers add
// items to it from their typed values; views walk it. Its storage is an
// arena reused by Reset, so that building a tree per packet allocates
// nothing once the arena has grown to the largest packet.
//
// A Tree asks its builders for only the protocols of interest (Want,
// Wants): a view that prints few fields builds few items.
type Tree struct {
	items       []item
	buf         []byte
	scratch     []byte
	sources     []Source
	owned       [][]byte // the data of sources the tree holds (AddSourceCopy)
	nowned      int      // how many of owned are in use
	first       Node
	last        Node
	cur         uint8 // the source new items point into
	want        []*Field
	interesting func(*Field) bool // Prime's fields of interest; nil: all
	sink        item              // what a faked node's setters write to (at)
	groups      []group           // AppendJSON's, a stack of the objects it is in
	members     []member          // the same
	// FilterJSON's protocol filter, and whether AppendJSON is inside a
	// member it shows whole
	jsonNames    []string
	jsonChildren bool
	jsonOpen     bool
	// JSONDuplicateKeys: a member a key, as tshark -T json without
	// --no-duplicate-keys
	jsonDuplicates bool
	// noDataDumps: AppendDetails leaves out the dumps of Field.Dump items
	noDataDumps bool
	// noHidden: builders leave out the items they would hide (BuildHidden)
	noHidden bool
	// lines: the Printer's cache of lines, while it prints the tree;
	// more: the words of a line's data past its eighth byte, for its key
	lines *lineCache
	more  dataWords
	// builtFor: the cache of the Printer the tree is built for (BuildFor),
	// whose blocks of lines stand in for the items under an item whose
	// children its value makes; elided: those blocks, an item's each
	builtFor *lineCache
	elided   []elision
	// memo: the texts builders remember (Remember), kept across Reset
	memo *[memoSlots]memoText
}

// NewTree returns an empty tree that builds every protocol.
func NewTree() *Tree {
	t := &Tree{}
	t.Reset()
	return t
}

// Reset empties the tree, keeping what it wants and its storage, but for
// storage beyond what packets commonly need (maxKeptItems, maxKeptBytes),
// which a huge packet (a text message of megabytes, line by line) made it
// grow: that is given back, so that a tree kept for long holds no more than
// it commonly uses.
func (t *Tree) Reset() {
	t.items = t.items[:0]
	if cap(t.items) > maxKeptItems {
		t.items = nil
	}
	t.buf = t.buf[:0]
	if cap(t.buf) > maxKeptBytes {
		t.buf = nil
	}
	if cap(t.scratch) > maxKeptBytes {
		t.scratch = nil
	}
	clear(t.sources)
	t.sources = t.sources[:0]
	t.nowned = 0
	t.elided = t.elided[:0]
	t.first, t.last = NoNode, NoNode
	t.cur = 0
}

// The most storage Reset keeps: 16,384 items (1.5 MiB) and 1 MiB of
// bytes, where a packet of ordinary traffic needs 100 items and a few
// kilobytes.
const (
	maxKeptItems = 1 << 14
	maxKeptBytes = 1 << 20
)

// Want limits the tree to the given protocols (Wants reports false for the
// others); no protocols means all of them.
func (t *Tree) Want(protocols ...*Field) {
	t.want = append(t.want[:0], protocols...)
}

// Wants reports whether the items of protocol p are to be built. Builders
// skip a protocol the tree does not want.
func (t *Tree) Wants(p *Field) bool {
	if len(t.want) == 0 {
		return true
	}
	for _, w := range t.want {
		if w == p {
			return true
		}
	}
	return false
}

// Prime limits the tree to the items of the fields of interest, as
// Wireshark primes the fields a display filter names: adding an item of a
// field for which interesting reports false (or a text item) builds
// nothing and returns a faked node, to which setters write nothing and
// under which children of interest attach to the nearest real ancestor.
// Protocol items and expert infos are always built, so protocol tests,
// slices and layer counts still see them. Only a tree no view prints
// should be primed; it stays primed across Reset. A nil interesting
// builds every item again.
func (t *Tree) Prime(interesting func(*Field) bool) { t.interesting = interesting }

// Primed reports whether the tree is primed (Prime): builders may leave
// out the labels they would format, which such a tree never prints.
func (t *Tree) Primed() bool { return t.interesting != nil }

// skips reports whether a primed tree builds no item of f.
func (t *Tree) skips(f *Field) bool {
	return t.interesting != nil && (f == nil || f.Type != Protocol && !t.interesting(f))
}

// A faked node is below NoNode and names its nearest real ancestor.
func fake(ancestor Node) Node { return -3 - ancestor }

// realNode returns the nearest real item of n: n itself unless it is faked.
func realNode(n Node) Node {
	if n < NoNode {
		return -3 - n
	}
	return n
}

// at returns the item of n, or for a faked node the sink, whose contents
// nobody reads.
func (t *Tree) at(n Node) *item {
	if n < NoNode {
		return t.emptySink()
	}
	return &t.items[n]
}

// emptySink empties the sink and returns it: out of at, which is inlined
// in every setter.
func (t *Tree) emptySink() *item {
	t.sink = item{parent: NoNode, first: NoNode, last: NoNode, next: NoNode}
	return &t.sink
}

// AddSource adds a data source and returns its index. The frame is the
// first; data must stay valid while the tree is in use.
func (t *Tree) AddSource(name string, data []byte) int {
	t.sources = append(t.sources, Source{name, data})
	return len(t.sources) - 1
}

// UseSource makes the items added from now on point into source i.
func (t *Tree) UseSource(i int) { t.cur = uint8(i) }

// CurrentSource returns the source new items point into.
func (t *Tree) CurrentSource() int { return int(t.cur) }

// Sources returns the data sources, the frame first.
func (t *Tree) Sources() []Source { return t.sources }

// Len returns the number of items.
func (t *Tree) Len() int { return len(t.items) }

// add adds an item of f and returns its node and the item, for the
// caller to set its value; when the tree is primed and f is of no
// interest, a faked node and the sink.
func (t *Tree) add(parent Node, f *Field, start, length int) (Node, *item) {
	if t.interesting != nil { // out of line, so that add is inlined in the Add functions
		return t.addPrimed(parent, f, start, length)
	}
	return t.place(parent, f, start, length)
}

// addPrimed is add for a primed tree.
func (t *Tree) addPrimed(parent Node, f *Field, start, length int) (Node, *item) {
	if t.skips(f) {
		return fake(realNode(parent)), t.emptySink()
	}
	return t.place(parent, f, start, length)
}

// place adds an item whatever the fields of interest.
func (t *Tree) place(parent Node, f *Field, start, length int) (Node, *item) {
	parent = realNode(parent)
	n := Node(len(t.items))
	if len(t.items) == cap(t.items) {
		t.items = append(t.items, item{})
	}
	t.items = t.items[:n+1]
	// Fill the item in place: a composite literal is built on the stack
	// and copied, and that copy stalls on store forwarding (a third of
	// the cost of building a tree, measured).
	// Every field is set, none zeroed first: clearing the item whole
	// costs a bulk write barrier for its pointers while the collector runs.
	it := &t.items[n]
	it.f, it.expert = f, nil
	it.parent, it.first, it.last, it.next = parent, NoNode, NoNode, NoNode
	it.start, it.length = int32(start), int32(length)
	it.src, it.flags = t.cur, 0
	it.num, it.aux, it.bits, it.bitMask = 0, 0, 0, 0
	it.data, it.text = span{}, span{}
	if parent == NoNode {
		if t.last == NoNode {
			t.first = n
		} else {
			t.items[t.last].next = n
		}
		t.last = n
		return n, it
	}
	p := &t.items[parent]
	if p.last == NoNode {
		p.first = n
	} else {
		t.items[p.last].next = n
	}
	p.last = n
	return n, it
}

func (t *Tree) keep(b []byte) span {
	s := span{int32(len(t.buf)), int32(len(b))}
	t.buf = append(t.buf, b...)
	return s
}

func (t *Tree) keepString(b string) span {
	s := span{int32(len(t.buf)), int32(len(b))}
	t.buf = append(t.buf, b...)
	return s
}

// AddProtocol adds a protocol's top item, labelled text ("Transmission
// Control Protocol, Src Port: ..."); nil text labels it with f.Name.
func (t *Tree) AddProtocol(parent Node, f *Field, start, length int, text []byte) Node {
	n, it := t.add(parent, f, start, length)
	if f != nil && f.Dump {
		it.flags |= flagDump // what the details look for on every line
	}
	if text != nil {
		t.SetText(n, text)
	}
	return n
}

// AddNone adds an item of a field without a value (FT_NONE), labelled with
// the field's name unless SetText changes it.
func (t *Tree) AddNone(parent Node, f *Field, start, length int) Node {
	n, _ := t.add(parent, f, start, length)
	return n
}

// AddText adds an item that has no field, only a label.
func (t *Tree) AddText(parent Node, start, length int, text []byte) Node {
	n, _ := t.add(parent, nil, start, length)
	t.SetText(n, text)
	return n
}

// AddUint adds an unsigned integer, a frame number or a Boolean's bits. For
// a masked field v is the value of the bits under the mask, shifted down.
func (t *Tree) AddUint(parent Node, f *Field, start, length int, v uint64) Node {
	n, it := t.add(parent, f, start, length)
	it.num = v
	return n
}

// AddInt adds a signed integer.
func (t *Tree) AddInt(parent Node, f *Field, start, length int, v int64) Node {
	n, it := t.add(parent, f, start, length)
	it.num = uint64(v)
	return n
}

// AddBool adds a Boolean.
func (t *Tree) AddBool(parent Node, f *Field, start, length int, v bool) Node {
	n, it := t.add(parent, f, start, length)
	if v { // place left it 0, false
		it.num = 1
	}
	return n
}

// AddDouble adds a floating-point number.
func (t *Tree) AddDouble(parent Node, f *Field, start, length int, v float64) Node {
	return t.AddUint(parent, f, start, length, math.Float64bits(v))
}

// AddTime adds an absolute time.
func (t *Tree) AddTime(parent Node, f *Field, start, length int, v time.Time) Node {
	n, it := t.add(parent, f, start, length)
	it.num, it.aux = uint64(v.Unix()), uint64(v.Nanosecond())
	return n
}

// AddDuration adds a relative time.
func (t *Tree) AddDuration(parent Node, f *Field, start, length int, d time.Duration) Node {
	n, it := t.add(parent, f, start, length)
	it.num = uint64(d)
	return n
}

// AddBytes adds a byte string, copied unless b is the item's own bytes in
// the current data source (a payload of the frame, the data of a
// reassembled PDU), which stays valid while the tree is in use.
func (t *Tree) AddBytes(parent Node, f *Field, start, length int, b []byte) Node {
	n, it := t.add(parent, f, start, length)
	if n < NoNode {
		return n
	}
	if t.inSource(start, b) {
		it.data = span{int32(start), int32(len(b))}
		it.flags |= flagSourced
		return n
	}
	it.data = t.keep(b)
	return n
}

// inSource reports whether b is the bytes of the current data source at
// start.
func (t *Tree) inSource(start int, b []byte) bool {
	if len(b) == 0 || int(t.cur) >= len(t.sources) || start < 0 {
		return false
	}
	d := t.sources[t.cur].Data
	return start+len(b) <= len(d) && &d[start] == &b[0]
}

// AddString adds a character string (copied).
func (t *Tree) AddString(parent Node, f *Field, start, length int, s string) Node {
	n, it := t.add(parent, f, start, length)
	if n < NoNode {
		return n
	}
	it.data = t.keepString(s)
	return n
}

// AddStringBytes adds a character string held in a byte slice (copied).
func (t *Tree) AddStringBytes(parent Node, f *Field, start, length int, s []byte) Node {
	return t.AddBytes(parent, f, start, length, s)
}

// AddEther adds a MAC address.
func (t *Tree) AddEther(parent Node, f *Field, start, length int, mac [6]byte) Node {
	return t.AddBytes(parent, f, start, length, mac[:])
}

// AddIP adds an IPv4 or IPv6 address.
func (t *Tree) AddIP(parent Node, f *Field, start, length int, a netip.Addr) Node {
	if a.Is4() {
		b := a.As4()
		return t.AddUint(parent, f, start, length, uint64(binary.BigEndian.Uint32(b[:])))
	}
	b := a.As16()
	return t.AddBytes(parent, f, start, length, b[:])
}

// SetText replaces the whole label of n (Wireshark's proto_item_set_text).
func (t *Tree) SetText(n Node, text []byte) {
	if n < NoNode {
		return
	}
	it := t.at(n)
	it.text = t.keep(text)
	it.flags = it.flags&^flagValueText | flagText
}

// SetValueText replaces the value part of n's label: "Name: text"
// (Wireshark's proto_tree_add_*_format_value).
func (t *Tree) SetValueText(n Node, text []byte) {
	if n < NoNode {
		return
	}
	it := t.at(n)
	it.text = t.keep(text)
	it.flags = it.flags&^flagText | flagValueText
}

// AppendText appends to the label of n (Wireshark's proto_item_append_text).
func (t *Tree) AppendText(n Node, more []byte) {
	if n < NoNode {
		return
	}
	it := t.at(n)
	if it.flags&(flagText|flagValueText) == 0 {
		t.scratch = t.appendLabel(t.scratch[:0], n)
		it.text = t.keep(t.scratch)
		it.flags |= flagText
	}
	if end := it.text.off + it.text.n; int(end) != len(t.buf) {
		it.text = t.keep(t.buf[it.text.off:end])
	}
	t.buf = append(t.buf, more...)
	it.text.n += int32(len(more))
}

// SetGenerated marks n as computed by the dissector, not read from the
// packet: views print it in [brackets].
func (t *Tree) SetGenerated(n Node) { t.at(n).flags |= flagGenerated }

// SetMissing marks n, an item of no bytes, as missing: its field's bytes
// were due and the packet holds none, as with a TLS extension of length
// 0. Its label and -T fields then show "<MISSING>", as tshark's, where an
// empty value shows "<none>".
func (t *Tree) SetMissing(n Node) { t.at(n).flags |= flagMissing }

// SetChildrenFromValue says that the items under n, all of them and all
// below them, are made from n's field and value alone, as the bits of a
// flags field are: a Printer then prints them, once it has for that value,
// as one copy from its cache. A builder must not say so of an item whose
// items show anything else (an expert info that names a port, a value of
// their own). It says so once n's value is set and before n has children,
// and adds them only when the result is true: false says that the tree is
// built for a Printer that has printed them for that value (BuildFor), and
// the tree keeps their lines in their stead.
func (t *Tree) SetChildrenFromValue(n Node) (build bool) {
	it := t.at(n)
	it.flags |= flagPureChildren
	if t.builtFor == nil || n < 0 || it.first != NoNode {
		return true
	}
	raw, meta, ok := t.blockKey(it, t.depth(n)+1)
	if !ok {
		return true
	}
	b := t.builtFor.block(it, raw, meta)
	if b.n == 0 || !b.is(it, raw, meta) {
		return true
	}
	t.elided = append(t.elided, elision{n, t.keep(b.text[:b.n])})
	it.flags |= flagElided
	return false
}

// BuildFor says that the tree is built to be shown as packet details by p
// (or, once p has printed the lines, by any Printer or AppendDetails), or
// with p nil, for any view, the default. Built for p, it leaves out the
// items under an item whose children its value makes when p has printed
// them for that value before (SetChildrenFromValue), hidden ones too, and
// keeps their lines in their stead: -T json, filters and -T fields must
// not read such a tree. Reset keeps the setting.
func (t *Tree) BuildFor(p *Printer) {
	t.builtFor = nil
	if p != nil {
		t.builtFor = p.cache()
	}
}

// elision is the lines under an item whose children were left out
// (BuildFor), in Tree.buf.
type elision struct {
	n    Node
	text span
}

// elidedLines returns the lines kept for the children of n, which were
// left out.
func (t *Tree) elidedLines(n Node) []byte {
	for _, e := range t.elided {
		if e.n == n {
			return t.buf[e.text.off : e.text.off+e.text.n]
		}
	}
	return nil
}

// depth returns how many items n is under.
func (t *Tree) depth(n Node) int {
	d := 0
	for p := t.items[n].parent; p != NoNode; p = t.items[p].parent {
		d++
	}
	return d
}

// SetHidden hides n from packet details; -T json and filters still see it.
func (t *Tree) SetHidden(n Node) { t.at(n).flags |= flagHidden }

// BuildHidden says whether builders add the items they hide (SetHidden):
// on by default. Packet details show none of them, so a tree that is only
// printed as details (AppendDetails, AppendDump) builds faster without
// them; -T json, filters and -T fields read them. Reset keeps the setting.
func (t *Tree) BuildHidden(on bool) { t.noHidden = !on }

// BuildsHidden reports whether builders are to add hidden items
// (BuildHidden).
func (t *Tree) BuildsHidden() bool { return !t.noHidden }

// SetBits gives n a bit-field prefix of the raw bits under mask, in the
// width of its field's type, for a value that is not the bits themselves or
// a field that has no mask (ip.hdr_len is 20 where the bits say 5:
// ".... 0101 = Header Length: 20 bytes (5)").
func (t *Tree) SetBits(n Node, raw, mask uint64) {
	it := t.at(n)
	it.bits, it.bitMask = raw&mask, mask
	it.flags |= flagBits
}

// Scratch returns an empty buffer to build a label in, for SetText and
// friends, which copy it. It is reused by the next call.
func (t *Tree) Scratch() []byte { return t.scratch[:0] }

// KeepScratch hands back a buffer got from Scratch, so that its capacity is
// reused.
func (t *Tree) KeepScratch(b []byte) { t.scratch = b[:0] }

// First returns the first child of n, or the first top-level item when n
// is NoNode; NoNode when there is none.
func (t *Tree) First(n Node) Node {
	if n == NoNode {
		return t.first
	}
	return t.at(n).first
}

// Next returns the next sibling of n, or NoNode.
func (t *Tree) Next(n Node) Node { return t.at(n).next }

// Parent returns the parent of n, or NoNode for a top-level item.
func (t *Tree) Parent(n Node) Node { return t.at(n).parent }

// Field returns n's field; nil for a text item.
func (t *Tree) Field(n Node) *Field { return t.at(n).f }

// Expert returns the expert info n is, or nil.
func (t *Tree) Expert(n Node) *Expert { return t.at(n).expert }

// Generated reports whether n was computed rather than read from the packet.
func (t *Tree) Generated(n Node) bool { return t.at(n).flags&flagGenerated != 0 }

// Hidden reports whether n is hidden from packet details.
func (t *Tree) Hidden(n Node) bool { return t.at(n).flags&flagHidden != 0 }

// Range returns the data source and the byte range n covers in it.
func (t *Tree) Range(n Node) (source, start, length int) {
	it := t.at(n)
	return int(it.src), int(it.start), int(it.length)
}

// Uint returns the value of an integer, Boolean, frame number or IPv4 item.
func (t *Tree) Uint(n Node) uint64 { return t.at(n).num }

// Int returns the value of a signed integer item.
func (t *Tree) Int(n Node) int64 { return int64(t.at(n).num) }

// Bool returns the value of a Boolean item.
func (t *Tree) Bool(n Node) bool { return t.at(n).num != 0 }

// Double returns the value of a floating-point item.
func (t *Tree) Double(n Node) float64 { return math.Float64frombits(t.at(n).num) }

// Time returns the value of an absolute-time item.
func (t *Tree) Time(n Node) time.Time {
	return time.Unix(int64(t.at(n).num), int64(t.at(n).aux))
}

// Duration returns the value of a relative-time item.
func (t *Tree) Duration(n Node) time.Duration { return time.Duration(t.at(n).num) }

// Bytes returns the value of a string, bytes, MAC or IPv6 item, valid until
// the tree is Reset.
func (t *Tree) Bytes(n Node) []byte { return t.itemBytes(t.at(n)) }

// itemBytes returns the data of it, an item of t.
func (t *Tree) itemBytes(it *item) []byte {
	s := it.data
	if it.flags&flagSourced != 0 {
		return t.sources[it.src].Data[s.off : s.off+s.n : s.off+s.n]
	}
	return t.buf[s.off : s.off+s.n : s.off+s.n]
}

// IP returns the value of an IPv4 or IPv6 item.
func (t *Tree) IP(n Node) netip.Addr {
	it := t.at(n)
	if it.f != nil && it.f.Type == IPv4 {
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], uint32(it.num))
		return netip.AddrFrom4(b)
	}
	b := t.Bytes(n)
	if len(b) != 16 {
		return netip.Addr{}
	}
	return netip.AddrFrom16([16]byte(b))
}

// Find returns the first item, in tree order, of the field with the filter
// name abbrev, or NoNode.
func (t *Tree) Find(abbrev string) Node {
	for i := range t.items {
		if f := t.items[i].f; f != nil && f.Abbrev == abbrev {
			return Node(i)
		}
	}
	return NoNode
}

// Walk calls fn for each item in tree order (depth first) with its depth,
// top-level items at 0, and skips the children of an item for which fn
// returns false.
func (t *Tree) Walk(fn func(n Node, depth int) bool) {
	t.walk(t.first, 0, fn)
}

func (t *Tree) walk(n Node, depth int, fn func(Node, int) bool) {
	for ; n != NoNode; n = t.at(n).next {
		if fn(n, depth) && t.at(n).first != NoNode {
			t.walk(t.at(n).first, depth+1, fn)
		}
	}
}
