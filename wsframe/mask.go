package wsframe

import (
	"encoding/binary"
	"math/bits"
)

// Mask XORs b in place with the masking key, starting at key position pos
// (0..3; taken modulo 4), and returns the key position for the byte after b,
// so a payload delivered in pieces unmasks correctly:
//
//	pos := 0
//	for _, piece := range pieces {
//		pos = wsframe.Mask(h.Key, pos, piece)
//	}
//
// Masking and unmasking are the same operation. Mask works eight bytes at a
// time, has no length limit (Wireshark stops at 256 KiB) and does not allocate.
func Mask(key [4]byte, pos int, b []byte) int {
	pos &= 3
	// The key rotated so that its first byte lines up with b[0], repeated to
	// 64 bits. Eight is a multiple of four, so the alignment holds for every
	// eight-byte step.
	k32 := bits.RotateLeft32(binary.LittleEndian.Uint32(key[:]), -8*pos)
	k64 := uint64(k32) | uint64(k32)<<32
	i := 0
	for ; len(b)-i >= 32; i += 32 {
		w := b[i : i+32 : i+32]
		binary.LittleEndian.PutUint64(w[0:], binary.LittleEndian.Uint64(w[0:])^k64)
		binary.LittleEndian.PutUint64(w[8:], binary.LittleEndian.Uint64(w[8:])^k64)
		binary.LittleEndian.PutUint64(w[16:], binary.LittleEndian.Uint64(w[16:])^k64)
		binary.LittleEndian.PutUint64(w[24:], binary.LittleEndian.Uint64(w[24:])^k64)
	}
	for ; len(b)-i >= 8; i += 8 {
		w := b[i : i+8 : i+8]
		binary.LittleEndian.PutUint64(w, binary.LittleEndian.Uint64(w)^k64)
	}
	for ; i < len(b); i++ {
		b[i] ^= byte(k32)
		k32 = bits.RotateLeft32(k32, -8)
	}
	return (pos + len(b)) & 3
}
