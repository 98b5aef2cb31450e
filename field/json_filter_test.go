package field

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

// jsonTestTree is an IPv4 layer with a repeated field and one with
// children, and a TCP layer.
func jsonTestTree() *Tree {
	tr := NewTree()
	ip := tr.AddProtocol(NoNode, &testIP, 0, 20, nil)
	tr.AddIP(ip, &testAddr, 12, 4, netip.MustParseAddr("10.0.0.1"))
	fl := tr.AddUint(ip, &testFlags, 6, 1, 2)
	tr.AddBool(fl, &testDF, 6, 1, true)
	tr.AddIP(ip, &testAddr, 16, 4, netip.MustParseAddr("10.0.0.2"))
	tcp := tr.AddProtocol(NoNode, &Field{Name: "Transmission Control Protocol", Abbrev: "tcp", Type: Protocol}, 20, 20, nil)
	tr.AddUint(tcp, &testTCPFlg, 33, 2, 0x18)
	return tr
}

// Without --no-duplicate-keys tshark writes each member under its key, in
// order.
func TestJSONDuplicateKeysOneByOne(t *testing.T) {
	tr := jsonTestTree()
	tr.JSONDuplicateKeys(true)
	assert.Equal(t, `{
  "ip": {
    "ip.addr": "10.0.0.1",
    "ip.flags": "0x02",
    "ip.flags_tree": {
      "ip.flags.df": "1"
    },
    "ip.addr": "10.0.0.2"
  },
  "tcp": {
    "tcp.flags": "0x0018"
  }
}`, string(tr.AppendJSON(nil, 1)))
}

// -j names the members whose children show; the others keep their value,
// their children become {"filtered": key}. -J shows the named whole.
func TestFilterJSON(t *testing.T) {
	tr := jsonTestTree()
	tr.FilterJSON([]string{"ip"}, false)
	assert.Equal(t, `{
  "ip": {
    "ip.addr": [
      "10.0.0.1",
      "10.0.0.2"
    ],
    "ip.flags": "0x02",
    "ip.flags_tree": {
      "filtered": "ip.flags"
    }
  },
  "tcp": {
    "filtered": "tcp"
  }
}`, string(tr.AppendJSON(nil, 1)))
	tr.FilterJSON([]string{"ip"}, true)
	assert.Contains(t, string(tr.AppendJSON(nil, 1)), `"ip.flags_tree": {
      "ip.flags.df": "1"
    }`)
	tr.FilterJSON(nil, false)
	assert.NotContains(t, string(tr.AppendJSON(nil, 1)), "filtered")
}
