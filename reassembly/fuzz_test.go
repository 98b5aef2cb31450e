package reassembly_test

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/reassembly"
)

// FuzzStream feeds random segments of a known byte stream, with random
// sequence numbers, retransmissions, overlaps, wrong bytes and holes, and
// checks that the Stream never panics, never holds more than its cap, and
// that every byte it makes readable is the right byte at the right place:
// each position is delivered once or reported (Dropped, Gap, Skipped).
func FuzzStream(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 10, 0, 10, 10, 10, 20, 5, 3, 0, 20, 2})
	f.Add([]byte{0xff, 0xff, 0xff, 0xf0, 64, 0, 30, 40, 30, 0, 30, 7, 90, 30, 1})
	f.Add([]byte{1, 2, 3, 4, 200, 50, 60, 0, 50, 100, 200, 30, 255, 255, 255})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) < 5 {
			return
		}
		isn := binary.BigEndian.Uint32(ops)
		maxBuf := 16 + int(ops[4])
		ops = ops[5:]
		truth := make([]byte, 4096)
		for i := range truth {
			truth[i] = byte(i*7 + i>>8)
		}
		budget := &reassembly.Budget{Max: 3 * maxBuf / 2}
		s := reassembly.NewStream(reassembly.Config{MaxBufferedBytes: maxBuf, Budget: budget})
		s.Add(isn, nil, 0, reassembly.SYN)
		pos := 0 // offset in truth of the first readable byte
		check := func() {
			b := s.Bytes()
			if pos+len(b) > len(truth) {
				t.Fatalf("readable bytes past the end: pos %d len %d", pos, len(b))
			}
			if !bytes.Equal(b, truth[pos:pos+len(b)]) {
				t.Fatalf("wrong bytes at %d: %x, want %x", pos, b, truth[pos:pos+len(b)])
			}
			if s.Buffered() > maxBuf || budget.Used() > budget.Max {
				t.Fatalf("cap exceeded: %d > %d or %d > %d", s.Buffered(), maxBuf, budget.Used(), budget.Max)
			}
			if budget.Used() != s.Buffered() {
				t.Fatalf("budget charged %d, stream holds %d", budget.Used(), s.Buffered())
			}
		}
		var frame uint64
		for len(ops) >= 3 {
			op, a, n := ops[0], int(ops[1]), int(ops[2])
			ops = ops[3:]
			switch op % 8 {
			case 0, 1, 2, 3: // a segment of the true stream
				off := (a * 16) % len(truth)
				end := min(off+n, len(truth))
				frame++
				r := s.Add(isn+1+uint32(off), truth[off:end], frame, 0)
				if r.Conflict {
					t.Fatalf("conflict reported for true bytes")
				}
				pos += r.Dropped
			case 4: // a segment with wrong bytes: where new, they are "true"
				// only if they match; use bytes that conflict with truth and
				// send them only where they overlap delivered data.
				off := pos - (a % 8)
				if off < 0 || n == 0 {
					continue
				}
				wrong := make([]byte, min(n%8+1, pos-off))
				if len(wrong) == 0 {
					continue
				}
				for i := range wrong {
					wrong[i] = ^truth[off+i]
				}
				frame++
				r := s.Add(isn+1+uint32(off), wrong, frame, 0)
				if r.Delivered != 0 {
					t.Fatalf("old bytes delivered again")
				}
			case 5:
				p := s.Consume(n)
				if p.Length > 0 && len(p.Frames) == 0 {
					t.Fatalf("PDU of %d bytes without frames", p.Length)
				}
				pos += p.Length
			case 6:
				r := s.Skip(n)
				pos += r.Skipped + r.Gap
			case 7:
				r := s.Flush()
				pos += r.Dropped + r.Gap
			}
			check()
		}
	})
}

// FuzzElide checks that Elide changes nothing but what the stream stores:
// a consumer of length-prefixed records (2-byte length, payload) that
// elides every payload it waits for gets the same PDUs, Pending results,
// counts and header bytes as one that does not, whatever the segments
// (in order, out of order, retransmitted, overlapping, after holes that
// Flush or Skip jump). A third, eliding consumer under tight caps checks
// that the bytes it reads are right and the caps hold.
func FuzzElide(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 7, 9, 0, 200, 4, 1, 100, 3, 0, 5, 20, 1, 1, 250, 2, 9, 9, 0, 60, 60, 6, 0, 0})
	f.Add([]byte{0xff, 0xff, 0xf0, 0, 3, 4, 3, 40, 9, 0, 255, 7, 1, 255, 7, 4, 30, 2, 5, 6, 0, 2, 255, 255, 7, 3, 3})
	f.Add([]byte{0x7f, 0xff, 0xff, 0xfe, 1, 1, 5, 2, 0, 0, 90, 1, 3, 3, 8, 6, 0, 0, 0, 200, 7, 4, 5, 5})
	f.Fuzz(func(t *testing.T, in []byte) { checkElide(t, in) })
}

// checkElide runs one FuzzElide input; see FuzzElide.
func checkElide(t testing.TB, in []byte) {
	if len(in) < 6 {
		return
	}
	isn := binary.BigEndian.Uint32(in)
	truth, starts := records(uint64(in[4])<<8 | uint64(in[5]))
	ops := in[6:]
	budget := &reassembly.Budget{}
	tight := 64 + 8*int(in[5])
	cs := [3]*recordConsumer{
		{s: reassembly.NewStream(reassembly.Config{})},
		{s: reassembly.NewStream(reassembly.Config{Budget: budget}), elide: true},
		{s: reassembly.NewStream(reassembly.Config{MaxBufferedBytes: tight, Budget: &reassembly.Budget{Max: tight * 3 / 2}}), elide: true},
	}
	for _, c := range cs {
		c.truth, c.starts, c.synced = truth, starts, true
		c.s.Add(isn, nil, 0, reassembly.SYN)
	}
	var frame uint64
	sent := 0 // the main line: every byte before it was sent once, or left as a hole
	addAll := func(off, end int) {
		end = min(end, len(truth))
		if off < 0 || off >= end {
			return
		}
		frame++
		for _, c := range cs {
			r := c.s.Add(isn+1+uint32(off), truth[off:end], frame, 0)
			c.log = append(c.log, r)
			c.loss(r.Dropped)
		}
	}
	step := func() {
		for _, c := range cs {
			c.drain()
		}
		ref, el := cs[0], cs[1]
		if !assert.Equal(t, ref.log, el.log) {
			t.FailNow()
		}
		require.Equal(t, ref.s.Readable(), el.s.Readable())
		require.Equal(t, ref.s.Hole(), el.s.Hole())
		f0, ok0 := ref.s.Pending()
		f1, ok1 := el.s.Pending()
		require.Equal(t, [2]any{f0, ok0}, [2]any{f1, ok1}, "Pending")
		require.LessOrEqual(t, el.s.Buffered(), ref.s.Buffered())
		require.Equal(t, el.s.Buffered(), budget.Used())
		require.Equal(t, string(truth[ref.pos:ref.pos+len(ref.s.Bytes())]), string(ref.s.Bytes()))
		for _, c := range cs[1:] {
			c.checkBytes(t)
		}
		require.LessOrEqual(t, cs[2].s.Buffered(), tight)
		for _, c := range cs {
			c.log = c.log[:0]
		}
	}
	for ; len(ops) >= 3; ops = ops[3:] {
		op, a, b := ops[0], int(ops[1]), int(ops[2])
		n := 1 + (a|b<<8)%1600
		switch op % 8 {
		case 0, 1, 2: // the next segment
			addAll(sent, sent+n)
			sent = min(sent+n, len(truth))
		case 3: // a segment after a hole
			addAll(sent+1+8*a, sent+1+8*a+1+8*b)
		case 4: // a retransmission, maybe longer than the original
			off := sent - 8*a
			addAll(off, off+1+8*b)
			sent = max(sent, min(off+1+8*b, len(truth)))
		case 5: // a hole, maybe filled by a retransmission later
			sent = min(sent+1+4*a, len(truth))
		case 6:
			for _, c := range cs {
				r := c.s.Flush()
				c.log = append(c.log, r)
				c.loss(r.Dropped + r.Gap)
			}
		case 7:
			for _, c := range cs {
				r := c.s.Skip(b)
				if len(r.Frames) == 0 {
					r.Frames = nil
				}
				r.Frames = slices.Clone(r.Frames)
				c.log = append(c.log, r)
				c.loss(r.Skipped + r.Gap)
			}
		}
		step()
	}
	// The end of the capture: flush every hole.
	for range 100 {
		for _, c := range cs {
			r := c.s.Flush()
			c.log = append(c.log, r)
			c.loss(r.Dropped + r.Gap)
		}
		step()
		if cs[0].s.Hole() == 0 && cs[2].s.Hole() == 0 {
			break
		}
	}
}

// records returns a stream of length-prefixed records, made from seed, and
// the offsets where records start.
func records(seed uint64) ([]byte, map[int]bool) {
	rng := rand.New(rand.NewPCG(seed, 7))
	var truth []byte
	starts := map[int]bool{}
	for len(truth) < 24<<10 {
		n := rng.IntN(40)
		if rng.IntN(3) == 0 {
			n = 100 + rng.IntN(6000)
		}
		starts[len(truth)] = true
		truth = binary.BigEndian.AppendUint16(truth, uint16(n))
		for range n {
			truth = append(truth, byte(len(truth)*7+len(truth)>>8))
		}
	}
	starts[len(truth)] = true
	return truth, starts
}

// recordConsumer parses records off a Stream; elide makes it elide the
// payload of every record it waits for. After a loss it passes over the
// readable bytes as one PDU each time until it stands at a record start
// again.
type recordConsumer struct {
	s      *reassembly.Stream
	elide  bool
	truth  []byte
	starts map[int]bool
	pos    int  // offset in truth of the first readable byte
	synced bool // pos is known to be a record start
	log    []any
}

// header is what a recordConsumer read of a record's header.
type header [2]byte

func (c *recordConsumer) loss(n int) {
	if n > 0 {
		c.pos += n
		c.synced = false
	}
}

func (c *recordConsumer) drain() {
	for {
		if !c.synced && c.starts[c.pos] {
			c.synced = true
		}
		if !c.synced {
			n := c.s.Readable()
			if n == 0 {
				return
			}
			c.consume(n)
			continue
		}
		b := c.s.Bytes()
		if len(b) < 2 {
			return
		}
		c.log = append(c.log, header(b[:2]))
		total := 2 + int(binary.BigEndian.Uint16(b))
		if c.s.Readable() < total {
			if c.elide {
				c.s.Elide(2, total)
			}
			return
		}
		c.consume(total)
	}
}

func (c *recordConsumer) consume(n int) {
	p := c.s.Consume(n)
	p.Frames = slices.Clone(p.Frames)
	c.log = append(c.log, p)
	c.pos += p.Length
}

// checkBytes checks that Bytes are the readable bytes of truth with one
// range cut out: before it the first ones, after it the last ones.
func (c *recordConsumer) checkBytes(t testing.TB) {
	b, n := c.s.Bytes(), c.s.Readable()
	require.LessOrEqual(t, c.pos+n, len(c.truth))
	want := c.truth[c.pos : c.pos+n]
	i := 0
	for i < len(b) && b[i] == want[i] {
		i++
	}
	if !bytes.Equal(b[i:], want[n-(len(b)-i):]) {
		t.Fatalf("Bytes %x are not %x with one range cut out", b, want)
	}
	if c.synced && len(b) > 0 {
		require.Equal(t, c.truth[c.pos], b[0], "a record starts Bytes")
	}
}
