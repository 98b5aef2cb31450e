package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONProtocolFilters: -j shows the members named with their children
// filtered by the same list, -J shows them whole; the others keep their
// values and show {"filtered": key} for their children; -T json -e prints
// each field's values in an array, all of them or with -E occurrence one.
// Byte for byte as tshark 4.0.17, with and without --no-duplicate-keys.
func TestJSONProtocolFilters(t *testing.T) {
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"json-c12-Ytcp-j.json", []string{"-Y", "tcp", "-T", "json", "--no-duplicate-keys", "-j", "ip tcp tcp.flags Timestamps _ws.expert"}},
		{"json-c12-Ytcp-J.json", []string{"-Y", "tcp", "-T", "json", "--no-duplicate-keys", "-J", "frame tcp.analysis"}},
		// the last of -j and -J wins, as in tshark
		{"json-c12-Ytcp-J.json", []string{"-Y", "tcp", "-T", "json", "--no-duplicate-keys", "-j", "ip", "-J", "frame tcp.analysis"}},
		// --duplicate-keys, a member a key ("ip.addr" twice), as plain tshark -T json
		{"json-c16-Ytcp-j-duplicate-keys.json", []string{"-c16", "-Y", "tcp", "-T", "json", "--duplicate-keys", "-j", "ip tcp websocket"}},
		// --no-duplicate-keys is wsdump's default
		{"json-c12-Ytcp-J.json", []string{"-Y", "tcp", "-T", "json", "-J", "frame tcp.analysis"}},
		{"json-c12-e.json", []string{"-T", "json", "-e", "frame.number", "-e", "ip", "-e", "tcp.connection.syn", "-e", "ip.addr",
			"-e", "tcp.flags.str", "-e", "tcp.payload", "-e", "_ws.col.Info", "-e", "tcp.options.mss_val"}},
		{"json-c12-e-occurrence-l.json", []string{"-T", "json", "-e", "ip.addr", "-e", "tcp.port", "-E", "occurrence=l"}},
		// a protocol without a label of its own is its filter name
		{"json-c20-Ywebsocket-e.json", []string{"-c20", "-Y", "websocket", "-T", "json", "-e", "frame.number", "-e", "http", "-e", "websocket",
			"-e", "websocket.payload.text", "-e", "websocket.payload.ping", "-e", "websocket.masking_key"}},
	} {
		want, err := os.ReadFile("testdata/" + c.golden)
		require.NoError(t, err)
		out, stderr, code := runWsdump(t, append([]string{"-2", "-r", capture, "-c12"}, c.args...)...)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, string(want), out, "%s %v", c.golden, c.args)
	}
}
