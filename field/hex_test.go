package field

import (
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dumpLine is a line of a dump: offset, bytes, characters.
var dumpLine = regexp.MustCompile(`^[0-9a-f]{4,8}  ((?:[0-9a-f]{2} )+)`)

// sourcesOf reads tshark -x's dump of one packet back into its data
// sources: the names of the headings (size cut off) and the bytes of the
// lines under each.
func sourcesOf(t *testing.T, dump string) []Source {
	var src []Source
	for _, l := range strings.Split(strings.TrimSuffix(dump, "\n"), "\n") {
		if m := dumpLine.FindStringSubmatch(l); m != nil {
			if src == nil {
				src = append(src, Source{Name: "Frame"})
			}
			b, err := hex.DecodeString(strings.ReplaceAll(m[1], " ", ""))
			require.NoError(t, err, l)
			src[len(src)-1].Data = append(src[len(src)-1].Data, b...)
			continue
		}
		name, _, ok := strings.Cut(l, " (")
		require.True(t, ok, l)
		src = append(src, Source{Name: name, Data: []byte{}})
	}
	return src
}

// The goldens are packets of tshark 4.0.17 -x (chromium-json-heartbeat,
// frames 1, 38 and 51): a frame alone, without heading; a frame, its
// reassembled TCP bytes and HTTP's de-chunked body; a frame, its unmasked
// WebSocket payload and the one byte it inflates to.
func TestDumpAsTsharkPrints(t *testing.T) {
	for _, golden := range []string{"dump-frame.txt", "dump-dechunked.txt", "dump-one-byte.txt"} {
		want, err := os.ReadFile("testdata/" + golden)
		require.NoError(t, err)
		tr := NewTree()
		for _, s := range sourcesOf(t, string(want)) {
			tr.AddSource(s.Name, s.Data)
		}
		assert.Equal(t, string(want), string(tr.AppendDump(nil, Dump{})), golden)
	}
}

func TestDumpOptions(t *testing.T) {
	tr := NewTree()
	tr.AddSource("Frame", []byte("\x00\x01abc~\x7f\xff"))
	tr.AddSource("Reassembled TCP", []byte("GET / HTTP/1.1\r\n\r\n"))
	for _, c := range []struct {
		name string
		how  Dump
		want string
	}{
		{"all", Dump{}, "Frame (8 bytes):\n" +
			"0000  00 01 61 62 63 7e 7f ff                           ..abc~..\n" +
			"Reassembled TCP (18 bytes):\n" +
			"0000  47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a   GET / HTTP/1.1..\n" +
			"0010  0d 0a                                             ..\n"},
		// tshark's --hexdump frames: no heading though there are two sources
		{"frames", Dump{FrameOnly: true}, "0000  00 01 61 62 63 7e 7f ff                           ..abc~..\n"},
		{"delimit", Dump{FrameOnly: true, ASCII: DumpASCIIDelimited}, "0000  00 01 61 62 63 7e 7f ff                           |..abc~..|\n"},
		// tshark keeps the spaces before the characters it leaves out
		{"noascii", Dump{FrameOnly: true, ASCII: DumpNoASCII}, "0000  00 01 61 62 63 7e 7f ff                           \n"},
	} {
		assert.Equal(t, c.want, string(tr.AppendDump(nil, c.how)), c.name)
	}
}

// An empty source ends the dump after its heading, as in tshark.
func TestDumpStopsAtEmptySource(t *testing.T) {
	tr := NewTree()
	tr.AddSource("Frame", []byte{1})
	tr.AddSource("Unmasked data", nil)
	tr.AddSource("Decompressed payload", []byte{2})
	assert.Equal(t, "Frame (1 byte):\n"+
		"0000  01                                                .\n"+
		"Unmasked data (0 bytes):\n", string(tr.AppendDump(nil, Dump{})))
	assert.Empty(t, AppendDump(nil, nil, DumpASCIIPlain))
}

// Offsets take four digits up to 64 KiB, then as many as the last offset
// needs, as tshark's ("Reassembled TCP (65543 bytes):" then "00000  82 fe").
func TestDumpOffsetDigits(t *testing.T) {
	for _, c := range []struct {
		size        int
		first, last string
	}{
		{16, "0000  ", "0000  "},
		{17, "0000  ", "0010  "},
		{1 << 16, "0000  ", "fff0  "},
		{1<<16 + 1, "00000  ", "10000  "},
		{1<<20 + 1, "000000  ", "100000  "},
	} {
		lines := strings.Split(strings.TrimSuffix(string(AppendDump(nil, make([]byte, c.size), DumpASCIIPlain)), "\n"), "\n")
		assert.Len(t, lines, (c.size+15)/16)
		assert.True(t, strings.HasPrefix(lines[0], c.first), "%d bytes: %q", c.size, lines[0])
		assert.True(t, strings.HasPrefix(lines[len(lines)-1], c.last), "%d bytes: %q", c.size, lines[len(lines)-1])
	}
}

// Dumping into a reused buffer allocates nothing.
func TestDumpAllocatesNothing(t *testing.T) {
	tr := NewTree()
	frame := make([]byte, 1514)
	tr.AddSource("Frame", frame)
	tr.AddSource("Reassembled TCP", frame[66:])
	buf := tr.AppendDump(nil, Dump{})
	require.Zero(t, testing.AllocsPerRun(100, func() { buf = tr.AppendDump(buf[:0], Dump{}) }))
}

func BenchmarkDump(b *testing.B) {
	tr := NewTree()
	frame := make([]byte, 1514)
	for i := range frame {
		frame[i] = byte(i * 7919 >> 3) // binary, as a dumped message is
	}
	tr.AddSource("Frame", frame)
	var buf []byte
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		buf = tr.AppendDump(buf[:0], Dump{})
	}
}

// FuzzDump: any bytes dump to lines that read back as those bytes, each
// line as wide as tshark's, the characters printable ASCII.
func FuzzDump(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\n\r\n"), uint8(0))
	f.Add([]byte{0, 0x7f, 0x80, 0xff}, uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, how uint8) {
		ascii := DumpASCII(how % 3)
		out := string(AppendDump(nil, data, ascii))
		if len(data) == 0 {
			require.Empty(t, out)
			return
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		require.Len(t, lines, (len(data)+15)/16)
		var back []byte
		for _, l := range lines {
			m := dumpLine.FindStringSubmatch(l)
			require.NotNil(t, m, l)
			b, err := hex.DecodeString(strings.ReplaceAll(m[1], " ", ""))
			require.NoError(t, err)
			back = append(back, b...)
			// the characters start after the offset, two spaces and 16*3+2 columns
			chars := l[strings.Index(l, "  ")+2+16*3+2:]
			switch ascii {
			case DumpNoASCII:
				require.Empty(t, chars, l)
				continue
			case DumpASCIIDelimited:
				require.True(t, strings.HasPrefix(chars, "|") && strings.HasSuffix(chars, "|"), l)
				chars = chars[1 : len(chars)-1]
			}
			require.Len(t, chars, len(b), l)
			for _, c := range []byte(chars) {
				require.True(t, c >= ' ' && c < 0x7f, l)
			}
		}
		require.Equal(t, data, back)
	})
}

// A full line's offset shows every digit in place, odd counts too.
func TestDumpOffsetDigitsOfFullLines(t *testing.T) {
	for _, c := range []struct {
		size, line int
		start      string
	}{
		{64<<10 + 1, 0x0ab0, "00ab0  "},
		{64<<10 + 1, 0xfff0, "0fff0  "},
		{128 << 10, 0x1abc0, "1abc0  "},
		{1<<20 + 1, 0xabcd0, "0abcd0  "},
		{1<<20 + 33, 0x100010, "100010  "},
	} {
		lines := strings.Split(string(AppendDump(nil, make([]byte, c.size), DumpASCIIPlain)), "\n")
		assert.True(t, strings.HasPrefix(lines[c.line/16], c.start), "%d bytes: %q", c.size, lines[c.line/16])
	}
}

// Every byte value shows as its two hex digits and, in the characters, as
// itself when it is printable ASCII and a dot otherwise, wherever it falls
// in a full line: the line of each byte value, shifted through all 16
// places, written out byte by byte here.
func TestDumpShowsEveryByte(t *testing.T) {
	data := make([]byte, 256+16)
	for i := range data {
		data[i] = byte(i)
	}
	for shift := range 16 {
		lines := strings.Split(strings.TrimSuffix(string(AppendDump(nil, data[shift:shift+256], DumpASCIIPlain)), "\n"), "\n")
		require.Len(t, lines, 16)
		for l, line := range lines {
			var want strings.Builder
			fmt.Fprintf(&want, "%04x  ", l*16)
			chunk := data[shift+l*16 : shift+l*16+16]
			for _, c := range chunk {
				fmt.Fprintf(&want, "%02x ", c)
			}
			want.WriteString("  ")
			for _, c := range chunk {
				if c < 0x20 || c > 0x7e {
					c = '.'
				}
				want.WriteByte(c)
			}
			require.Equal(t, want.String(), line, "shift %d line %d", shift, l)
		}
	}
}
