package reassembly_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/reassembly"
)

// FuzzLend checks that Lend is Add but for the copy: a stream fed with
// Lend (settled at random points) gives the same results, bytes, PDUs and
// counts as one fed with Add, whatever the segments and the calls between
// them (Consume, Elide, Skip, Flush, Reserve, Take), never writes to a
// payload lent to it, and keeps nothing of one once settled.
func FuzzLend(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 10, 0, 10, 10, 10, 20, 5, 3, 0, 20, 2, 9, 1, 1})
	f.Add([]byte{0xff, 0xff, 0xff, 0xf0, 64, 0, 30, 40, 30, 0, 30, 7, 90, 30, 1, 8, 4, 4, 10, 2, 9})
	f.Add([]byte{1, 2, 3, 4, 200, 0, 0, 50, 5, 0, 20, 11, 3, 60, 0, 3, 50, 5, 0, 5, 9, 0, 0, 200, 5, 0, 200})
	f.Fuzz(func(t *testing.T, ops []byte) { checkLend(t, ops) })
}

// TestLendCorpus runs FuzzLend's seeds and a few more without the fuzzer.
func TestLendCorpus(t *testing.T) {
	for _, in := range [][]byte{
		{0, 0, 0, 0, 10, 0, 10, 10, 10, 20, 5, 3, 0, 20, 2, 9, 1, 1},
		{1, 2, 3, 4, 200, 0, 0, 50, 5, 0, 20, 11, 3, 60, 0, 3, 50, 5, 0, 5, 9, 0, 0, 200, 5, 0, 200},
		{0, 0, 0, 9, 255, 0, 0, 100, 8, 0, 4, 9, 0, 0, 0, 6, 100, 5, 0, 60, 10, 30, 0, 7, 0, 0, 0, 7, 5},
		{0, 0, 0, 9, 0, 0, 0, 100, 3, 1, 40, 0, 0, 100, 12, 0, 0, 5, 0, 255, 9, 0, 0},
	} {
		checkLend(t, in)
	}
}

func checkLend(t testing.TB, ops []byte) {
	if len(ops) < 5 {
		return
	}
	isn := binary.BigEndian.Uint32(ops)
	maxBuf := 64 + 16*int(ops[4])
	ops = ops[5:]
	truth := make([]byte, 8192)
	for i := range truth {
		truth[i] = byte(i*7 + i>>8)
	}
	cfg := func() reassembly.Config {
		return reassembly.Config{MaxBufferedBytes: maxBuf, Budget: &reassembly.Budget{Max: 3 * maxBuf / 2}}
	}
	add, lend := reassembly.NewStream(cfg()), reassembly.NewStream(cfg())
	add.Add(isn, nil, 0, reassembly.SYN)
	lend.Add(isn, nil, 0, reassembly.SYN)
	// lent is the payload lent and not settled yet, and its bytes as lent
	var lent, was []byte
	settle := func() {
		lend.Settle()
		if lent != nil {
			require.Equal(t, was, lent, "a lent payload was written to")
			for i := range lent {
				lent[i] ^= 0xff // nothing may read it any more
			}
		}
		lent, was = nil, nil
	}
	same := func(what string) {
		require.Equal(t, string(add.Bytes()), string(lend.Bytes()), what)
		require.Equal(t, add.Readable(), lend.Readable(), what)
		require.Equal(t, add.Buffered(), lend.Buffered(), what)
		f1, ok1 := add.Pending()
		f2, ok2 := lend.Pending()
		require.Equal(t, [2]any{f1, ok1}, [2]any{f2, ok2}, what)
		require.Equal(t, add.Hole(), lend.Hole(), what)
		if lent != nil {
			require.Equal(t, was, lent, "a lent payload was written to")
		}
	}
	var frame uint64
	sent := 0 // the main line: bytes before it were sent once, or skipped as a hole
	for len(ops) >= 3 {
		op, a, n := ops[0], int(ops[1]), int(ops[2])
		ops = ops[3:]
		switch op % 12 {
		case 0, 1, 2, 3: // a segment of the true stream, mostly the next one
			off := (a * 16) % len(truth)
			if op%12 < 3 {
				off = sent
			}
			end := min(off+n, len(truth))
			frame++
			r1 := add.Add(isn+1+uint32(off), truth[off:end], frame, 0)
			settle()
			p := bytes.Clone(truth[off:end])
			r2 := lend.Lend(isn+1+uint32(off), p, frame, 0)
			lent, was = p, bytes.Clone(p)
			require.Equal(t, r1, r2, "segment %d-%d", off, end)
			sent = max(sent, end)
		case 4:
			p1, p2 := add.Consume(n), lend.Consume(n)
			require.Equal(t, p1, p2, "consume %d", n)
		case 5:
			add.Elide(a%16, a%16+n*4)
			lend.Elide(a%16, a%16+n*4)
		case 6:
			r1, r2 := add.Skip(n), lend.Skip(n)
			require.Equal(t, r1, r2, "skip %d", n)
		case 7:
			r1, r2 := add.Flush(), lend.Flush()
			require.Equal(t, r1, r2, "flush")
		case 8:
			settle()
		case 9:
			add.Reserve(n * 256)
			lend.Reserve(n * 256)
		case 10:
			p1, own1 := add.Take(n * 64)
			p2, own2 := lend.Take(n * 64)
			require.Equal(t, p1, p2, "take %d", n*64)
			assert.Equal(t, len(own1) == 0, len(own2) == 0 || own1 != nil)
		case 11:
			add.Reset(cfg())
			lend.Settle()
			lend.Reset(cfg())
			lent, was, sent = nil, nil, 0
			add.Add(isn, nil, 0, reassembly.SYN)
			lend.Add(isn, nil, 0, reassembly.SYN)
		}
		same("after op")
	}
	settle()
	same("settled")
}
