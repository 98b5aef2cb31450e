package reassembly_test

import (
	"bytes"
	"encoding/binary"
	"testing"

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
