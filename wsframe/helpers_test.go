package wsframe

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"
)

// unhex decodes a hex literal of a test table.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// frame describes a frame to encode with appendFrame.
type frame struct {
	fin     bool
	rsv     uint8
	op      Opcode
	masked  bool
	key     [4]byte
	payload []byte
}

// appendFrame encodes f (shortest length form, payload masked when f.masked)
// and appends it to dst.
func appendFrame(dst []byte, f frame) []byte {
	b0 := f.rsv<<4 | uint8(f.op)
	if f.fin {
		b0 |= 0x80
	}
	var b1 uint8
	if f.masked {
		b1 = 0x80
	}
	n := len(f.payload)
	switch {
	case n < 126:
		dst = append(dst, b0, b1|uint8(n))
	case n <= 0xffff:
		dst = append(dst, b0, b1|126)
		dst = binary.BigEndian.AppendUint16(dst, uint16(n))
	default:
		dst = append(dst, b0, b1|127)
		dst = binary.BigEndian.AppendUint64(dst, uint64(n))
	}
	if f.masked {
		dst = append(dst, f.key[:]...)
	}
	start := len(dst)
	dst = append(dst, f.payload...)
	if f.masked {
		Mask(f.key, 0, dst[start:])
	}
	return dst
}

// deflater compresses messages as a permessage-deflate peer does, at a
// compress/flate level: sync flush after each message, 00 00 ff ff
// stripped; with takeover one writer carries its window across messages,
// without a fresh writer compresses each message.
type deflater struct {
	level    int
	takeover bool
	buf      bytes.Buffer
	w        *flate.Writer
}

// compress returns msg compressed as the next message of the direction.
func (d *deflater) compress(t testing.TB, msg []byte) []byte {
	t.Helper()
	if d.w == nil || !d.takeover {
		w, err := flate.NewWriter(&d.buf, d.level)
		require.NoError(t, err)
		d.w = w
	}
	d.buf.Reset()
	_, err := d.w.Write(msg)
	require.NoError(t, err)
	require.NoError(t, d.w.Flush())
	out := bytes.Clone(d.buf.Bytes())
	require.True(t, bytes.HasSuffix(out, []byte{0, 0, 0xff, 0xff}))
	return out[:len(out)-4]
}
