package dfilter

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

// A protocol "p" with a field of every type, for tests that need no
// capture.
var (
	tpP    = field.Field{Name: "P", Abbrev: "p", Type: field.Protocol}
	tpU16  = field.Field{Name: "U16", Abbrev: "p.u16", Type: field.Uint16, Parent: "p", Values: []field.Value{{Value: 1, Name: "Text"}, {Value: 2, Name: "Binary"}}}
	tpI32  = field.Field{Name: "I32", Abbrev: "p.i32", Type: field.Int32, Parent: "p"}
	tpBool = field.Field{Name: "B", Abbrev: "p.b", Type: field.Boolean, Mask: 0x80, Parent: "p"}
	tpStr  = field.Field{Name: "S", Abbrev: "p.s", Type: field.String, Parent: "p"}
	tpByt  = field.Field{Name: "Bytes", Abbrev: "p.bytes", Type: field.Bytes, Parent: "p"}
	tpMAC  = field.Field{Name: "MAC", Abbrev: "p.mac", Type: field.Ether, Parent: "p"}
	tpIP   = field.Field{Name: "IP", Abbrev: "p.ip", Type: field.IPv4, Parent: "p"}
	tpIP6  = field.Field{Name: "IP6", Abbrev: "p.ip6", Type: field.IPv6, Parent: "p"}
	tpTime = field.Field{Name: "T", Abbrev: "p.t", Type: field.AbsoluteTime, Parent: "p"}
	tpRel  = field.Field{Name: "Rel", Abbrev: "p.rel", Type: field.RelativeTime, Parent: "p"}
	tpDbl  = field.Field{Name: "D", Abbrev: "p.d", Type: field.Double, Parent: "p"}
	tpNone = field.Field{Name: "None", Abbrev: "p.none", Type: field.None, Parent: "p"}
	tpFN   = field.Field{Name: "FN", Abbrev: "p.fn", Type: field.FrameNum, Parent: "p"}
	tpQ    = field.Field{Name: "Q", Abbrev: "q", Type: field.Protocol}
	tpQX   = field.Field{Name: "QX", Abbrev: "q.x", Type: field.Uint8, Parent: "q"}
	tpEI   = field.Expert{Abbrev: "p.warned", Group: field.GroupProtocol, Severity: field.SeverityWarning, Summary: "Something odd"}
	tpWarn = field.Field{Name: "Warned", Abbrev: "p.warned", Type: field.None, Parent: "p"}
)

func testRegistry() *field.Registry {
	return field.NewRegistry([]*field.Field{&tpP, &tpU16, &tpI32, &tpBool, &tpStr, &tpByt, &tpMAC, &tpIP, &tpIP6,
		&tpTime, &tpRel, &tpDbl, &tpNone, &tpFN, &tpQ, &tpQX, &tpWarn})
}

// testTree is a packet with two layers of p: the first with p.u16 1 and
// 80, the second with p.u16 2.
func testTree() *field.Tree {
	t := field.NewTree()
	frame := []byte("GET /ws HTTP/1.1\r\n\x81\x7e\x00\x10")
	t.AddSource("Frame", frame)
	p := t.AddProtocol(field.NoNode, &tpP, 0, 18, nil)
	t.AddUint(p, &tpU16, 0, 2, 1)
	t.AddUint(p, &tpU16, 2, 2, 80)
	t.AddInt(p, &tpI32, 4, 4, -5)
	t.AddBool(p, &tpBool, 8, 1, true)
	t.AddString(p, &tpStr, 0, 16, "GET /ws HTTP/1.1")
	t.AddBytes(p, &tpByt, 18, 4, frame[18:22])
	t.AddEther(p, &tpMAC, 0, 6, [6]byte{0x02, 0, 0, 0, 0, 0x01})
	t.AddIP(p, &tpIP, 0, 4, netip.MustParseAddr("10.77.0.1"))
	t.AddIP(p, &tpIP, 0, 4, netip.MustParseAddr("192.168.1.9"))
	t.AddIP(p, &tpIP6, 0, 16, netip.MustParseAddr("fd77::1"))
	t.AddTime(p, &tpTime, 0, 0, time.Date(2024, 5, 1, 12, 0, 0, 0, time.Local))
	t.AddDuration(p, &tpRel, 0, 0, 1500*time.Millisecond)
	t.AddDouble(p, &tpDbl, 0, 0, 2.5)
	t.AddNone(p, &tpNone, 0, 0)
	t.AddUint(p, &tpFN, 0, 0, 7)
	t.AddExpert(p, &tpEI, 0, 0, nil)
	p2 := t.AddProtocol(field.NoNode, &tpP, 18, 4, nil)
	t.AddUint(p2, &tpU16, 18, 2, 2)
	return t
}

func TestLanguage(t *testing.T) {
	reg := testRegistry()
	tree := testTree()
	tests := []struct {
		filter string
		want   bool
	}{
		{"", true},
		{"p", true}, {"q", false}, {"p.none", true}, {"q.x", false}, {"!q", true}, {"not q", true},
		// comparisons, with 4.0's meaning for a field that occurs several times
		{"p.u16 == 80", true}, {"p.u16 eq 80", true}, {"p.u16 any_eq 3", false},
		{"p.u16 != 80", false}, {"p.u16 ne 3", true}, {"p.u16 all_ne 1", false},
		{"p.u16 === 80", false}, {"p.u16 all_eq 80", false}, {"p.i32 === -5", true},
		{"p.u16 !== 80", true}, {"p.u16 ~= 80", true}, {"p.i32 !== -5", false}, {"p.u16 any_ne 1", true},
		{"p.u16 > 79", true}, {"p.u16 gt 80", false}, {"p.u16 >= 80", true}, {"p.u16 ge 81", false},
		{"p.u16 < 2", true}, {"p.u16 lt 1", false}, {"p.u16 <= 1", true}, {"p.u16 le 0", false},
		{"q.x != 1", false}, {"q.x == 1", false},
		// integers: hex, octal, binary, characters, value names, negatives
		{"p.u16 == 0x50", true}, {"p.u16 == 0120", true}, {"p.u16 == 0b1010000", true}, {"p.u16 == 'P'", true},
		{"p.u16 == '\\x50'", true}, {"p.u16 == '\\120'", true},
		{"p.u16 == Text", true}, {`p.u16 == "binary"`, true}, {"p.u16 == -1", false}, {"p.u16 > -1", true},
		{"p.i32 == -5", true}, {"p.i32 < 0", true}, {"p.i32 > -6", true}, {"-p.i32 == 5", true},
		{"p.fn == 7", true},
		// Booleans
		{"p.b", true}, {"p.b == 1", true}, {"p.b == True", true}, {"p.b == Set", true}, {`p.b == "Not set"`, false}, {"p.b == 2", true}, {"p.b == 0", false},
		// strings: escapes, raw strings, contains, matches (case-insensitive), functions
		{`p.s == "GET /ws HTTP/1.1"`, true}, {`p.s == "GET /ws HTTP/1.\x31"`, true}, {`p.s == "GET /ws HTTP/1.\061"`, true},
		{`p.s == "\x47ET /ws HTTP/1.1"`, true}, {`p.s == "GET /ws HTTP/1\u002e1"`, true},
		{`p.s contains "/ws"`, true}, {`p.s contains "/WS"`, false},
		{`p.s matches "^get"`, true}, {`p.s matches "(?-i)^get"`, false}, {`p.s matches r"HTTP/\d\.\d$"`, true}, {`p.s matches "HTTP/\\d"`, true},
		{`upper(p.s) == "GET /WS HTTP/1.1"`, true}, {`lower(p.s) contains "http"`, true},
		{"len(p.s) == 16", true}, {"len(p.s) > 16", false}, {`string(p.u16) == "80"`, true}, {`string(p.u16) matches "^8"`, true},
		{`p.s > "GET"`, true}, {`p.s < "GET"`, false}, {`p.s == GET`, false},
		// bytes: separators, slices, bitwise and
		{"p.bytes == 81:7e:00:10", true}, {"p.bytes == 81.7e.00.10", true}, {"p.bytes == 81-7e-00-10", true}, {"p.bytes == 817e0010", true},
		{"p.bytes[0] == 0x81", true}, {"p.bytes[0] == 81", true}, {`p.bytes[0] == "\x81"`, true}, {"p.bytes[0:2] == 81:7e", true},
		{"p.bytes[1-2] == 7e:00", true}, {"p.bytes[2:] == 00:10", true}, {"p.bytes[:1] == 81", true}, {"p.bytes[-1] == 10", true},
		{"p.bytes[-2:2] == 00:10", true}, {"p.bytes[0,3] == 81:10", true}, {"p.bytes[0:1,2-3] == 81:00:10", true},
		{"p.bytes[4] == 00", false}, {"p.bytes[10:2]", false}, {"p.bytes[0:2]", true},
		{"p.bytes contains 7e:00", true}, {"p.bytes contains 7e", true}, {"p.bytes[0] & 0x80", true}, {"p.bytes[0] & 0x40", false},
		{"p.bytes > 81:00", true}, {"len(p.bytes) == 4", true},
		// protocols: the bytes they cover, sliced and searched
		{`p contains "HTTP"`, true}, {`p[0:3] == "GET"`, true}, {"p[-4:] == 81:7e:00:10", true}, {`p#2[0] == 0x81`, true},
		{"len(p) == 18", true}, {`p matches "^get /"`, true},
		// MAC, IPv4, IPv6 with CIDR
		{"p.mac == 02:00:00:00:00:01", true}, {"p.mac == 02.00.00.00.00.01", true}, {"p.mac == 020000000001", true}, {"p.mac == 0200.0000.0001", true},
		{"p.ip == 10.77.0.1", true}, {"p.ip == 10.77.0.0/16", true}, {"p.ip == 10.0.0.0/8", true}, {"p.ip == 11.0.0.0/8", false},
		{"p.ip != 10.77.0.1", false}, {"p.ip !== 10.77.0.1", true}, {"p.ip > 192.168.1.8", true}, {"p.ip in {10.77.0.0..10.77.0.9}", true},
		{"p.ip6 == fd77::1", true}, {"p.ip6 == fd77::/16", true}, {"p.ip6 == fd78::/16", false}, {"p.ip6 == fd77:0:0:0:0:0:0:1", true},
		// times, absolute and relative; doubles
		{`p.t == "2024-05-01 12:00:00"`, true}, {`p.t > "May 1, 2024 11:59:59.5"`, true}, {`p.t < "2024-05-01"`, false},
		{"p.rel == 1.5", true}, {"p.rel > 1", true}, {"p.rel < 1.4999", false}, {"p.rel + 1 > 2", true},
		{"p.d == 2.5", true}, {"p.d > 2", true}, {"p.d * 2 == 5", true}, {"p.d < 2.49", false},
		// sets
		{"p.u16 in {1, 3}", true}, {"p.u16 in {3, 4}", false}, {"p.u16 in {70..90}", true}, {"p.u16 not in {70..90}", false},
		{"p.u16 not in {3..4}", true}, {"p.u16 in {Binary}", true}, {`p.s in {"a", "GET /ws HTTP/1.1"}`, true},
		// logic: precedence (and binds before or), parentheses, chains
		{"q or p and p.u16 == 80", true}, {"q or p and p.u16 == 3", false}, {"(q or p) and p.u16 == 80", true},
		{"q || p && p.u16 == 80", true}, {"!q && !(p.u16 == 3)", true},
		// arithmetic
		{"p.u16 + 1 == 81", true}, {"p.u16 - 1 == 79", true}, {"p.u16 * 2 == 160", true}, {"p.u16 / 3 == 26", true}, {"p.u16 % 7 == 3", true},
		{"{p.u16 + 1} * 2 == 162", true}, {"p.u16 == 40 + 40", true}, {"p.u16 == {2 * {30 + 10}}", true}, {"p.u16 / 0 == 1", false},
		{"p.u16 & 0x10", true}, {"p.u16 & 0x10 == 0x10", true}, {"p.u16 bitwise_and 0x20", false}, {"p.u16 - p.u16 == 0", true},
		// layers
		{"p.u16#1 == 80", true}, {"p.u16#2 == 2", true}, {"p.u16#2 == 80", false}, {"p.u16#[1-2] == 2", true}, {"p.u16#3", false},
		// functions
		{"count(p.u16) == 3", true}, {"count(p.ip) == 2", true}, {"count(q.x) == 0", false}, {"count(p.u16#2) == 1", true},
		{"max(p.u16) == 80", true}, {"min(p.u16) == 1", true}, {"abs(p.i32) == 5", true}, {"max(p.u16, p.fn) == 80", true},
		// expert infos
		{"_ws.expert", true}, {"p.warned", true}, {`_ws.expert.message == "Something odd"`, true}, {"_ws.expert.severity == Warning", true},
		{"_ws.expert.group == 0x09000000", true},
		// references have no value in tshark: there is no selected packet
		{"p.u16 == ${p.u16}", false},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			f, err := Compile(tt.filter, reg)
			require.NoError(t, err)
			assert.Equal(t, tt.want, f.Match(tree))
		})
	}
}

func TestErrors(t *testing.T) {
	reg := testRegistry()
	tests := []struct{ filter, want string }{
		{"p.u16 ==", "Unexpected end of filter expression."},
		{"p.nope", "p.nope is neither a field nor a protocol name.\n    p.nope\n    ^~~~~~"},
		{"p.u16 == 70000", "\"70000\" too big for this field, maximum 65535.\n    p.u16 == 70000\n             ^~~~~"},
		{"p.i32 == 3000000000", `"3000000000" too big for this field, maximum 2147483647.` + "\n    p.i32 == 3000000000\n             ^~~~~~~~~~"},
		{"p.u16 == Close", "\"Close\" cannot be found among the possible values for p.u16.\n    p.u16 == Close\n             ^~~~~"},
		{"p.none == 1", "p.none (type=Label) cannot participate in == comparison.\n    p.none == 1\n    ^~~~~~"},
		{"p.u16 contains 1", "p.u16 (type=Unsigned integer (2 bytes)) cannot participate in contains comparison.\n    p.u16 contains 1\n    ^~~~~"},
		{"p.u16[0] == 1", "\"p.u16\" is a Unsigned integer (2 bytes) and cannot be sliced into a sequence of bytes.\n    p.u16[0] == 1\n    ^~~~~"},
		{"p.u16 == p.s", "p.u16 and p.s are not of compatible types.\n    p.u16 == p.s\n             ^~~"},
		{`p.s matches "a(?=b)"`, "Regex compilation error: lookahead ((?=) is PCRE2 syntax that Go's regexp (RE2) does not support."},
		{`p.s matches "(a)\\1"`, `Regex compilation error: the back reference \1 is PCRE2 syntax that Go's regexp (RE2) does not support.`},
		{"p.rel == 1x", "\"1x\" is not a valid time.\n    p.rel == 1x\n             ^~"},
		{"p.d == x", "\"x\" is not a valid floating point number.\n    p.d == x\n           ^"},
		{"p.ip6 == fd77::1/200", "Prefix in a IPv6 address should be <= 128, not 200\n    p.ip6 == fd77::1/200\n             ^~~~~~~~~~~"},
		{strings.Repeat("(", 500) + "p" + strings.Repeat(")", 500), "The filter is nested too deeply (more than 200 levels)."},
		{strings.Repeat("!", 500) + "p", "The filter is nested too deeply (more than 200 levels)."},
		{strings.Repeat("-", 500) + "p.u16", "The filter is nested too deeply (more than 200 levels)."},
	}
	for _, tt := range tests {
		t.Run(tt.filter[:min(len(tt.filter), 40)], func(t *testing.T) {
			_, err := Compile(tt.filter, reg)
			var fe *Error
			require.ErrorAs(t, err, &fe)
			got := fe.Underlined()
			if !strings.Contains(tt.want, "\n") {
				got = fe.Msg
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestHostile: filters meant to exhaust the compiler or the evaluator give
// an error or an answer, in bounded time and memory.
func TestHostile(t *testing.T) {
	reg := testRegistry()
	tree := testTree()
	set := "p.u16 in {" + strings.Repeat("1,", 200000) + "2}"
	_, err := Compile(set, reg)
	assert.Error(t, err, "a set of 200,000 elements")
	_, err = Compile("p.s == \""+strings.Repeat("a", 2<<20)+"\"", reg)
	assert.Error(t, err, "a 2 MiB filter")
	_, err = Compile(`p.s matches "`+strings.Repeat("(a*)*", 3000)+`"`, reg)
	assert.Error(t, err, "a huge regexp")
	// (a*)*b on a long run of a's is exponential with backtracking, linear in RE2
	f, err := Compile(`p.s matches "(a*)*b" || p.s matches "(x+x+)+y"`, reg)
	require.NoError(t, err)
	assert.False(t, f.Match(tree))
	f, err = Compile("p.u16 * p.u16 * p.u16 * p.u16 * p.u16 * p.u16 * p.u16 * p.u16 * p.u16 * p.u16 == 1", reg)
	require.NoError(t, err)
	assert.True(t, f.Match(tree))
}

func TestMatchAllocatesNothing(t *testing.T) {
	reg := testRegistry()
	tree := testTree()
	f, err := Compile(`(p.u16 == 80 && p.u16 in {1, 2, 70..90} || p.s contains "x") && p.bytes[0:1,3] == 81:10 && len(p.s) > 3 && upper(p.s) matches "^GET" && p.u16#2 + 1 == 3 && count(p.ip) == 2 && _ws.expert`, reg)
	require.NoError(t, err)
	require.True(t, f.Match(tree))
	assert.Zero(t, testing.AllocsPerRun(100, func() { f.Match(tree) }))
}

func TestProtocols(t *testing.T) {
	reg := testRegistry()
	f, err := Compile("q.x == 1 || p.u16 == 1 || p", reg)
	require.NoError(t, err)
	assert.Equal(t, []*field.Field{&tpP, &tpQ}, f.Protocols())
	f, err = Compile("_ws.expert", reg)
	require.NoError(t, err)
	assert.Nil(t, f.Protocols(), "an expert info may come from any protocol")
}

func FuzzCompile(f *testing.F) {
	for _, s := range []string{"p.u16 == 80", `p.s matches "^a" && !q`, "p.bytes[0:2,-1] == 81:7e", "p.u16#[1-2] in {1..3, Text}",
		"{p.u16 + 1} * 2 == 162", `upper(p.s) contains "X" or count(p.ip) > 1`, "p.ip == 10.0.0.0/8", "p.ip6 == fd77::/16",
		`p.t > "2024-05-01"`, "p.rel > 0.5", "${p.u16}", "'\\x41' == p.u16", `r"a\"b"`} {
		f.Add(s)
	}
	reg := testRegistry()
	tree := testTree()
	f.Fuzz(func(t *testing.T, s string) {
		flt, err := Compile(s, reg)
		if err != nil {
			var fe *Error
			if !assertAs(err, &fe) {
				t.Fatalf("%q: %T is not an *Error", s, err)
			}
			_ = fe.Underlined()
			return
		}
		flt.Match(tree)
	})
}

func assertAs(err error, fe **Error) bool {
	e, ok := err.(*Error)
	*fe = e
	return ok
}

func BenchmarkMatch(b *testing.B) {
	f, err := Compile("p.u16 == 1 && p.u16 in {1, 2, 3} && p.s contains \"HTTP\"", testRegistry())
	require.NoError(b, err)
	tree := testTree()
	b.ReportAllocs()
	for b.Loop() {
		f.Match(tree)
	}
}
