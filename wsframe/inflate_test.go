package wsframe

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refInflater is the compress/flate based inflater that inflater replaced,
// kept as it was as the reference of the differential tests: the new
// decoder must give the same output, the same error-or-not and the same
// reset for any input.
type refInflater struct {
	fr       io.ReadCloser
	src      refSource
	takeover bool
	window   []byte
	out      []byte
}

// newRefInflater returns a reference inflater, as newInflater did.
func newRefInflater(takeover bool) *refInflater {
	return &refInflater{takeover: takeover}
}

// inflate resets the flate reader with the window as preset dictionary and
// reads the message and deflateTail through it.
func (f *refInflater) inflate(compressed []byte, limit int64) (out []byte, reset bool, err error) {
	f.src = refSource{parts: [2][]byte{compressed, deflateTail[:]}}
	var dict []byte
	if f.takeover {
		dict = f.window
	}
	if f.fr == nil {
		f.fr = flate.NewReaderDict(&f.src, dict)
	} else {
		_ = f.fr.(flate.Resetter).Reset(&f.src, dict)
	}
	out = f.out[:0]
	if cap(out) == 0 {
		out = make([]byte, 0, min(max(4*int64(len(compressed)), 512), limit+1))
	}
	for {
		if len(out) == cap(out) {
			out = refGrow(out, limit+1)
		}
		n, rerr := f.fr.Read(out[len(out):cap(out)])
		out = out[:len(out)+n]
		if int64(len(out)) > limit {
			err = errDecompressedTooBig
			out = out[:limit]
			break
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			err = rerr
			break
		}
	}
	f.out = out
	if f.takeover {
		if err != nil {
			reset = len(f.window) > 0 || len(out) > 0
			f.window = f.window[:0]
		} else {
			f.slide(out)
		}
	}
	return out, reset, err
}

// slide appends p to the window, keeping its last windowSize bytes.
func (f *refInflater) slide(p []byte) {
	if f.window == nil {
		f.window = make([]byte, 0, windowSize)
	}
	if len(p) >= windowSize {
		f.window = append(f.window[:0], p[len(p)-windowSize:]...)
		return
	}
	if keep := windowSize - len(p); len(f.window) > keep {
		n := copy(f.window, f.window[len(f.window)-keep:])
		f.window = f.window[:n]
	}
	f.window = append(f.window, p...)
}

// refGrow doubles the capacity of b (to at least 512), never beyond limit.
func refGrow(b []byte, limit int64) []byte {
	c := int64(max(2*cap(b), 512))
	c = min(c, limit)
	if c <= int64(cap(b)) {
		c = int64(cap(b)) + 1
	}
	nb := make([]byte, len(b), c)
	copy(nb, b)
	return nb
}

// refSource reads a message and then its tail; an io.ByteReader, so that
// the flate reader reads it directly.
type refSource struct {
	parts [2][]byte
}

// Read reads from the message, then from the tail.
func (s *refSource) Read(p []byte) (int, error) {
	for i := range s.parts {
		if len(s.parts[i]) > 0 {
			n := copy(p, s.parts[i])
			s.parts[i] = s.parts[i][n:]
			return n, nil
		}
	}
	return 0, io.EOF
}

// ReadByte reads a byte of the message, then of the tail.
func (s *refSource) ReadByte() (byte, error) {
	for i := range s.parts {
		if len(s.parts[i]) > 0 {
			c := s.parts[i][0]
			s.parts[i] = s.parts[i][1:]
			return c, nil
		}
	}
	return 0, io.EOF
}

// Kinds of test data.
const (
	dataText   = "text"   // words: dynamic blocks with matches
	dataRandom = "random" // incompressible: stored blocks, or long literal runs
	dataSkewed = "skewed" // random bytes of very unequal frequencies: long codes
)

// testData returns n bytes of the given kind.
func testData(r *rand.Rand, kind string, n int) []byte {
	b := make([]byte, 0, n+16)
	switch kind {
	case dataText:
		words := strings.Fields("the quick brown fox jumps over lazy dog " +
			`{"seq": "user": "text": null, true, false} websocket frame message ` +
			"deflate inflate window context takeover Huffman literal distance")
		for len(b) < n {
			b = append(b, words[r.IntN(len(words))]...)
			b = append(b, " ,\n"[r.IntN(3)])
			if r.IntN(20) == 0 {
				b = fmt.Appendf(b, "%d", r.IntN(100000))
			}
		}
	case dataRandom:
		for len(b) < n {
			b = append(b, byte(r.Uint32()))
		}
	case dataSkewed:
		// Byte k comes with probability about 2^-(k/8+1): code lengths
		// up to 15 bits, so the tables need subtables.
		for len(b) < n {
			b = append(b, byte(min(bits.TrailingZeros32(r.Uint32()|1<<31)*8+r.IntN(8), 255)))
		}
	}
	return b[:n]
}

// message is a test message: its plain bytes and the compressed ones.
type message struct {
	plain, compressed []byte
}

// testMessages compresses a sequence of messages of each size with one
// deflater. With takeover the sequence ends with messages that refer
// back across earlier ones: the first message again, after two others, and
// a message that repeats bytes from just under 32 KiB back.
func testMessages(t testing.TB, level int, takeover bool, kind string, sizes []int) []message {
	r := rand.New(rand.NewPCG(uint64(level+10), uint64(len(kind))))
	d := &deflater{level: level, takeover: takeover}
	var msgs []message
	add := func(p []byte) {
		msgs = append(msgs, message{p, d.compress(t, p)})
	}
	for _, n := range sizes {
		add(testData(r, kind, n))
	}
	if takeover {
		first := testData(r, kind, 3000)
		add(first)
		add(testData(r, kind, 500))
		add(testData(r, kind, 700))
		add(first)
		// 40 messages of 800 bytes, then one that repeats the 2nd of them
		// (about 31 KiB back) and the last.
		var recent [][]byte
		for range 40 {
			p := testData(r, kind, 800)
			recent = append(recent, p)
			add(p)
		}
		add(append(bytes.Clone(recent[1]), recent[39]...))
	}
	return msgs
}

var testLevels = []int{flate.HuffmanOnly, flate.NoCompression, flate.BestSpeed, 5, flate.BestCompression}

// TestInflateDifferential inflates messages of every compress/flate level,
// with and without context takeover, and compares with the reference and
// with the original bytes.
func TestInflateDifferential(t *testing.T) {
	sizes := []int{0, 1, 100, 4 << 10, 40 << 10, 200 << 10, 3, 0, 1000}
	for _, level := range testLevels {
		for _, takeover := range []bool{false, true} {
			for _, kind := range []string{dataText, dataRandom, dataSkewed} {
				t.Run(fmt.Sprintf("level%d/takeover=%v/%s", level, takeover, kind), func(t *testing.T) {
					msgs := testMessages(t, level, takeover, kind, sizes)
					if takeover && kind == dataText && level >= 5 {
						// The repeated message is mostly a reference back.
						repeat := msgs[len(sizes)+3]
						assert.Less(t, len(repeat.compressed), len(repeat.plain)/4)
					}
					got, ref := newInflater(takeover, nil), newRefInflater(takeover)
					for i, m := range msgs {
						out, reset, err := got.inflate(m.compressed, 1<<20)
						require.NoError(t, err, "message %d", i)
						assert.False(t, reset)
						require.Equal(t, m.plain, out, "message %d", i)
						refOut, _, refErr := ref.inflate(m.compressed, 1<<20)
						require.NoError(t, refErr)
						require.Equal(t, refOut, out)
					}
				})
			}
		}
	}
}

// compareInflate inflates the messages with a new and a reference inflater
// and requires the same outputs, errors-or-not and resets.
func compareInflate(t testing.TB, takeover bool, limit int64, msgs ...[]byte) {
	t.Helper()
	got, ref := newInflater(takeover, nil), newRefInflater(takeover)
	for i, p := range msgs {
		out, reset, err := got.inflate(p, limit)
		refOut, refReset, refErr := ref.inflate(p, limit)
		if !bytes.Equal(out, refOut) || reset != refReset || (err == nil) != (refErr == nil) ||
			errors.Is(err, errDecompressedTooBig) != errors.Is(refErr, errDecompressedTooBig) {
			t.Fatalf("message %d of %x, takeover %v, limit %d:\n"+
				"got %d bytes %x, reset %v, err %v\nref %d bytes %x, reset %v, err %v",
				i, p, takeover, limit, len(out), out, reset, err, len(refOut), refOut, refReset, refErr)
		}
		if int64(cap(out)) > max(limit, 0) {
			t.Fatalf("output buffer of %d bytes for a limit of %d", cap(out), limit)
		}
	}
}

// TestInflateLimit cuts messages at limits around their size.
func TestInflateLimit(t *testing.T) {
	for _, level := range testLevels {
		for _, takeover := range []bool{false, true} {
			msgs := testMessages(t, level, takeover, dataText, []int{0, 1, 300, 5000, 70000})
			for _, m := range msgs[:5] {
				n := int64(len(m.plain))
				for _, limit := range []int64{0, 1, 2, n / 2, max(n-1, 0), n, n + 1, 511, 512, 513} {
					t.Run(fmt.Sprintf("level%d/takeover=%v/%d/%d", level, takeover, n, limit), func(t *testing.T) {
						// Twice, so that the second inflation meets a reset.
						compareInflate(t, takeover, limit, m.compressed, m.compressed)
						if takeover {
							return // the message may refer to earlier ones
						}
						out, _, err := newInflater(false, nil).inflate(m.compressed, limit)
						if n > limit {
							require.ErrorIs(t, err, errDecompressedTooBig)
							require.Equal(t, m.plain[:limit], out)
						} else {
							require.NoError(t, err)
							require.Equal(t, m.plain, out)
						}
					})
				}
			}
		}
	}
}

// TestInflateBomb inflates a message of 64 MiB of zeros with a cap of 1 MiB:
// the output stops at the cap, and so does the memory. (DEFLATE expands at
// most 1032 times, so the bomb itself is about 64 KiB.)
func TestInflateBomb(t *testing.T) {
	bomb := (&deflater{level: flate.BestCompression}).compress(t, make([]byte, 64<<20))
	require.Less(t, len(bomb), 70<<10)
	const limit = 1 << 20
	for _, takeover := range []bool{false, true} {
		t.Run(fmt.Sprintf("takeover=%v", takeover), func(t *testing.T) {
			f := newInflater(takeover, nil)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			out, reset, err := f.inflate(bomb, limit)
			runtime.ReadMemStats(&after)
			require.ErrorIs(t, err, errDecompressedTooBig)
			assert.Equal(t, takeover, reset)
			assert.Len(t, out, limit)
			assert.Equal(t, make([]byte, limit), out)
			assert.LessOrEqual(t, cap(out), limit)
			// The output doubles up to the cap: less than 2 MiB in all.
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(2*limit))
		})
	}
}

// TestInflateAllocs checks that inflation does not allocate in steady state,
// whatever the blocks: dynamic (with long codes), fixed and stored.
func TestInflateAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name  string
		level int
		kind  string
		size  int
	}{
		{"dynamic text", flate.BestCompression, dataText, 16 << 10},
		{"dynamic skewed", flate.HuffmanOnly, dataSkewed, 16 << 10},
		{"fixed", flate.BestCompression, dataText, 40},
		{"stored", flate.NoCompression, dataRandom, 16 << 10},
		{"bench text", flate.BestCompression, "", 16 << 10},
	}
	for _, tt := range tests {
		for _, takeover := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/takeover=%v", tt.name, takeover), func(t *testing.T) {
				d := &deflater{level: tt.level, takeover: takeover}
				var msgs [][]byte
				for i := range 8 {
					p := benchText(tt.size + i)
					if tt.kind != "" {
						p = testData(r, tt.kind, tt.size)
					}
					msgs = append(msgs, d.compress(t, p))
				}
				f := newInflater(takeover, nil)
				// Warm up: the output buffer and the ring reach their size.
				for _, p := range msgs {
					_, _, err := f.inflate(p, 1<<20)
					require.NoError(t, err)
				}
				f.forget()
				i := 0
				allocs := testing.AllocsPerRun(len(msgs)*4, func() {
					if i%len(msgs) == 0 {
						f.forget() // the stream starts over
					}
					_, _, err := f.inflate(msgs[i%len(msgs)], 1<<20)
					if err != nil {
						panic(err)
					}
					i++
				})
				assert.Zero(t, allocs)
			})
		}
	}
}

// bitWriter writes DEFLATE bits for hand-made streams.
type bitWriter struct {
	b   []byte
	acc uint64
	n   uint
}

// bits writes the n low bits of v, lowest first.
func (w *bitWriter) bits(v uint64, n uint) *bitWriter {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.b = append(w.b, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
	return w
}

// code writes a Huffman code of n bits, highest bit first.
func (w *bitWriter) code(c uint16, n uint) *bitWriter {
	return w.bits(uint64(bits.Reverse16(c)>>(16-n)), n)
}

// bytes pads the last byte with zero bits and returns the stream.
func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		w.bits(0, 8-w.n)
	}
	return w.b
}

// canonicalCodes returns the canonical Huffman codes of the lengths.
func canonicalCodes(lens []uint8) []uint16 {
	var count, next [17]uint16
	for _, n := range lens {
		count[n]++
	}
	count[0] = 0
	for n := 1; n <= 16; n++ {
		next[n] = (next[n-1] + count[n-1]) << 1
	}
	codes := make([]uint16, len(lens))
	for sym, n := range lens {
		if n != 0 {
			codes[sym] = next[n]
			next[n]++
		}
	}
	return codes
}

// dynamicBlock writes a dynamic block header for the literal/length and
// distance code lengths, with a code length code of 4 bits for 0-15, and
// returns the codes for writing the data.
func (w *bitWriter) dynamicBlock(final bool, lit, dist []uint8) (litCodes, distCodes []uint16) {
	w.bits(uint64(b2i(final)), 1).bits(2, 2)
	w.bits(uint64(len(lit)-257), 5).bits(uint64(len(dist)-1), 5).bits(19-4, 4)
	var clens [19]uint8
	for i := range 16 {
		clens[i] = 4
	}
	for _, sym := range codeLenOrder {
		w.bits(uint64(clens[sym]), 3)
	}
	for _, n := range append(bytes.Clone(lit), dist...) {
		w.code(uint16(n), 4)
	}
	return canonicalCodes(lit), canonicalCodes(dist)
}

// b2i is 1 for true.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lengths returns n code lengths, all zero but the given symbols.
func lengths(n int, set map[int]uint8) []uint8 {
	l := make([]uint8, n)
	for sym, v := range set {
		l[sym] = v
	}
	return l
}

// chain returns the code lengths of a complete code of codes up to n bits:
// 'a' is 0, the end of block 10, the next literals 110, 1110, and so on, and
// last (a literal after 'x' or a length) all ones.
func chain(n int, last int) map[int]uint8 {
	set := map[int]uint8{'a': 1, 256: 2, 'x': uint8(n), last: uint8(n)}
	for l := 3; l < n; l++ {
		set['b'+l-3] = uint8(l)
	}
	return set
}

// TestInflateMalformed feeds hand-made streams, valid at the edges of the
// format or invalid, and compares with the reference.
func TestInflateMalformed(t *testing.T) {
	// A complete code with codes of 1 to 15 bits: 'a'+i has i+1 bits, 'z'
	// and the end of block 15.
	long := map[int]uint8{'z': 15, 256: 15}
	for i := range 14 {
		long['a'+i] = uint8(i + 1)
	}
	tests := []struct {
		name    string
		stream  func(w *bitWriter)
		wantErr bool
	}{
		{"no bytes", func(w *bitWriter) {}, true},
		{"empty message", func(w *bitWriter) { w.bits(0, 8) }, false},
		{"reserved block type", func(w *bitWriter) { w.bits(7, 3) }, true},
		{"final block then garbage", func(w *bitWriter) {
			w.bits(1, 1).bits(1, 2).code(0x30+'h', 8).code(0, 7).bits(0xffff, 16)
		}, false},
		{"stored", func(w *bitWriter) { w.bits(1, 3).bytes(); w.b = append(w.b, 3, 0, 0xfc, 0xff, 'a', 'b', 'c') }, false},
		{"stored length check", func(w *bitWriter) { w.bits(1, 3).bytes(); w.b = append(w.b, 3, 0, 0xfc, 0xfe, 'a', 'b', 'c') }, true},
		{"stored cut short", func(w *bitWriter) { w.bits(1, 3).bytes(); w.b = append(w.b, 30, 0, 0xe1, 0xff, 'a', 'b', 'c') }, true},
		{"stored cut in the tail", func(w *bitWriter) { w.bits(1, 3).bytes(); w.b = append(w.b, 5, 0, 0xfa, 0xff, 'a') }, false},
		{"cut inside a fixed block", func(w *bitWriter) { w.bits(0, 1).bits(1, 2).code(0x30+'h', 8) }, true},
		{"fixed literal 286", func(w *bitWriter) { w.bits(1, 1).bits(1, 2).code(0xc0+6, 8) }, true},
		{"fixed distance 30", func(w *bitWriter) {
			w.bits(1, 1).bits(1, 2).code(0x30+'h', 8).code(1, 7).code(30, 5)
		}, true},
		{"fixed distance beyond the start", func(w *bitWriter) {
			w.bits(1, 1).bits(1, 2).code(0x30+'h', 8).code(1, 7).code(1, 5).bits(0, 0)
		}, true},
		{"fixed overlapping match", func(w *bitWriter) {
			w.bits(1, 1).bits(1, 2).code(0x30+'h', 8).code(0x30+'o', 8).code(0xc0+5, 8).code(1, 5).code(0, 7)
		}, false},
		{"too many literal codes", func(w *bitWriter) { w.bits(1, 1).bits(2, 2).bits(30, 5).bits(0, 5).bits(15, 4) }, true},
		{"too many distance codes", func(w *bitWriter) { w.bits(1, 1).bits(2, 2).bits(0, 5).bits(30, 5).bits(15, 4) }, true},
		{"one-bit distance code", func(w *bitWriter) {
			lit, dist := w.dynamicBlock(true, lengths(258, map[int]uint8{'a': 1, 256: 2, 257: 2}), []uint8{1})
			w.code(lit['a'], 1).code(lit[257], 2).code(dist[0], 1).code(lit[256], 2)
		}, false},
		{"unused bit of a one-bit distance code", func(w *bitWriter) {
			lit, dist := w.dynamicBlock(true, lengths(258, map[int]uint8{'a': 1, 256: 2, 257: 2}), []uint8{1})
			w.code(lit['a'], 1).code(lit[257], 2).code(dist[0]+1, 1).code(lit[256], 2)
		}, true},
		{"one-bit literal code of the end of block", func(w *bitWriter) {
			lit, _ := w.dynamicBlock(true, lengths(257, map[int]uint8{256: 1}), []uint8{0})
			w.code(lit[256], 1)
		}, false},
		{"one-bit literal code without end of block", func(w *bitWriter) {
			lit, _ := w.dynamicBlock(true, lengths(257, map[int]uint8{'x': 1}), []uint8{0})
			w.code(lit['x'], 1).code(lit['x'], 1)
		}, true},
		{"empty distance code without matches", func(w *bitWriter) {
			lit, _ := w.dynamicBlock(true, lengths(258, map[int]uint8{'a': 1, 256: 2, 257: 2}), []uint8{0})
			w.code(lit['a'], 1).code(lit[256], 2)
		}, false},
		{"empty distance code with a match", func(w *bitWriter) {
			lit, _ := w.dynamicBlock(true, lengths(258, map[int]uint8{'a': 1, 256: 2, 257: 2}), []uint8{0})
			w.code(lit['a'], 1).code(lit[257], 2).bits(0, 5).code(lit[256], 2)
		}, true},
		{"empty literal code", func(w *bitWriter) { w.dynamicBlock(true, make([]uint8, 257), []uint8{1}) }, true},
		{"over-subscribed literal code", func(w *bitWriter) {
			w.dynamicBlock(true, lengths(258, map[int]uint8{'a': 1, 256: 1, 257: 1}), []uint8{1})
		}, true},
		{"incomplete literal code", func(w *bitWriter) {
			lit, dist := w.dynamicBlock(true, lengths(258, map[int]uint8{'a': 1, 256: 2}), []uint8{1})
			w.code(lit['a'], 1).code(lit[256], 2).code(dist[0], 1)
		}, true},
		{"incomplete distance code", func(w *bitWriter) {
			lit, _ := w.dynamicBlock(true, lengths(258, map[int]uint8{'a': 1, 256: 2, 257: 2}), []uint8{1, 2})
			w.code(lit[256], 2)
		}, true},
		{"incomplete one-bit code of 2 bits", func(w *bitWriter) {
			lit, _ := w.dynamicBlock(true, lengths(258, map[int]uint8{'a': 1, 256: 2, 257: 2}), []uint8{2})
			w.code(lit[256], 2)
		}, true},
		{"codes of 1 to 15 bits", func(w *bitWriter) {
			lit, _ := w.dynamicBlock(true, lengths(257, long), []uint8{0})
			for sym := 'a'; sym < 'a'+14; sym++ {
				w.code(lit[sym], uint(long[int(sym)])).code(lit['z'], 15)
			}
			w.code(lit[256], 15)
		}, false},
		{"codes of 1 to 15 bits, cut: the tail is data", func(w *bitWriter) {
			lit, _ := w.dynamicBlock(false, lengths(257, long), []uint8{0})
			w.code(lit['a'], 1).code(lit['b'], 2).code(lit['c'], 3).code(lit['z'], 15)
		}, false},
		// The tail ends in 16 one bits. With codes where 'a' is 0 and all
		// ones is the given symbol, the input runs out in the middle of:
		{"tail ends inside a literal code", func(w *bitWriter) {
			w.dynamicBlock(false, lengths(257, chain(12, 'z')), []uint8{0})
		}, true},
		{"tail ends before a distance code", func(w *bitWriter) {
			w.dynamicBlock(false, lengths(278, chain(12, 277)), []uint8{1, 1})
		}, true},
		{"tail ends inside length extra bits", func(w *bitWriter) {
			w.dynamicBlock(false, lengths(282, chain(12, 281)), []uint8{1, 1})
		}, true},
		{"tail ends inside distance extra bits", func(w *bitWriter) {
			w.dynamicBlock(false, lengths(258, chain(11, 257)), lengths(13, map[int]uint8{0: 1, 12: 1}))
			w.bits(0, 100) // 'a' * 100: the first distance in the tail is 96
		}, true},
		{"repeat without a previous length", func(w *bitWriter) {
			w.bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4)
			w.bits(1, 3).bits(0, 3).bits(0, 3).bits(1, 3) // 16 and 0: one bit each
			w.bits(1, 1).bits(0, 2)                       // 16 first
		}, true},
		{"repeat beyond the codes", func(w *bitWriter) {
			w.bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4)
			w.bits(0, 3).bits(0, 3).bits(1, 3).bits(1, 3) // 18 and 0: one bit each
			w.bits(1, 1).bits(127, 7).bits(1, 1).bits(127, 7)
		}, true},
		{"empty code length code", func(w *bitWriter) {
			w.bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4).bits(0, 12)
		}, true},
		{"one-bit code length code", func(w *bitWriter) {
			// Only 18 has a code: 258 zero lengths, an empty literal code.
			w.bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4).bits(0, 6).bits(1, 3).bits(0, 3)
			w.bits(0, 1).bits(127, 7).bits(0, 1).bits(109, 7)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &bitWriter{}
			tt.stream(w)
			p := w.bytes()
			_, _, err := newInflater(false, nil).inflate(p, 1<<20)
			assert.Equal(t, tt.wantErr, err != nil, "err = %v", err)
			for _, takeover := range []bool{false, true} {
				for _, limit := range []int64{0, 1, 5, 1 << 20} {
					compareInflate(t, takeover, limit, p, p)
				}
			}
		})
	}
}

// TestInflateWindow checks back-references into the window: across the
// ring's wrap point (7232 bytes back after 40000 bytes), to its oldest byte,
// one byte beyond the history, and continuing into the message.
func TestInflateWindow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	first := testData(r, dataRandom, 20000)
	second := testData(r, dataRandom, 20000) // the ring wraps inside it
	match := func(length, dist int) []byte {
		// A fixed block with one match (length < 11, or 258).
		w := &bitWriter{}
		w.bits(1, 1).bits(1, 2)
		switch {
		case length == 258:
			w.code(0xc0+5, 8)
		default:
			w.code(uint16(length-2), 7)
		}
		code := dist - 1
		if v := dist - 1; v >= 4 {
			hb := bits.Len(uint(v)) - 1
			code = 2*hb + v>>(hb-1)&1
		}
		w.code(uint16(code), 5).bits(uint64(dist-int(distBase[code])), uint(distExtra[code]))
		w.code(0, 7)
		return w.bytes()
	}
	for _, tt := range []struct{ length, dist, history int }{
		{258, 1, 2}, {3, 1, 2}, {10, 32768, 2}, {258, 32768, 2}, {258, 20100, 2}, {258, 20000, 2},
		{258, 19990, 2}, {258, 129, 2}, {258, 300, 2}, {3, 24577, 2}, {5, 8193, 2},
		{258, 7232 + 100, 2}, {258, 7232 + 258, 2}, {258, 7232 + 257, 2}, {258, 7232, 2},
		{258, 20000, 1}, {258, 19999, 1}, {3, 20001, 1}, {3, 32768, 1}, {3, 1, 0},
	} {
		t.Run(fmt.Sprintf("%d,%d,%d", tt.length, tt.dist, tt.history), func(t *testing.T) {
			p := match(tt.length, tt.dist)
			f := newInflater(true, nil)
			var all []byte
			var stream [][]byte
			for _, m := range [][]byte{first, second}[:tt.history] {
				c := (&deflater{level: 0}).compress(t, m)
				_, _, err := f.inflate(c, 1<<20)
				require.NoError(t, err)
				all = append(all, m...)
				stream = append(stream, c)
			}
			out, _, err := f.inflate(p, 1<<20)
			if tt.dist > len(all) {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
				want := make([]byte, tt.length)
				for i := range want {
					k := len(all) - tt.dist + i
					if k >= len(all) {
						want[i] = want[k-len(all)]
					} else {
						want[i] = all[k]
					}
				}
				require.Equal(t, want, out)
			}
			compareInflate(t, true, 1<<20, append(stream, p, p)...)
		})
	}
}

// TestBuildTable decodes every symbol of random complete codes, up to 15
// bits long, through the tables buildTable makes.
func TestBuildTable(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	// The most subtables a literal/length code can need: 47 chains of 11
	// to 15 bits, each a subtable of 32 entries, and 6 shorter codes.
	worst := []uint8{1, 2, 3, 4, 6, 10}
	for range 47 {
		worst = append(worst, 11, 12, 13, 14, 15, 15)
	}
	for iter := range 2001 {
		nsym := []int{2, 19, 30, 286, 288}[iter%5]
		// Split random leaves of a complete code until there are nsym.
		lens := []uint8{1, 1}
		for len(lens) < nsym {
			i := r.IntN(len(lens))
			if lens[i] == 15 {
				continue
			}
			lens[i]++
			lens = append(lens, lens[i])
		}
		if iter == 2000 {
			lens = worst
		}
		r.Shuffle(len(lens), func(i, j int) { lens[i], lens[j] = lens[j], lens[i] })
		table := make([]uint32, litTableSize)
		rootBits := litRootBits
		if nsym <= maxDistCodes && iter%2 == 0 {
			table, rootBits = table[:distTableSize], distRootBits
		}
		minLen, ok := buildTable(table, rootBits, lens, codeLenAlphabet)
		require.True(t, ok)
		assert.Equal(t, int(slices.Min(lens)), minLen)
		for sym, c := range canonicalCodes(lens) {
			n := uint(lens[sym])
			in := uint32(bits.Reverse16(c)>>(16-n)) | uint32(r.Uint32())<<n
			e := table[in&(1<<rootBits-1)]
			if e&kindLink != 0 {
				e = table[e>>16+in>>rootBits&(1<<(e>>4&15)-1)]
			}
			require.Equal(t, uint32(sym)<<16|uint32(n), e, "symbol %d of lengths %v", sym, lens)
		}
	}
}

// FuzzInflate inflates two messages with the new and the reference
// inflater, with or without context takeover and with a small cap (or a
// large one when limit > 0xf000), and requires the same results.
func FuzzInflate(f *testing.F) {
	for _, level := range testLevels {
		for _, takeover := range []bool{false, true} {
			for _, kind := range []string{dataText, dataRandom, dataSkewed} {
				msgs := testMessages(f, level, takeover, kind, []int{0, 1, 100, 4 << 10})
				for i := 1; i < min(len(msgs), 8); i++ {
					f.Add(msgs[i-1].compressed, msgs[i].compressed, takeover, uint16(0xffff))
					f.Add(msgs[i-1].compressed, msgs[i].compressed, takeover, uint16(len(msgs[i-1].plain)/2))
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, first, second []byte, takeover bool, limit uint16) {
		lim := int64(limit)
		if limit > 0xf000 {
			lim = 4 << 20
		}
		compareInflate(t, takeover, lim, first, second)
	})
}

// BenchmarkInflateTakeover inflates a stream of messages with context
// takeover, with the new and the reference inflater, straight (no
// Assembler, and so no output buffer given back to the collector).
func BenchmarkInflateTakeover(b *testing.B) {
	for _, size := range []int{256, 16 << 10, 1 << 20} {
		d := &deflater{level: flate.BestCompression, takeover: true}
		var msgs [][]byte
		n := 64
		if size >= 1<<20 {
			n = 4 // compress/flate takes a while for those
		}
		for i := range n {
			msgs = append(msgs, d.compress(b, benchText(size + i)[i:]))
		}
		for _, impl := range []string{"new", "ref"} {
			b.Run(fmt.Sprintf("%s/%d", impl, size), func(b *testing.B) {
				inflate := newInflater(true, nil).inflate
				if impl == "ref" {
					inflate = newRefInflater(true).inflate
				}
				b.SetBytes(int64(size))
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if _, _, err := inflate(msgs[i%len(msgs)], 8<<20); err != nil {
						b.Fatal(err)
					}
					// Message 0 refers to nothing before it, so the stream
					// can start over without forgetting the window.
					i++
				}
			})
		}
	}
}
