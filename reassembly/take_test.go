package reassembly

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lender is a Buffers that counts what it lends and takes back.
type lender struct {
	got, put int
	kept     [][]byte
}

func (l *lender) Get(n int) []byte {
	l.got++
	if k := len(l.kept); k > 0 && cap(l.kept[k-1]) >= n {
		b := l.kept[k-1]
		l.kept = l.kept[:k-1]
		return b[:0]
	}
	return make([]byte, 0, n)
}

func (l *lender) Put(b []byte) { l.put++; l.kept = append(l.kept, b) }

// TestTakeHandsTheBufferOver: a large PDU reserved at its size and taken
// stays whole in the buffer handed over while the stream goes on with the
// bytes after it in a buffer of its own.
func TestTakeHandsTheBufferOver(t *testing.T) {
	l := &lender{}
	b := &Budget{Buffers: l}
	s := NewStream(Config{Budget: b})
	pdu := bytes.Repeat([]byte("0123456789abcdef"), 10000) // 160,000 bytes
	s.Add(1, pdu[:1000], 1, 0)
	s.Reserve(len(pdu))
	assert.Equal(t, 1, l.got, "reserved from Buffers")
	reserved := cap(s.buf)
	assert.GreaterOrEqual(t, reserved, len(pdu))
	tail := []byte("next PDU")
	for i, off := 2, 1000; off < len(pdu); i, off = i+1, off+1448 {
		seg := pdu[off:min(off+1448, len(pdu))]
		if off+1448 >= len(pdu) {
			seg = append(append([]byte(nil), seg...), tail...)
		}
		s.Add(1+uint32(off), seg, uint64(i), 0)
	}
	assert.Equal(t, reserved, cap(s.buf), "no growth after Reserve: the room holds the next PDU's start too")
	data := s.Bytes()[:len(pdu)]
	got, own := s.Take(len(pdu))
	require.NotNil(t, own)
	assert.Equal(t, len(pdu), got.Length)
	assert.Equal(t, reserved, cap(own))
	assert.Equal(t, pdu, data, "the bytes stay in the buffer handed over")
	assert.Equal(t, tail, s.Bytes(), "the stream kept what follows")
	s.Add(1+uint32(len(pdu)+len(tail)), bytes.Repeat([]byte{'x'}, 2000), 500, 0)
	assert.Equal(t, pdu, data, "and the stream's next bytes go elsewhere")
	assert.Equal(t, 1, l.got)
}

// TestTakeSmallIsConsume: a small PDU, or one that fills little of a large
// buffer, is consumed as usual.
func TestTakeSmallIsConsume(t *testing.T) {
	s := NewStream(Config{})
	s.Add(1, make([]byte, 100), 1, 0)
	pdu, own := s.Take(100)
	assert.Nil(t, own)
	assert.Equal(t, 100, pdu.Length)

	s.Reserve(1 << 20)
	s.Add(101, make([]byte, 20<<10), 2, 0)
	pdu, own = s.Take(20 << 10)
	assert.Nil(t, own, "a PDU that fills a fiftieth of the buffer")
	assert.Equal(t, 20<<10, pdu.Length)
}
