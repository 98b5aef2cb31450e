package tcp

import (
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The names tshark 4.0.17 gives these addresses (eth.dst_resolved of
// frames crafted with them).
func TestAppendEtherName(t *testing.T) {
	for mac, want := range map[string]string{
		"33:33:00:00:01:02": "IPv6mcast_01:02",
		"33:33:00:01:00:00": "IPv6mcast_01:00:00",
		"33:33:00:00:00:16": "IPv6mcast_16",
		"33:33:ff:ea:82:5d": "IPv6mcast_ff:ea:82:5d",
		"01:00:5e:00:00:fb": "IPv4mcast_fb",
		"01:00:5e:7f:00:01": "IPv4mcast_7f:00:01",
		"01:80:c2:00:00:00": "Spanning-tree-(for-bridges)_00",
		"01:80:c2:00:00:03": "Nearest-non-TPMR-bridge",
		"01:80:c2:00:00:0e": "LLDP_Multicast",
		"00:00:0c:07:ac:05": "All-HSRP-routers_05",
		"00:00:00:00:00:01": "00:00:00_00:00:01",
		"ff:ff:ff:ff:ff:ff": "Broadcast",
		"33:33:00:00:00:00": "IPv6-Neighbor-Discovery",
		"01:00:0c:cc:cc:cc": "CDP/VTP/DTP/PAgP/UDLD",
		"01:80:c2:00:00:31": "OAM-Multicast-DA-Class-1_01",
		"00:bf:00:00:00:05": "MS-NLB-VirtServer_05",
		"26:66:0c:ea:82:5d": "26:66:0c:ea:82:5d",
	} {
		hw, err := net.ParseMAC(mac)
		assert.NoError(t, err)
		assert.Equal(t, want, string(AppendEtherName(nil, [6]byte(hw))), mac)
	}
	assert.Zero(t, testing.AllocsPerRun(10, func() { AppendEtherName(make([]byte, 0, 64), [6]byte{0x33, 0x33, 0, 0, 0, 0x16}) }))
}
