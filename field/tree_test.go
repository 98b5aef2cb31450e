package field

import (
	"bytes"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A few fields of Wireshark's IPv4 and TCP dissectors, as tshark -G fields
// lists them (../shared/conformance/fields.tsv).
var (
	testIP      = Field{Name: "Internet Protocol Version 4", Abbrev: "ip", Type: Protocol}
	testVersion = Field{Name: "Version", Abbrev: "ip.version", Type: Uint8, Base: BaseDec, Mask: 0xf0, Parent: "ip"}
	testHdrLen  = Field{Name: "Header Length", Abbrev: "ip.hdr_len", Type: Uint8, Base: BaseDec, Mask: 0x0f, Parent: "ip"}
	testFlags   = Field{Name: "Flags", Abbrev: "ip.flags", Type: Uint8, Base: BaseHex, Mask: 0xe0, Parent: "ip"}
	testRB      = Field{Name: "Reserved bit", Abbrev: "ip.flags.rb", Type: Boolean, Bits: 8, Mask: 0x80, Parent: "ip"}
	testDF      = Field{Name: "Don't fragment", Abbrev: "ip.flags.df", Type: Boolean, Bits: 8, Mask: 0x40, Parent: "ip"}
	testID      = Field{Name: "Identification", Abbrev: "ip.id", Type: Uint16, Base: BaseHexDec, Parent: "ip"}
	testProto   = Field{Name: "Protocol", Abbrev: "ip.proto", Type: Uint8, Base: BaseDec, Values: []Value{{6, "TCP"}, {17, "UDP"}}, Parent: "ip"}
	testSrc     = Field{Name: "Source Address", Abbrev: "ip.src", Type: IPv4, Parent: "ip"}
	testAddr    = Field{Name: "Source or Destination Address", Abbrev: "ip.addr", Type: IPv4, Parent: "ip"}
	testSyn     = Field{Name: "Syn", Abbrev: "tcp.flags.syn", Type: Boolean, Bits: 12, Mask: 0x002, Parent: "tcp"}
	testTCPFlg  = Field{Name: "Flags", Abbrev: "tcp.flags", Type: Uint16, Base: BaseHex, Mask: 0xfff, Parent: "tcp"}
	testMarked  = Field{Name: "Frame is marked", Abbrev: "frame.marked", Type: Boolean, Parent: "frame"}
	testDelta   = Field{Name: "Time delta from previous captured frame", Abbrev: "frame.time_delta", Type: RelativeTime, Parent: "frame"}
	testTime    = Field{Name: "Arrival Time", Abbrev: "frame.time", Type: AbsoluteTime, Parent: "frame"}
	testOpts    = Field{Name: "TCP Options", Abbrev: "tcp.options", Type: Bytes, Parent: "tcp"}
	testStatus  = Field{Name: "Checksum Status", Abbrev: "tcp.checksum.status", Type: Uint8, Base: BaseNone, Values: []Value{{0, "Bad"}, {1, "Good"}, {2, "Unverified"}}, Parent: "tcp"}
	testOptMSS  = Field{Name: "TCP Option - Maximum segment size", Abbrev: "tcp.options.mss", Type: Bytes, Parent: "tcp", InNameOnly: true}
	testSynExp  = Expert{Abbrev: "tcp.connection.syn", Group: GroupSequence, Severity: SeverityChat, Summary: "Connection establish request (SYN)"}
)

func buildIPv4(t *Tree) {
	ip := t.AddProtocol(NoNode, &testIP, 14, 20, []byte("Internet Protocol Version 4, Src: 10.77.0.2, Dst: 10.77.0.1"))
	t.AddUint(ip, &testVersion, 14, 1, 4)
	hl := t.AddUint(ip, &testHdrLen, 14, 1, 20)
	t.SetBits(hl, 0x45, 0x0f)
	t.SetValueText(hl, []byte("20 bytes (5)"))
	t.AddUint(ip, &testID, 18, 2, 0xb2a9)
	fl := t.AddUint(ip, &testFlags, 20, 1, 2)
	t.SetValueText(fl, []byte("0x2, Don't fragment"))
	t.AddBool(fl, &testRB, 20, 1, false)
	t.AddBool(fl, &testDF, 20, 1, true)
	t.AddUint(ip, &testProto, 23, 1, 6)
	t.AddIP(ip, &testSrc, 26, 4, netip.MustParseAddr("10.77.0.2"))
	t.SetHidden(t.AddIP(ip, &testAddr, 26, 4, netip.MustParseAddr("10.77.0.2")))
}

// The lines are tshark's (node-fragmented-ping-between.details.txt.gz,
// frame 9).
func TestDetailsAsTsharkPrints(t *testing.T) {
	tr := NewTree()
	buildIPv4(tr)
	want := strings.Join([]string{
		"Internet Protocol Version 4, Src: 10.77.0.2, Dst: 10.77.0.1",
		"    0100 .... = Version: 4",
		"    .... 0101 = Header Length: 20 bytes (5)",
		"    Identification: 0xb2a9 (45737)",
		"    010. .... = Flags: 0x2, Don't fragment",
		"        0... .... = Reserved bit: Not set",
		"        .1.. .... = Don't fragment: Set",
		"    Protocol: TCP (6)",
		"    Source Address: 10.77.0.2",
		"",
	}, "\n")
	assert.Equal(t, want, string(tr.AppendDetails(nil, nil)))
	assert.Equal(t, "Internet Protocol Version 4, Src: 10.77.0.2, Dst: 10.77.0.1\n",
		string(tr.AppendDetails(nil, func(*Field) bool { return false })), "-O leaves other protocols closed")
}

func TestLabels(t *testing.T) {
	tr := NewTree()
	tcp := tr.AddProtocol(NoNode, &Field{Name: "Transmission Control Protocol", Abbrev: "tcp", Type: Protocol}, 0, 20, nil)
	flags := tr.AddUint(tcp, &testTCPFlg, 46, 2, 0x018)
	syn := tr.AddBool(flags, &testSyn, 46, 2, true)
	tr.AddExpert(syn, &testSynExp, 46, 2, []byte("Connection establish request (SYN): server port 8080"))
	m := tr.AddBool(tcp, &testMarked, 0, 0, false)
	tr.SetGenerated(m)
	tr.AddDuration(tcp, &testDelta, 0, 0, 47*time.Microsecond)
	tr.AddTime(tcp, &testTime, 0, 0, time.Date(2026, 11, 25, 3, 57, 22, 204035000, time.UTC))
	tr.AddBytes(tcp, &testOpts, 54, 4, []byte{1, 1, 8, 0x0a})
	tr.AddUint(tcp, &testProto, 0, 1, 99)
	tr.SetGenerated(tr.AddUint(tcp, &testStatus, 0, 0, 2))
	got := string(tr.AppendDetails(nil, nil))
	want := strings.Join([]string{
		"Transmission Control Protocol",
		"    .... 0000 0001 1000 = Flags: 0x018",
		"        .... .... ..1. = Syn: Set",
		"            [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 8080]",
		"                [Connection establish request (SYN): server port 8080]",
		"                [Severity level: Chat]",
		"                [Group: Sequence]",
		"    [Frame is marked: False]",
		"    Time delta from previous captured frame: 0.000047000 seconds",
		"    Arrival Time: Nov 25, 2026 03:57:22.204035000 UTC",
		"    TCP Options: 0101080a",
		"    Protocol: Unknown (99)",
		"    [Checksum Status: Unverified]",
		"",
	}, "\n")
	assert.Equal(t, want, got)

	var v []byte
	for _, c := range []struct {
		n    Node
		want string
	}{{flags, "0x0018"}, {syn, "1"}, {m, "0"}} {
		v = tr.AppendValue(v[:0], c.n, FormJSON)
		assert.Equal(t, c.want, string(v))
	}
	assert.Equal(t, "01:01:08:0a", string(tr.AppendValue(nil, tr.Find("tcp.options"), FormJSON)))
	assert.Equal(t, "0101080a", string(tr.AppendValue(nil, tr.Find("tcp.options"), FormFields)))
	assert.Equal(t, NoNode, tr.Find("tcp.nothing"))
}

func TestAppendText(t *testing.T) {
	tr := NewTree()
	p := tr.AddProtocol(NoNode, &testIP, 0, 20, nil)
	tr.AddUint(p, &testVersion, 0, 1, 4) // a value after the label, in buf
	tr.AppendText(p, []byte(", Src: 10.0.0.1"))
	tr.AppendText(p, []byte(", Dst: 10.0.0.2"))
	assert.Equal(t, "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2", string(tr.AppendLabel(nil, p)))
}

func TestJSON(t *testing.T) {
	tr := NewTree()
	buildIPv4(tr)
	ts := tr.AddText(NoNode, 0, 0, []byte("Timestamps"))
	tr.AddDuration(ts, &testDelta, 0, 0, time.Millisecond)
	tr.AddExpert(ts, &testSynExp, 0, 0, nil)
	got := string(tr.AppendJSON(nil, 4))
	want := `{
        "ip": {
          "ip.version": "4",
          "ip.hdr_len": "20",
          "ip.id": "0xb2a9",
          "ip.flags": "0x02",
          "ip.flags_tree": {
            "ip.flags.rb": "0",
            "ip.flags.df": "1"
          },
          "ip.proto": "6",
          "ip.src": "10.77.0.2",
          "ip.addr": "10.77.0.2"
        },
        "Timestamps": {
          "frame.time_delta": "0.001000000",
          "_ws.expert": {
            "tcp.connection.syn": "",
            "_ws.expert.message": "Connection establish request (SYN)",
            "_ws.expert.severity": "2097152",
            "_ws.expert.group": "33554432"
          }
        }
      }`
	assert.Equal(t, want, got)
}

func TestJSONString(t *testing.T) {
	// tshark's JSON writer (wsutil/json_dumper.c): characters beyond ASCII
	// as they are, control characters escaped, "</" as "<\/"
	for _, c := range []struct{ in, want string }{
		{"a\"b\\c\n·😀\x01\x7f", `"a\"b\\c\n·😀\u0001` + "\x7f" + `"`},
		{"plain text, then \t\xc3\xa9 and \xff at last", `"plain text, then \té and ` + "\ufffd" + ` at last"`},
		{"\b\f\r\x1f", `"\b\f\r\u001f"`},
		{"<title>x</title></", `"<title>x<\/title><\/"`},
		{"/a/b</", `"/a/b<\/"`},
		{"é</", `"é<\/"`},
	} {
		assert.Equal(t, c.want, string(AppendJSONString(nil, []byte(c.in))), "%q", c.in)
	}
}

// Labels escape as tshark 4.0's format_text, as the corpus' goldens show:
// a line of garbage after a cut handshake (node-snaplen128-truncated,
// frame 36) and an uninflated message (go-gorilla-deflate-fragmented,
// frame 24: \024, \u05C9, \177). -T fields keeps control characters as
// they are (its ws.tsv).
func TestEscaped(t *testing.T) {
	tests := []struct{ in, label, fields string }{
		{"GET / HTTP/1.1\r\n\t\x00\xff €", `GET / HTTP/1.1\r\n\t\000` + "\uFFFD €", `GET / HTTP/1.1\r\n\t` + "\x00\uFFFD €"},
		{"ZDl\x9d\x8c\xba*RT\xe5:/f6N\xd7D\xf3\xcb`\v\a", "ZDl\uFFFD\uFFFD\uFFFD*RT\uFFFD:/f6N\uFFFDD\uFFFD\uFFFD`" + `\v\a`, "ZDl\uFFFD\uFFFD\uFFFD*RT\uFFFD:/f6N\uFFFDD\uFFFD\uFFFD`\v\a"},
		{"L\x14\u05c9~\x7f\x02", `L\024\u05C9~\177\002`, "L\x14\u05c9~\x7f\x02"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.label, string(AppendEscaped(nil, []byte(tt.in))), "%q", tt.in)
		assert.Equal(t, tt.fields, string(AppendFieldText(nil, []byte(tt.in))), "%q", tt.in)
	}
}

// format_text decodes UTF-8 loosely (node-snaplen128-truncated, frames 36,
// 57 and 108): a sequence cut short is one U+FFFD and the byte that cut it
// starts the next character; overlong forms decode.
func TestEscapedLooseUTF8(t *testing.T) {
	for _, tt := range []struct{ in, label string }{
		{"/\xd7\xe9\xb8-\xc5\x8fc", "/\uFFFD\uFFFD-\u014fc"},
		{"Xe\xc1\xa3FZ", "XecFZ"},
		{"6\x86P", "6\uFFFDP"},
		{"\xe2\x82", "\uFFFD"},
		{"\xc0\x80\xc1\xbf", `\u0000\u007F`},
		{"\xfe\xff\x80", "\uFFFD\uFFFD\uFFFD"},
		{"\xed\xa0\x80\xf4\x90\x80\x80", "\uFFFD\uFFFD"},
		{"\xf0\x9f\x98\x80", "\U0001F600"},
	} {
		assert.Equal(t, tt.label, string(AppendEscaped(nil, []byte(tt.in))), "%q", tt.in)
	}
}

// escapedByRuns is AppendEscaped written the slow way: a printable ASCII
// byte is copied alone, and each run of other bytes is escaped by itself
// (no UTF-8 sequence spans a printable ASCII byte, so the runs escape as
// they do within the whole).
func escapedByRuns(s []byte) []byte {
	var out []byte
	for len(s) > 0 {
		if s[0] >= 0x20 && s[0] < 0x7f {
			out, s = append(out, s[0]), s[1:]
			continue
		}
		end := 1
		for end < len(s) && (s[end] < 0x20 || s[end] >= 0x7f) {
			end++
		}
		out, s = AppendEscaped(out, s[:end]), s[end:]
	}
	return out
}

// The runs of printable ASCII, tested eight bytes at a time, end exactly
// where a byte that is not printable comes, wherever it falls in a word.
func TestEscapedRunEnds(t *testing.T) {
	for c := range 256 {
		for at := range 17 {
			in := []byte(strings.Repeat("x", 24))
			in[at] = byte(c)
			assert.Equal(t, string(escapedByRuns(in)), string(AppendEscaped(nil, in)), "byte %#x at %d", c, at)
		}
	}
	assert.Equal(t, `abcdefgh\001ijklmnop~\177`, string(AppendEscaped(nil, []byte("abcdefgh\x01ijklmnop~\x7f"))))
}

// FuzzEscaped: any bytes escape as escapedByRuns escapes them.
func FuzzEscaped(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"))
	f.Add([]byte("0123456\xe2\x82\xac789abcdef\x7f\x00 \xff"))
	f.Fuzz(func(t *testing.T, in []byte) {
		require.Equal(t, string(escapedByRuns(in)), string(AppendEscaped(nil, in)))
	})
}

func TestTreeReuseAllocatesNothing(t *testing.T) {
	tr := NewTree()
	var out []byte
	build := func() {
		tr.Reset()
		buildIPv4(tr)
		out = tr.AppendDetails(out[:0], nil)
		out = tr.AppendJSON(out[:0], 4)
	}
	build()
	require.Zero(t, testing.AllocsPerRun(100, build))
}

func TestRegistration(t *testing.T) {
	for _, c := range []struct {
		f    *Field
		want string
	}{
		{&testIP, "P\tInternet Protocol Version 4\tip"},
		{&testSyn, "F\tSyn\ttcp.flags.syn\tFT_BOOLEAN\ttcp\t12\t0x2\t"},
		{&testTCPFlg, "F\tFlags\ttcp.flags\tFT_UINT16\ttcp\tBASE_HEX\t0xfff\t"},
		{&testSrc, "F\tSource Address\tip.src\tFT_IPv4\tip\t\t0x0\t"},
		{&testOptMSS, "P\tTCP Option - Maximum segment size\ttcp.options.mss"},
	} {
		assert.Equal(t, c.want, string(c.f.AppendRegistration(nil)))
	}
}

func TestRegistry(t *testing.T) {
	r := NewRegistry([]*Field{&testIP, &testVersion, &testSrc}, []*Field{&testAddr, &Field{Abbrev: "ip.src", Name: "again"}})
	assert.Same(t, &testSrc, r.Lookup("ip.src"))
	assert.Nil(t, r.Lookup("ip.nothing"))
	assert.Same(t, &testIP, r.Protocol(&testVersion))
	assert.Same(t, &testIP, r.Protocol(&testIP))
	assert.Len(t, r.Fields(), 4)
	assert.Equal(t, "P\tInternet Protocol Version 4\tip\nF\tVersion\tip.version\tFT_UINT8\tip\tBASE_DEC\t0xf0\t\n", string(NewRegistry([]*Field{&testIP, &testVersion}).AppendRegistrations(nil)))
}

// tshark cuts a label at 239 bytes, saying so after a field's name or
// before a text, and
// shows 36 bytes of a byte string.
func TestLongLabels(t *testing.T) {
	tr := NewTree()
	protos := Field{Name: "Protocols in frame", Abbrev: "frame.protocols", Type: String, Parent: "frame"}
	data := Field{Name: "Reassembled TCP Data", Abbrev: "tcp.reassembled.data", Type: Bytes, Parent: "tcp"}
	long := strings.Repeat("data-text-lines:", 20)
	p := tr.AddString(NoNode, &protos, 0, 0, "eth:ethertype:ip:tcp:http:websocket:"+long)
	tr.SetGenerated(p)
	tr.AddBytes(NoNode, &data, 0, 0, make([]byte, 40))
	tx := tr.AddText(NoNode, 0, 0, []byte(strings.Repeat("é", 200)))
	lines := strings.Split(string(tr.AppendDetails(nil, nil)), "\n")
	assert.Equal(t, "[Protocols in frame [truncated]: eth:ethertype:ip:tcp:http:websocket:"+long[:238-len("Protocols in frame [truncated]: eth:ethertype:ip:tcp:http:websocket:")]+"]", lines[0])
	assert.Equal(t, "Reassembled TCP Data: "+strings.Repeat("00", 36)+"…", lines[1])
	// a text item says so first, as tshark's data-text-lines lines
	assert.Equal(t, " [truncated]"+strings.Repeat("é", 113), string(tr.AppendLabel(nil, tx)))
}

// Members that share a key become one array at the place of the first, as
// tshark -T json --no-duplicate-keys prints them; so do their trees.
func TestJSONDuplicateKeys(t *testing.T) {
	tr := NewTree()
	ip := tr.AddProtocol(NoNode, &testIP, 0, 20, nil)
	tr.AddIP(ip, &testAddr, 12, 4, netip.MustParseAddr("10.0.0.1"))
	tr.AddUint(ip, &testProto, 9, 1, 6)
	tr.AddIP(ip, &testAddr, 16, 4, netip.MustParseAddr("10.0.0.2"))
	for i := range 2 {
		f := tr.AddUint(ip, &testFlags, 6, 1, uint64(i))
		tr.AddBool(f, &testDF, 6, 1, i == 1)
	}
	tr.AddProtocol(NoNode, &testIP, 20, 20, nil)
	got := string(tr.AppendJSON(nil, 1))
	want := `{
  "ip": [
    {
      "ip.addr": [
        "10.0.0.1",
        "10.0.0.2"
      ],
      "ip.proto": "6",
      "ip.flags": [
        "0x00",
        "0x01"
      ],
      "ip.flags_tree": [
        {
          "ip.flags.df": "0"
        },
        {
          "ip.flags.df": "1"
        }
      ]
    },
    ""
  ]
}`
	assert.Equal(t, want, got)
}

// tshark pads the day of the month with a space, as strftime's %e.
func TestAppendSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                     "0.000000000",
		47 * time.Microsecond: "0.000047000",
		10*time.Second - 1:    "9.999999999",
		10 * time.Second:      "10.000000000",
		123*time.Second + 1:   "123.000000001",
		-time.Second / 2:      "-0.500000000",
		-12 * time.Second:     "-12.000000000",
		1<<63 - 1:             "9223372036.854775807",
	} {
		assert.Equal(t, want, string(AppendSeconds(nil, d)), "%d ns", int64(d))
	}
}

func TestAppendAbsoluteTimeDay(t *testing.T) {
	at := time.Date(2026, 12, 2, 13, 32, 10, 722365000, time.UTC)
	assert.Equal(t, "Dec  2, 2026 13:32:10.722365000 UTC", string(AppendAbsoluteTime(nil, at)))
	at = time.Date(2026, 12, 12, 3, 2, 1, 5, time.UTC)
	assert.Equal(t, "Dec 12, 2026 03:02:01.000000005 UTC", string(AppendAbsoluteTime(nil, at)))
}

// AddBytes keeps no copy of the bytes of the current source at the item's
// start, and copies others; both read back the same.
func TestAddBytesOfSource(t *testing.T) {
	frame := []byte{1, 2, 3, 4, 5, 6}
	other := []byte{3, 4}
	tr := NewTree()
	tr.AddSource("Frame", frame)
	a := tr.AddBytes(NoNode, &testOpts, 2, 2, frame[2:4])
	b := tr.AddBytes(NoNode, &testOpts, 2, 2, other)
	c := tr.AddBytes(NoNode, &testOpts, 1, 2, frame[2:4]) // not at its start: copied
	assert.Equal(t, []byte{3, 4}, tr.Bytes(a))
	assert.Equal(t, []byte{3, 4}, tr.Bytes(b))
	assert.Equal(t, []byte{3, 4}, tr.Bytes(c))
	assert.Zero(t, len(tr.buf)-len(other)-2, "only b and c are copied")
	frame[2] = 9
	assert.Equal(t, []byte{9, 4}, tr.Bytes(a), "a is the frame's bytes")
	assert.Equal(t, []byte{3, 4}, tr.Bytes(c))
	tr.UseSource(tr.AddSource("Reassembled TCP", other))
	assert.Equal(t, 1, tr.CurrentSource())
	d := tr.AddBytes(NoNode, &testOpts, 0, 2, other)
	src, start, length := tr.Range(d)
	assert.Equal(t, [3]int{1, 0, 2}, [3]int{src, start, length})
	assert.Equal(t, "0304", string(tr.AppendValue(nil, d, FormFields)))
}

// A primed tree builds the protocols, the expert infos and the fields of
// interest, and those hang under their nearest real ancestor: here ip.df
// under ip, although its parent ip.flags is not built.
func TestPrime(t *testing.T) {
	tr := NewTree()
	tr.Prime(func(f *Field) bool { return f == &testDF || f == &testSrc })
	buildIPv4(tr)
	tr.AddExpert(NoNode, &testSynExp, 0, 0, nil)
	var got []string
	tr.Walk(func(n Node, depth int) bool {
		got = append(got, strings.Repeat(" ", depth)+string(tr.AppendLabel(nil, n)))
		return true
	})
	assert.Equal(t, []string{
		"Internet Protocol Version 4, Src: 10.77.0.2, Dst: 10.77.0.1",
		" .1.. .... = Don't fragment: Set",
		" Source Address: 10.77.0.2",
		"Expert Info (Chat/Sequence): Connection establish request (SYN)",
	}, got)
	assert.Equal(t, 4, tr.Len())

	// what a builder does with a node that was not built changes nothing
	fl := tr.AddUint(NoNode, &testFlags, 20, 1, 2)
	assert.Less(t, fl, NoNode)
	tr.SetText(fl, []byte("flags"))
	tr.SetValueText(fl, []byte("0x2"))
	tr.AppendText(fl, []byte(", more"))
	tr.SetBits(fl, 0x40, 0xe0)
	tr.SetHidden(fl)
	assert.Empty(t, tr.AppendLabel(nil, fl))
	assert.Equal(t, NoNode, tr.First(fl))
	assert.Equal(t, 4, tr.Len())

	tr.Prime(nil)
	tr.Reset()
	buildIPv4(tr)
	assert.Equal(t, 10, tr.Len(), "a tree no longer primed builds every item")
}

// assertPrints checks that tr prints as want with no printer and with a
// Printer, three times: a printer keeps a line the second time it prints
// it, so the third comes from its cache.
func assertPrints(t *testing.T, tr *Tree, want string) {
	t.Helper()
	assert.Equal(t, want, string(tr.AppendDetails(nil, nil)), "with no printer")
	var p Printer
	assert.Equal(t, want, string(p.AppendDetails(nil, tr)), "printed once")
	assert.Equal(t, want, string(p.AppendDetails(nil, tr)), "printed twice, kept")
	assert.Equal(t, want, string(p.AppendDetails(nil, tr)), "from the cache")
	hits := 0
	for _, tag := range p.lines.tags {
		if tag&lineHot != 0 {
			hits++
		}
	}
	assert.NotZero(t, hits, "no line came from the cache")
}

// A field's Format makes the value part of its label, after the bit-field
// prefix and the name, in every printer's line, while the value stays the
// value for -T fields and filters.
func TestFormatMakesTheValueText(t *testing.T) {
	f := &Field{Name: "Header Length", Abbrev: "test.hdr_len", Type: Uint8, Base: BaseDec,
		Format: func(dst []byte, v uint64) []byte { return append(strconv.AppendUint(dst, v, 10), " bytes"...) }}
	tr := NewTree()
	tr.AddSource("Frame", []byte{0x50})
	n := tr.AddUint(NoNode, f, 0, 1, 20)
	tr.SetBits(n, 0x50, 0xf0)
	const want = "0101 .... = Header Length: 20 bytes\n"
	assertPrints(t, tr, want)
	assert.Equal(t, "20", string(tr.AppendValue(nil, n, FormFields)))
}

// A field's Label makes an integer item's whole label, in place of the
// bit-field prefix its mask would give, the name and the value, in every
// printer's line; the value stays the value for -T fields and filters.
func TestLabelMakesTheWholeLabel(t *testing.T) {
	f := &Field{Name: "Flags", Abbrev: "test.flags", Type: Uint16, Base: BaseHex, Mask: 0xfff,
		Label: func(dst []byte, v uint64) []byte { return strconv.AppendUint(append(dst, "Flags are "...), v, 16) }}
	tr := NewTree()
	tr.AddSource("Frame", []byte{0x00, 0x18})
	n := tr.AddUint(NoNode, f, 0, 2, 0x18)
	tr.AddUint(NoNode, f, 0, 2, 0x19)
	const want = "Flags are 18\nFlags are 19\n"
	assertPrints(t, tr, want)
	assert.Equal(t, "0x0018", string(tr.AppendValue(nil, n, FormFields)))
}

// An item of no bytes shows "<none>", or "<MISSING>" when its bytes were
// due (SetMissing), in its label and its -T fields value, and a printer's
// cache tells the two apart.
func TestMissingBytes(t *testing.T) {
	f := &Field{Name: "Data", Abbrev: "test.data", Type: Bytes}
	tr := NewTree()
	tr.AddSource("Frame", nil)
	empty := tr.AddBytes(NoNode, f, 0, 0, nil)
	missing := tr.AddBytes(NoNode, f, 0, 0, nil)
	tr.SetMissing(missing)
	assert.Equal(t, "<none>", string(tr.AppendValue(nil, empty, FormFields)))
	assert.Equal(t, "<MISSING>", string(tr.AppendValue(nil, missing, FormFields)))
	const want = "Data: <none>\nData: <MISSING>\n"
	assertPrints(t, tr, want)
}

// A printer's cache tells apart strings that differ in any one byte of
// their data, up to the longest it keeps and past it, and strings that
// differ only in their length: the same tree printed twice, each line from
// its own item.
func TestPrinterCacheKeysEveryByte(t *testing.T) {
	f := &Field{Name: "Protocols in frame", Abbrev: "test.protocols", Type: String}
	tr := NewTree()
	tr.AddSource("Frame", nil)
	var want strings.Builder
	base := strings.Repeat("eth:ip:tcp:", 6)[:maxCachedData+2]
	for _, size := range []int{9, 16, 17, 24, 40, maxCachedData, maxCachedData + 1, maxCachedData + 2} {
		for at := range size {
			s := []byte(base[:size])
			tr.AddBytes(NoNode, f, 0, 0, s)
			fmt.Fprintf(&want, "Protocols in frame: %s\n", s)
			s[at] = '#'
			tr.AddBytes(NoNode, f, 0, 0, s)
			fmt.Fprintf(&want, "Protocols in frame: %s\n", s)
		}
		tr.AddBytes(NoNode, f, 0, 0, []byte(base[:size-1]))
		fmt.Fprintf(&want, "Protocols in frame: %s\n", base[:size-1])
	}
	assertPrints(t, tr, want.String())
}

// A printer keeps a line the second time it prints it, not the first: a
// value printed once (a time, a sequence number) evicts nothing.
func TestLineCacheKeepsWhatRepeats(t *testing.T) {
	kept := func(p *Printer) (n int) {
		for _, tag := range p.lines.tags {
			if tag&lineKept != 0 {
				n++
			}
		}
		return n
	}
	tr := NewTree()
	tr.AddUint(NoNode, &testVersion, 0, 1, 4)
	var p Printer
	first := string(p.AppendDetails(nil, tr))
	assert.Zero(t, kept(&p), "a line printed once")
	assert.Equal(t, first, string(p.AppendDetails(nil, tr)))
	assert.Equal(t, 1, kept(&p), "the line printed twice")
	assert.Equal(t, first, string(p.AppendDetails(nil, tr)), "from the cache")
	for v := range uint64(1000) {
		tr.Reset()
		tr.AddUint(NoNode, &testVersion, 0, 1, 100+v)
		p.AppendDetails(nil, tr)
	}
	assert.Equal(t, 1, kept(&p), "a thousand values printed once each: none kept, none evicted")
}

// Lines whose data differs only in the last of its bytes past the eighth
// (IPv6 addresses of one network, a source and a destination taking
// turns) are kept in slots of their own: with one slot they would evict
// each other for ever.
func TestLineCacheTellsLastBytesApart(t *testing.T) {
	f := &Field{Name: "Source Address", Abbrev: "test.ipv6", Type: IPv6}
	addrs := []netip.Addr{netip.MustParseAddr("fd00:201::1"), netip.MustParseAddr("fd00:201::2")}
	tr := NewTree()
	tr.AddSource("Frame", nil)
	var p Printer
	for range 4 {
		for _, a := range addrs {
			tr.Reset()
			tr.AddIP(NoNode, f, 0, 16, a)
			assert.Equal(t, "Source Address: "+a.String()+"\n", string(p.AppendDetails(nil, tr)))
		}
	}
	hot := 0
	for _, tag := range p.lines.tags {
		if tag&(lineKept|lineHot) == lineKept|lineHot {
			hot++
		}
	}
	assert.Equal(t, 2, hot, "both lines kept and printed from the cache")
}

// A printer prints every line as the tree alone does, from its cache or
// not: trees of items that differ in one part of the key each (field,
// value, time parts, raw bits and mask, data, depth, generated), many more
// than the cache's slots so that they collide, printed three times each.
func TestPrinterPrintsAsTheTree(t *testing.T) {
	tr := NewTree()
	tr.AddSource("Frame", nil)
	var p Printer
	for round := range 3 {
		for pass := range 40 {
			tr.Reset()
			top := tr.AddProtocol(NoNode, &testIP, 0, 0, nil)
			for i := range 200 {
				v := uint64(pass*200 + i)
				parent := top
				if i%3 == 0 {
					parent = tr.AddUint(top, &testID, 0, 2, v%7)
				}
				tr.AddUint(parent, &testVersion, 0, 1, v%16)
				tr.SetBits(tr.AddUint(parent, &testTCPFlg, 0, 2, v%4096), v%4096, 0xfff^(v%3))
				tr.AddBool(parent, &testSyn, 0, 2, v%2 == 0)
				tr.AddUint(parent, &testProto, 0, 1, v%20)
				tr.AddUint(parent, &testSrc, 0, 4, v*2654435761%(1<<32))
				tr.AddTime(parent, &testTime, 0, 0, time.Unix(int64(v%5), int64(v%3)))
				tr.AddDuration(parent, &testDelta, 0, 0, time.Duration(v%9))
				d := tr.AddBytes(parent, &testOpts, 0, 0, bytes.Repeat([]byte{byte(v)}, int(v%50)))
				if v%4 == 0 {
					tr.SetGenerated(d)
				}
			}
			// keys that hash alike, as the hash combines and shifts
			// their parts: only the whole key tells them apart
			tr.AddTime(top, &testTime, 0, 0, time.Unix(1<<21, 0))
			tr.AddTime(top, &testTime, 0, 0, time.Unix(0, 1))
			tr.SetBits(tr.AddUint(top, &testTCPFlg, 0, 2, 5), 0, 0x0f0) // the mask is not hashed
			tr.SetBits(tr.AddUint(top, &testTCPFlg, 0, 2, 5), 0, 0x00f)
			tr.AddBytes(top, &testOpts, 0, 0, []byte{0, 0, 0, 0, 0, 0, 0, 1}) // the top bits shifted out
			tr.AddBytes(top, &testOpts, 0, 0, []byte{0, 0, 0, 0, 0, 0, 0, 2})
			tr.AddBytes(top, &testOpts, 0, 0, append(make([]byte, 15), 0x80)) // past the eighth byte
			tr.AddBytes(top, &testOpts, 0, 0, make([]byte, 16))
			want := string(tr.AppendDetails(nil, nil))
			require.Equal(t, want, string(p.AppendDetails(nil, tr)), "round %d pass %d", round, pass)
		}
	}
}

// The lines under an item whose children are made from its value
// (SetChildrenFromValue) print from a printer's cache as the tree prints
// them: for each value of the item, at each depth, with data of its own
// or not, with a child hidden, and, past 8 bytes of data, as they are.
func TestPureChildrenPrintAsTheTree(t *testing.T) {
	tr := NewTree()
	tr.AddSource("Frame", nil)
	var p Printer
	for round := range 3 {
		tr.Reset()
		top := tr.AddProtocol(NoNode, &testIP, 0, 0, nil)
		for v := range uint64(2000) { // many more values than the table's slots
			parent := top
			if v%3 == 0 {
				parent = tr.AddNone(top, &testOptMSS, 0, 0) // one level deeper
			}
			flags := (v + 500*uint64(round)) % 4096 // later rounds find some, at another depth too
			fl := tr.AddUint(parent, &testTCPFlg, 0, 2, flags)
			tr.SetChildrenFromValue(fl)
			tr.AddBool(fl, &testSyn, 0, 2, flags&2 != 0)
			tr.AddUint(fl, &testProto, 0, 1, flags%20)
			if v%5 == 0 {
				tr.SetHidden(tr.AddUint(fl, &testAddr, 0, 4, v))
			}
			data := bytes.Repeat([]byte{byte(v % 7)}, int(v%11))
			opt := tr.AddBytes(parent, &testOpts, 0, 0, data)
			tr.SetChildrenFromValue(opt)
			if len(data) > 0 {
				tr.AddUint(opt, &testVersion, 0, 1, uint64(data[0])) // made from the data
			}
		}
		for last := range byte(3) { // data that hashes alike: its top byte is shifted out
			opt := tr.AddBytes(top, &testOpts, 0, 0, []byte{0, 0, 0, 0, 0, 0, 0, last})
			tr.SetChildrenFromValue(opt)
			tr.AddUint(opt, &testVersion, 0, 1, uint64(last))
		}
		want := string(tr.AppendDetails(nil, nil))
		require.Equal(t, want, string(p.AppendDetails(nil, tr)), "round %d", round)
	}
}

// TestReusedItemStartsClean checks that an item built where an earlier
// tree left one holds nothing of it: place sets every field of the item
// rather than clearing it whole, and a field added to item must be set
// there too.
func TestReusedItemStartsClean(t *testing.T) {
	tr := NewTree()
	tr.AddUint(NoNode, &testVersion, 0, 1, 4)
	it := &tr.items[0]
	junk := unsafe.Slice((*byte)(unsafe.Pointer(it)), unsafe.Sizeof(*it))
	for i := range junk {
		junk[i] = 0xa5
	}
	it.f, it.expert = &testProto, &Expert{} // the pointers must stay valid
	tr.Reset()
	n := tr.AddUint(NoNode, &testIP, 3, 20, 0)
	require.Equal(t, Node(0), n)
	assert.Equal(t, item{f: &testIP, parent: NoNode, first: NoNode, last: NoNode, next: NoNode, start: 3, length: 20}, tr.items[0])
}

// A time's fraction is its nine digits, leading zeros and all.
func TestAppendNanos(t *testing.T) {
	for _, ns := range []uint64{0, 1, 9, 10, 99, 100, 12345678, 46578000, 100000000, 999999999} {
		assert.Equal(t, fmt.Sprintf("x%09d", ns), string(appendNanos([]byte("x"), ns)), "%d", ns)
	}
}

// TestResetGivesBackHugeStorage checks that a tree keeps the storage of
// common packets across Reset, but gives back what a huge one made it
// grow to: a kept tree holds no more than it commonly uses.
func TestResetGivesBackHugeStorage(t *testing.T) {
	tr := NewTree()
	line := bytes.Repeat([]byte("x"), 64)
	fill := func(lines int) {
		tr.Reset()
		p := tr.AddProtocol(NoNode, &testIP, 0, 0, nil)
		for range lines {
			tr.AddText(p, 0, 0, line)
		}
	}
	fill(100)
	items, buf := cap(tr.items), cap(tr.buf)
	fill(100)
	assert.Equal(t, items, cap(tr.items), "common storage is kept")
	assert.Equal(t, buf, cap(tr.buf))

	fill(maxKeptItems + 1) // 64 bytes a line: more than maxKeptBytes too
	require.Greater(t, cap(tr.items), maxKeptItems)
	require.Greater(t, cap(tr.buf), maxKeptBytes)
	fill(100)
	assert.LessOrEqual(t, cap(tr.items), maxKeptItems, "huge storage is given back")
	assert.LessOrEqual(t, cap(tr.buf), maxKeptBytes)
	assert.Equal(t, 101, tr.Len())
}

// TestTreesBuiltForAPrinterPrintAsTheTree checks that a tree built for a
// Printer (BuildFor), which leaves out the children the printer has
// printed for their parent's value, prints as the whole tree does: with
// that printer, another one, or none; at the top level and deeper, and
// with more values than the printer keeps blocks of.
func TestTreesBuiltForAPrinterPrintAsTheTree(t *testing.T) {
	build := func(tr *Tree, round int) {
		tr.Reset()
		tr.AddSource("Frame", nil)
		top := tr.AddUint(NoNode, &testTCPFlg, 0, 2, 0x18) // a top-level item of pure children
		if tr.SetChildrenFromValue(top) {
			tr.AddBool(top, &testSyn, 0, 2, false)
		}
		ip := tr.AddProtocol(NoNode, &testIP, 0, 0, nil)
		for v := range uint64(300) { // more values than the blocks' slots
			parent := ip
			if v%3 == 0 {
				parent = tr.AddNone(ip, &testOptMSS, 0, 0) // one level deeper
			}
			flags := (v*7 + 100*uint64(round)) % 512
			fl := tr.AddUint(parent, &testTCPFlg, 0, 2, flags)
			if tr.SetChildrenFromValue(fl) {
				tr.AddBool(fl, &testSyn, 0, 2, flags&2 != 0)
				tr.AddUint(fl, &testProto, 0, 1, flags%20)
			}
			data := bytes.Repeat([]byte{byte(v % 7)}, int(v%11))
			opt := tr.AddBytes(parent, &testOpts, 0, 0, data)
			if tr.SetChildrenFromValue(opt) && len(data) > 0 {
				tr.AddUint(opt, &testVersion, 0, 1, uint64(data[0]))
			}
		}
	}
	whole, built := NewTree(), NewTree()
	var p, other Printer
	built.BuildFor(&p)
	for round := range 4 {
		build(whole, round)
		build(built, round)
		want := string(whole.AppendDetails(nil, nil))
		assert.Equal(t, want, string(built.AppendDetails(nil, nil)), "round %d, no printer", round)
		assert.Equal(t, want, string(other.AppendDetails(nil, built)), "round %d, another printer", round)
		require.Equal(t, want, string(p.AppendDetails(nil, built)), "round %d", round)
		if round > 0 { // p has printed some blocks: their items are left out
			assert.Less(t, built.Len(), whole.Len(), "round %d", round)
		}
	}
	whole.Reset()
	built.BuildFor(nil)
	build(built, 3)
	build(whole, 3)
	assert.Equal(t, whole.Len(), built.Len(), "built for any view, a tree leaves out nothing")
}

// dataWord is the bytes of data of up to 8 bytes, the first the lowest.
func TestDataWord(t *testing.T) {
	b := []byte{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}
	for n := range len(b) + 1 {
		var want uint64
		for i, c := range b[:n] {
			want |= uint64(c) << (8 * i)
		}
		assert.Equal(t, want, dataWord(b[:n]), "%d bytes", n)
	}
}

// labelsAlike checks that a text of in escaped whole (AppendEscaped) and
// as much as a label shows (AppendLabelText) make the same labels: as a
// text item's and as a field's value, in packet details and -T json.
func labelsAlike(t *testing.T, in []byte) {
	t.Helper()
	f := &Field{Name: "Text", Abbrev: "test.text", Type: String}
	build := func(escape func(dst, s []byte) []byte) *Tree {
		tr := NewTree()
		tr.AddSource("Frame", in)
		tr.AddText(NoNode, 0, len(in), escape(nil, in))
		tr.SetValueText(tr.AddStringBytes(NoNode, f, 0, len(in), in), escape(nil, in))
		return tr
	}
	whole, label := build(AppendEscaped), build(AppendLabelText)
	require.Equal(t, string(whole.AppendDetails(nil, nil)), string(label.AppendDetails(nil, nil)), "%q", in)
	require.Equal(t, string(whole.AppendJSON(nil, 4)), string(label.AppendJSON(nil, 4)), "%q", in)
}

// A long text is escaped only as far as its label shows it, and makes the
// same label as escaped whole: texts around the length a label keeps, with
// characters of several bytes, escapes and bytes that are not UTF-8
// across the cut.
func TestLabelTextMakesTheSameLabel(t *testing.T) {
	for _, piece := range []string{"a", "é", "€", "😀", "\x01", "\xff", "\u200b", "\r\n"} {
		for n := 200; n <= 300; n++ {
			labelsAlike(t, []byte(strings.Repeat("x", n%7)+strings.Repeat(piece, n/len(piece))))
		}
	}
	long := []byte(strings.Repeat("{\"op\":\"pub\"}", 100000)) // a megabyte on one line
	labelsAlike(t, long)
	assert.Len(t, AppendLabelText(nil, long), maxLabel+4, "the escaping stops past what a label shows")
}

// FuzzLabelText: any text makes the same label escaped whole or as far as
// the label shows.
func FuzzLabelText(f *testing.F) {
	f.Add([]byte(strings.Repeat("ab\xe2\x82\xac\x01", 60)))
	f.Fuzz(func(t *testing.T, in []byte) {
		labelsAlike(t, in)
	})
}
