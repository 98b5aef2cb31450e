package tcp

import "net/netip"

// recentSlots is the size of a Table's cache of recent conversations.
const recentSlots = 1 << recentBits

// recentBits is log2(recentSlots): 1024 slots (8 KB) keep a few hundred
// open conversations mostly apart, where 256 made one packet in nine look
// its conversation up in the map.
const recentBits = 10

// recent is a direct-mapped cache in front of the table's map: the slot of
// a pair of endpoints is found from both, in either order, so the packets
// of a conversation's two directions find it without ordering the key
// (makeKey) or hashing it (the map). A slot is checked against the key and
// cleared when its conversation leaves the table.
type recent [recentSlots]*Conversation

// slot returns the slot of a pair of endpoints: the same for (src, dst)
// and (dst, src). The ports, which tell a host's connections apart, and
// the last bytes of the addresses are hashed.
func slot(src, dst netip.AddrPort) int {
	a, b := src.Addr(), dst.Addr()
	x := uint64(src.Port() ^ dst.Port())
	if a.Is4() && b.Is4() {
		// As16 of an IPv4 address costs twice what the rest of this does
		a4, b4 := a.As4(), b.As4()
		x |= uint64(a4[3]^b4[3])<<16 | uint64(a4[2]^b4[2])<<24
	} else {
		a16, b16 := a.As16(), b.As16()
		x |= uint64(a16[15]^b16[15])<<16 | uint64(a16[14]^b16[14])<<24
	}
	return int((x * 0x9e3779b97f4a7c15) >> (64 - recentBits))
}

// find returns the conversation of the endpoints when its slot holds it.
func (r *recent) find(i int, src, dst netip.AddrPort) *Conversation {
	c := r[i]
	if c == nil || !c.key.is(src, dst) {
		return nil
	}
	return c
}

// forget clears c's slot if it holds c.
func (r *recent) forget(c *Conversation) {
	if i := slot(c.key.a, c.key.b); r[i] == c {
		r[i] = nil
	}
}
