package tcp

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A pair of endpoints has one slot whichever way a packet goes, and an
// IPv4 address the slot of its IPv4-mapped IPv6 form: the IPv4 fast path
// hashes the same bytes.
func TestSlotOfAPair(t *testing.T) {
	for _, c := range [][2]string{
		{"10.201.0.2:52368", "10.201.0.1:8080"},
		{"[fd00:201::2]:42228", "[fd00:201::1]:8080"},
		{"192.168.7.9:1", "[::ffff:10.0.0.1]:2"},
	} {
		a, b := netip.MustParseAddrPort(c[0]), netip.MustParseAddrPort(c[1])
		assert.Equal(t, slot(a, b), slot(b, a), "%v", c)
		mapped := func(p netip.AddrPort) netip.AddrPort {
			return netip.AddrPortFrom(netip.AddrFrom16(p.Addr().As16()), p.Port())
		}
		assert.Equal(t, slot(a, b), slot(mapped(a), mapped(b)), "%v, IPv4-mapped", c)
		assert.Less(t, slot(a, b), 1<<recentBits)
	}
}
