package main

import (
	"bytes"
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const capture = "../../testdata/node-fragmented-ping-between.pcap"

func runWsdump(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb, nil)
	return out.String(), errb.String(), code
}

// TestFieldsMatchTshark runs the command exactly as compare.py does and
// compares its output with tshark's, byte for byte.
func TestFieldsMatchTshark(t *testing.T) {
	for _, view := range []struct{ golden, filter string }{
		{"ws", "websocket"}, {"http", "http"}, {"tcp", "tcp"},
	} {
		t.Run(view.golden, func(t *testing.T) {
			b, err := os.ReadFile(strings.TrimSuffix(capture, ".pcap") + "." + view.golden + ".tsv")
			require.NoError(t, err)
			header := strings.Split(strings.SplitN(string(b), "\n", 2)[0], "\t")
			args := []string{"-r", capture, "-Y", view.filter, "-T", "fields", "-E", "header=y"}
			for _, f := range header {
				args = append(args, "-e", f)
			}
			out, stderr, code := runWsdump(t, args...)
			require.Equal(t, 0, code, stderr)
			assert.Equal(t, string(b), out)
		})
	}
}

// TestSummaryMatchesTshark compares the default output with tshark's, byte
// for byte, on captures with frames of every kind: TCP, HTTP and WebSocket;
// ARP and ICMPv6 over Linux cooked capture v2; DNS, UDP and ICMP on
// loopback; and crafted frames (ARP to well-known addresses, ICMP and
// ICMPv6 echo, IP with an unknown payload, an unknown ethertype).
func TestSummaryMatchesTshark(t *testing.T) {
	for _, name := range []string{"node-fragmented-ping-between", "node-sll2-any", "node-duplicate-segments", "lo-dns-udp-icmp", "crafted-not-tcp"} {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile("../../testdata/" + name + ".summary.txt")
			require.NoError(t, err)
			out, stderr, code := runWsdump(t, "-r", "../../testdata/"+name+".pcap")
			require.Equal(t, 0, code, stderr)
			wantLines := strings.Split(string(want), "\n")
			gotLines := strings.Split(out, "\n")
			for i := range min(len(wantLines), len(gotLines)) {
				assert.Equal(t, wantLines[i], gotLines[i], "line %d", i+1)
			}
			assert.Len(t, gotLines, len(wantLines))
		})
	}
}

// TestMessagesEncrypted: the messages of a wss capture that began after
// the handshake cannot be read; standard error says how many bytes stayed
// encrypted, standard output has no line.
func TestMessagesEncrypted(t *testing.T) {
	const midconn = "../../testdata/tls/tlscap-midconn-tls12-aes128cbcsha-443"
	out, stderr, code := runWsdump(t, "-o", "tls.keylog_file:"+midconn+".keys", "-r", midconn+".pcap", "--messages")
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, out)
	assert.Equal(t, "wsdump: tcp.stream 0: 4144 bytes of TLS application data stayed encrypted (2096 from the client, 2048 from the server): its messages are not listed\n", stderr)
	out, stderr, code = runWsdump(t, "-r", capture, "--messages")
	require.Equal(t, 0, code, stderr)
	assert.NotEmpty(t, out)
	assert.Empty(t, stderr, "not TLS")
}

func TestMessagesOutput(t *testing.T) {
	out, stderr, code := runWsdump(t, "-r", capture, "--messages")
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 18)
	var first map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	// frame 14 is a ping sent between the fragments of a text message
	assert.Equal(t, map[string]any{
		"frame": 14.0, "stream": 0.0, "from": "client", "opcode": "ping", "frames": []any{14.0},
		"length": 17.0, "sha256": "e24df508c9b6fe97c26422dc652cbbdaa644b8522e28d872b67f747d2fd17c2b",
		"data": "bWlkLWZyYWdtZW50IHBpbmc=",
	}, first)
	var text map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &text))
	assert.Equal(t, "text", text["opcode"])
	assert.Equal(t, []any{13.0, 15.0, 16.0}, text["frames"])
	assert.Equal(t, "client", text["from"])
	var last map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &last))
	assert.Equal(t, "close", last["opcode"])
	assert.Equal(t, 1000.0, last["close_code"])
}

func TestJSONWebSocketLayer(t *testing.T) {
	out, stderr, code := runWsdump(t, "-r", capture, "-Y", "websocket", "-T", "json")
	require.Equal(t, 0, code, stderr)
	var got []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	b, err := os.ReadFile(strings.TrimSuffix(capture, ".pcap") + ".json")
	require.NoError(t, err)
	var want []map[string]any
	require.NoError(t, json.Unmarshal(b, &want))
	require.Len(t, got, len(want))
	layer := func(p map[string]any, name string) any {
		return p["_source"].(map[string]any)["layers"].(map[string]any)[name]
	}
	for i := range want {
		assert.Equal(t, layer(want[i], "websocket"), layer(got[i], "websocket"))
		assert.Equal(t, layer(want[i], "frame").(map[string]any)["frame.number"],
			layer(got[i], "frame").(map[string]any)["frame.number"])
	}
}

func TestFieldOptions(t *testing.T) {
	// frame 8 of the coalesced capture holds 40 WebSocket frames
	const coalesced = "../../testdata/node-coalesced-small-msgs-lo.pcap"
	tests := []struct {
		name string
		opts []string
		want string
	}{
		{"all", nil, "8\t1,1,1,2"},
		{"first", []string{"-E", "occurrence=f"}, "8\t1"},
		{"last", []string{"-E", "occurrence=l"}, "8\t2"},
		{"aggregator", []string{"-E", "aggregator=|"}, "8\t1|1|1|2"},
		{"separator", []string{"-E", "separator=;"}, "8;1,1,1,2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"-r", coalesced, "-Y", "websocket", "-T", "fields", "-e", "frame.number", "-e", "websocket.opcode"}, tt.opts...)
			out, stderr, code := runWsdump(t, args...)
			require.Equal(t, 0, code, stderr)
			line := strings.SplitN(out, "\n", 2)[0]
			assert.True(t, strings.HasPrefix(line, tt.want), "got %q", line)
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{}, 2, "-r FILE is required"},
		{[]string{"-r", capture, "-e", "websocket.nosuch", "-T", "fields"}, 2, "wsdump: Some fields aren't valid:\n\twebsocket.nosuch\n"},
		{[]string{"-r", capture, "-Y", "udp"}, 2, "udp is neither a field nor a protocol name."},
		{[]string{"-r", capture, "-T", "pdml"}, 2, "only text, fields and json"},
		{[]string{"-r", capture, "-E", "quote=x"}, 2, `"quote" is not a valid field output option=value pair.`},
		{[]string{"-r", capture, "--nosuch"}, 2, "wsdump: unrecognized option: nosuch\n\nUsage: wsdump [options]"},
		{[]string{"-r", capture, "-o", "foo.bar:1"}, 2, `wsdump: -o flag "foo.bar:1" specifies unknown preference` + "\n"},
		{[]string{"-r", "testdata/does-not-exist.pcap"}, 1, "does-not-exist.pcap"},
	}
	for _, tt := range tests {
		stdout, stderr, code := runWsdump(t, tt.args...)
		assert.Equal(t, tt.code, code, "%v", tt.args)
		assert.Contains(t, stderr, tt.msg, "%v", tt.args)
		assert.LessOrEqual(t, strings.Count(stderr, "Usage:"), 1, "the usage once at most: %v", tt.args)
		assert.Empty(t, stdout, "%v", tt.args)
	}
}

// TestParallelSameOutput: the default (Workers 1 with two cores or more),
// --parallel and --workers print what a run on one goroutine prints, in
// every output format.
func TestParallelSameOutput(t *testing.T) {
	for _, args := range [][]string{
		{"-r", capture},
		{"-r", capture, "-Y", "websocket", "-T", "fields", "-e", "frame.number", "-e", "websocket.payload.text"},
		{"-r", capture, "-Y", "tcp", "-T", "fields", "-e", "tcp.reassembled_in", "-e", "websocket.masking_key"},
		{"-r", capture, "-T", "json", "-Y", "websocket"},
		{"-r", capture, "--messages"},
	} {
		serial, stderr, code := runWsdump(t, append([]string{"--workers", "0"}, args...)...)
		require.Equal(t, 0, code, stderr)
		require.NotEmpty(t, serial)
		for _, flag := range [][]string{{}, {"--parallel"}, {"--workers", "1"}, {"--workers", "3"}} {
			out, stderr, code := runWsdump(t, append(flag, args...)...)
			require.Equal(t, 0, code, stderr)
			assert.Equal(t, serial, out, "%v %v", flag, args)
		}
	}
}

// TestNeedsPayload: payloads are left out exactly when nothing printed
// needs them.
func TestNeedsPayload(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-r", capture}, false},
		{[]string{"-r", capture, "-T", "fields", "-e", "websocket.opcode", "-e", "_ws.col.Info"}, false},
		{[]string{"-r", capture, "-T", "fields", "-e", "websocket.opcode", "-e", "websocket.payload.text"}, true},
		{[]string{"-r", capture, "-T", "json"}, true},
		{[]string{"-r", capture, "--messages"}, true},
	} {
		cfg, err := parseArgs(tc.args)
		require.NoError(t, err)
		assert.Equal(t, tc.want, cfg.needsPayload(), "%v", tc.args)
	}
}

// TestWorkersFlags: a second core reads, decodes and tracks TCP by default,
// payloads printed or not, but for --messages and the tree views (whose
// renderer uses the cores); --parallel shards the connections over every
// core; --workers decides.
func TestWorkersFlags(t *testing.T) {
	cores := runtime.GOMAXPROCS(0)
	byDefault := 0
	if cores > 1 {
		byDefault = 1
	}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{nil, byDefault},
		{[]string{"-T", "fields", "-e", "websocket.payload.text"}, byDefault},
		{[]string{"--messages"}, 0},
		{[]string{"-V"}, 0},
		{[]string{"-x"}, 0},
		{[]string{"-T", "json"}, 0},
		{[]string{"-T", "json", "-e", "frame.number"}, byDefault},
		{[]string{"--parallel"}, cores},
		{[]string{"--workers", "0"}, 0},
		{[]string{"--workers", "3"}, 3},
		{[]string{"--parallel", "--workers", "2"}, 2},
	} {
		cfg, err := parseArgs(append(tc.args, "-r", capture))
		require.NoError(t, err)
		assert.Equal(t, tc.want, cfg.workers, "%v", tc.args)
	}
}
