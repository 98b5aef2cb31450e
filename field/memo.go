package field

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// Recall returns the text a builder remembered for f and key (Remember),
// and true; false when the tree has none. Builders remember the texts a
// few bytes alone make and a run of packets repeats, as the label of a
// pair of addresses ("Internet Protocol Version 6, Src: fd00::2, Dst:
// fd00::1"), to format them once for all the packets between two hosts.
// The text stays valid until the next Remember; the tree keeps a few dozen
// across Reset.
func (t *Tree) Recall(f *Field, key []byte) ([]byte, bool) {
	if t.memo == nil || len(key) > maxMemoKey {
		return nil, false
	}
	m := &t.memo[memoSlot(f, key)]
	if m.f != f || int(m.klen) != len(key) || string(m.key[:m.klen]) != string(key) {
		return nil, false
	}
	return m.text[:m.n], true
}

// Remember keeps text as what f and key make, for Recall. A key of more
// than 32 bytes or a text of more than 128 is not kept.
func (t *Tree) Remember(f *Field, key, text []byte) {
	if len(key) > maxMemoKey || len(text) > maxMemoText {
		return
	}
	if t.memo == nil {
		t.memo = new([memoSlots]memoText)
	}
	m := &t.memo[memoSlot(f, key)]
	m.f, m.klen, m.n = f, uint8(copy(m.key[:], key)), uint8(copy(m.text[:], text))
}

// The bounds of a remembered text and its key, and how many a tree keeps:
// a capture's packets go between a few pairs of hosts at a time.
const (
	maxMemoKey  = 32 // two IPv6 addresses
	maxMemoText = 128
	memoBits    = 5
	memoSlots   = 1 << memoBits
)

// memoText is a remembered text and what makes it.
type memoText struct {
	f    *Field
	klen uint8
	n    uint8
	key  [maxMemoKey]byte
	text [maxMemoText]byte
}

// memoSlot spreads f and key over the slots: a multiply of the field and
// the key's first and last words, which tell addresses apart.
func memoSlot(f *Field, key []byte) int {
	h := uint64(uintptr(unsafe.Pointer(f))) ^ uint64(len(key))
	if len(key) >= 8 {
		h ^= binary.LittleEndian.Uint64(key) ^ bits.RotateLeft64(binary.LittleEndian.Uint64(key[len(key)-8:]), 1)
	} else {
		h ^= dataWord(key)
	}
	return int(h * 0x9e3779b97f4a7c15 >> (64 - memoBits))
}
