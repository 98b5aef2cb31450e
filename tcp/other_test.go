package tcp

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendEtherName(t *testing.T) {
	// what tshark 4.0.17 prints for these addresses with its default
	// name resolution (no vendor prefix among them)
	for _, tc := range []struct{ mac, want string }{
		{"ff:ff:ff:ff:ff:ff", "Broadcast"},
		{"00:00:00:00:00:00", "00:00:00_00:00:00"}, // the manuf entry of the ARP target
		{"00:00:00:00:00:01", "00:00:00_00:00:01"},
		{"8e:e8:14:8a:9a:67", "8e:e8:14:8a:9a:67"},
		{"33:33:00:00:00:16", "IPv6mcast_16"},
		{"33:33:ff:8a:9a:67", "IPv6mcast_ff:8a:9a:67"},
		{"33:33:00:01:00:03", "IPv6mcast_01:00:03"},
		{"33:33:01:00:00:00", "IPv6mcast_01:00:00:00"},
		{"33:33:00:00:01:00", "IPv6mcast_01:00"},
		{"33:33:00:00:00:00", "IPv6-Neighbor-Discovery"},
		{"01:00:5e:00:00:fb", "IPv4mcast_fb"},
		{"01:00:5e:7f:ff:fa", "IPv4mcast_7f:ff:fa"},
		{"01:00:5e:00:01:00", "IPv4mcast_01:00"},
		{"01:00:5e:00:00:00", "IPv4mcast_00"},
		{"02:01:f5:48:5c:ea", "MS-NLB-PhysServer-01_f5:48:5c:ea"},
		{"02:01:00:00:00:00", "MS-NLB-PhysServer-01_00"},
		{"00:bf:11:22:33:44", "MS-NLB-VirtServer_11:22:33:44"},
		{"03:bf:00:00:00:00", "MS-NLB-VirtServer-Multicast_00"},
		{"01:80:c2:00:00:0e", "LLDP_Multicast"},
		{"01:80:c2:00:00:00", "Spanning-tree-(for-bridges)_00"},
		{"01:80:c2:00:00:0f", "Reserved-future-std-0f"},
		{"01:80:c2:00:00:31", "OAM-Multicast-DA-Class-1_01"},
		{"01:80:c2:00:00:3f", "OAM-Multicast-DA-Class-2_07"},
		{"00:00:0c:07:ac:01", "All-HSRP-routers_01"},
		{"00:00:0c:07:ac:00", "All-HSRP-routers_00"},
		{"09:00:2b:00:00:12", "DEC-Experimental_02"},
		{"ab:00:04:01:02:03", "DEC-Local-Area-VAX-Cluster-groups-SCA_02:03"},
		{"09:00:07:00:00:05", "AppleTalk-Zone-multicast-addresses_05"},
		{"02:04:96:12:34:56", "ExtremeNetworks_12:34:56"},
		{"01:00:3c:12:34:56", "Auspex-Systems-(Serverguard)_12:34:56"},
	} {
		mac, err := net.ParseMAC(tc.mac)
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(AppendEtherName(nil, [6]byte(mac))), tc.mac)
	}
}

// TestDescribeMatchesTshark decodes every frame that is not TCP of
// captures and compares its columns with tshark's summary line: ARP and
// ICMPv6 neighbor discovery and MLD on Ethernet and Linux cooked capture
// v2, DNS, UDP and ICMP on loopback, crafted ARP, ICMP and ICMPv6 echo,
// IP with an unknown payload and an unknown ethertype.
func TestDescribeMatchesTshark(t *testing.T) {
	for _, name := range []string{"node-sll2-any", "node-duplicate-segments", "lo-dns-udp-icmp", "crafted-not-tcp"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "testdata", name+".summary.txt"))
			require.NoError(t, err)
			want := strings.Split(string(b), "\n")
			datas, cis := corpusRecords(t, filepath.Join("..", "testdata", name+".pcap"))
			d := NewDecoder()
			n := 0
			for i, data := range datas {
				var seg Segment
				if err := d.Decode(data, cis[i], &seg); !errors.Is(err, ErrNotTCP) {
					continue
				}
				var o Other
				d.Describe(data, cis[i], &o)
				// No. and Time are the summary's; the rest is ours
				f := strings.SplitN(strings.TrimLeft(want[i], " "), " ", 2)
				rest := strings.TrimLeft(f[1], " ")
				_, rest, _ = strings.Cut(rest, " ")
				src, dst := o.Src, o.Dst
				if o.SrcIP.IsValid() {
					src, dst = o.SrcIP.String(), o.DstIP.String()
				}
				got := src + " → " + dst
				for len(got)-len(src)-len(" → ") < 12 {
					got += " "
				}
				got += " " + o.Protocol + " " + strconv.Itoa(cis[i].Length) + " " + o.Info
				assert.Equal(t, strings.TrimLeft(rest, " "), got, "frame %d", i+1)
				n++
			}
			assert.NotZero(t, n)
		})
	}
}

func FuzzDescribe(f *testing.F) {
	for _, name := range []string{"node-sll2-any.pcap", "lo-dns-udp-icmp.pcap", "crafted-not-tcp.pcap"} {
		datas, cis := corpusRecords(f, filepath.Join("..", "testdata", name))
		for i := range datas {
			f.Add(uint16(cis[i].LinkType), datas[i])
		}
	}
	d := NewDecoder()
	f.Fuzz(func(t *testing.T, link uint16, data []byte) {
		var seg Segment
		ci := CaptureInfo{Frame: 1, LinkType: LinkType(link), CaptureLength: len(data), Length: len(data)}
		if err := d.Decode(data, ci, &seg); err == nil {
			return
		}
		var o Other
		d.Describe(data, ci, &o)
		if len(o.Info) > 64<<10 {
			t.Fatalf("Info of %d bytes from %d bytes", len(o.Info), len(data))
		}
	})
}
