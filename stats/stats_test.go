package stats_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/stats"
	"github.com/wsdissect/wsdissect/wsframe"
)

// run feeds the capture to the taps of the -z arguments and returns what
// they print, as wsdump -q -z ... prints it.
func run(t *testing.T, capture string, args ...string) string {
	t.Helper()
	var taps []stats.Tap
	for _, a := range args {
		tap, err := stats.Parse(a)
		require.NoError(t, err, a)
		taps = append(taps, tap)
	}
	set := stats.NewSet(taps...)
	d, err := wsdissect.Open(filepath.Join("..", "testdata", capture), wsdissect.Options{
		KeepFrames: set.Needs()&(stats.NeedTree|stats.NeedFrames) != 0, TwoPass: true,
		SkipPayloads: set.Needs()&stats.NeedPayloads == 0,
	})
	require.NoError(t, err)
	defer d.Close()
	for rec, err := range d.Records() {
		require.NoError(t, err)
		set.Add(rec)
	}
	return string(set.AppendText(nil))
}

func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	require.NoError(t, err)
	return string(b)
}

// TestFollowTCP: every mode, as tshark 4.0.17 printed it (testdata/X.follow-MODE.txt).
func TestFollowTCP(t *testing.T) {
	for _, c := range []string{"node-ping-pong-close-codes", "go-gorilla-ipv6", "node-loss-retrans", "heartbeat-schedule", "heartbeat-server-reset"} {
		for _, mode := range []string{"ascii", "hex", "raw", "yaml"} {
			t.Run(c+"/"+mode, func(t *testing.T) {
				assert.Equal(t, golden(t, c+".follow-"+mode+".txt"), run(t, c+".pcap", "follow,tcp,"+mode+",0"))
			})
		}
	}
}

func TestFollowByAddress(t *testing.T) {
	assert.Equal(t, golden(t, "go-gorilla-ipv6.follow-addr.txt"),
		run(t, "go-gorilla-ipv6.pcap", "follow,tcp,ascii,[fd77::2]:43544,[fd77::1]:8088"))
}

// TestFollowHTTP: the requests before an upgrade on a kept-alive
// connection; bodies as HTTP decodes them (de-chunked, gunzipped).
func TestFollowHTTP(t *testing.T) {
	for _, c := range []string{"go-gorilla-keepalive-then-upgrade-node", "crafted-http-gzip"} {
		assert.Equal(t, golden(t, c+".follow-http.txt"), run(t, c+".pcap", "follow,http,ascii,0"), c)
	}
}

// TestFollowWebSocket: as tshark 4.4 prints it (the corpus' X.follow-ws.txt).
// Where 4.4 misses a message (the last one of node-loss-retrans, whose
// segments came out of order: the applications' log has it), its output is
// ours up to that message.
func TestFollowWebSocket(t *testing.T) {
	const separator = "===================================================================\n"
	for _, tc := range []struct {
		capture string
		missed  bool
	}{{"node-ping-pong-close-codes", false}, {"go-gorilla-ipv6", false}, {"node-loss-retrans", true}} {
		t.Run(tc.capture, func(t *testing.T) {
			want := golden(t, tc.capture+".follow-ws.txt")
			var got strings.Builder
			for _, s := range streams(want) {
				got.WriteString(run(t, tc.capture+".pcap", "follow,websocket,ascii,"+s))
			}
			if !tc.missed {
				assert.Equal(t, want, got.String())
				return
			}
			assert.True(t, strings.HasPrefix(got.String(), strings.TrimSuffix(want, separator)))
			assert.Contains(t, got.String()[len(want)-len(separator):], "\t50000\n")
		})
	}
}

// streams lists the streams a follow output shows.
func streams(out string) []string {
	var s []string
	for _, l := range strings.Split(out, "\n") {
		if n, ok := strings.CutPrefix(l, "Filter: tcp.stream eq "); ok {
			s = append(s, n)
		}
	}
	return s
}

// TestNoSuchStream: tshark prints an empty follow, and succeeds.
func TestNoSuchStream(t *testing.T) {
	got := run(t, "node-ping-pong-close-codes.pcap", "follow,tcp,ascii,99")
	assert.Equal(t, "\n===================================================================\nFollow: tcp,ascii\nFilter: tcp.stream eq 99\nNode 0: :0\nNode 1: :0\n===================================================================\n", got)
}

// TestTables: the conversation and endpoint tables, several at once,
// printed in tshark's order (the last asked for first).
func TestTables(t *testing.T) {
	for _, c := range []string{"node-ping-pong-close-codes", "go-gorilla-ipv6", "node-loss-retrans", "heartbeat-schedule", "heartbeat-server-reset"} {
		t.Run(c, func(t *testing.T) {
			assert.Equal(t, golden(t, c+".tables.txt"), run(t, c+".pcap",
				"conv,tcp", "conv,ip", "conv,ipv6", "conv,eth", "endpoints,tcp", "endpoints,ip", "endpoints,ipv6", "endpoints,eth"))
		})
	}
}

// TestExperts: every expert info of the tree (TCP's and HTTP's today),
// counted as tshark counts them.
func TestExperts(t *testing.T) {
	for _, c := range []string{"node-ping-pong-close-codes", "go-gorilla-ipv6", "node-loss-retrans", "heartbeat-schedule", "heartbeat-server-reset"} {
		t.Run(c, func(t *testing.T) {
			assert.Equal(t, golden(t, c+".expert.txt"), run(t, c+".pcap", "expert"))
		})
	}
	// the warnings and worse only
	got := run(t, "heartbeat-server-reset.pcap", "expert,warn")
	assert.Contains(t, got, "Warns (1)")
	assert.NotContains(t, got, "Chats")
}

// TestIOStat: tshark's table, for intervals of every precision, the whole
// capture (0, or an interval as long as it), protocol columns and the
// empty one; crafted-flags has frames on whole seconds (tshark leaves the
// last one out, and pads the microseconds of its duration with spaces).
func TestIOStat(t *testing.T) {
	for _, tc := range []struct {
		capture string
		args    []string
	}{
		{"heartbeat-schedule", []string{"io,stat,0.1", "io,stat,0.25,tcp,,websocket", "io,stat,0"}},
		{"node-ping-pong-close-codes", []string{"io,stat,1", "io,stat,0.01,websocket"}},
		{"crafted-flags", []string{"io,stat,1", "io,stat,4"}},
	} {
		t.Run(tc.capture, func(t *testing.T) {
			assert.Equal(t, golden(t, tc.capture+".iostat.txt"), run(t, tc.capture+".pcap", tc.args...))
		})
	}
}

// TestTableFilters: a protocol name as the table's filter.
func TestTableFilters(t *testing.T) {
	got := run(t, "node-ping-pong-close-codes.pcap", "conv,tcp,websocket")
	assert.Contains(t, got, "Filter:websocket\n")
	assert.Contains(t, got, "10.77.0.1:8080             <-> 10.77.0.2:45760                  7 649 bytes       5 427 bytes      12 1076 bytes     0.677326000         0.0042\n")
	got = run(t, "node-ping-pong-close-codes.pcap", "endpoints,ip,tcp")
	assert.Contains(t, got, "Filter:tcp\n")
	assert.Contains(t, got, "10.77.0.2                     71          6284         39            3499          32            2785   \n")
}

// TestDisplayFilters: any display filter as a tap's filter, each tap as
// tshark 4.0.17 printed it (testdata/X.z-filters.txt: "=== ARG", then its
// output).
func TestDisplayFilters(t *testing.T) {
	sections := strings.Split(golden(t, "node-ping-pong-close-codes.z-filters.txt"), "=== ")[1:]
	require.Len(t, sections, 5)
	for _, sec := range sections {
		arg, want, _ := strings.Cut(sec, "\n")
		t.Run(arg, func(t *testing.T) {
			assert.Equal(t, want, run(t, "node-ping-pong-close-codes.pcap", arg))
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ arg, err string }{
		{"follow,tcp,foo,0", "follow - Invalid display mode."},
		{"follow,tcp,ascii", "follow - Invalid address."},
		{"follow,tcp,ascii,1.2.3.4", "follow - Invalid address."},
		{"io,stat,abc", `invalid "-z io,stat,<interval>[,<filter>][,<filter>]..." argument`},
		{"io,stat,1,", `invalid "-z io,stat,<interval>[,<filter>][,<filter>]..." argument`},
		{"io,stat,1,foo", `Couldn't register io,stat tap: Filter "foo" is invalid - foo is neither a field nor a protocol name.`},
		{"conv,tcp,foo", `Couldn't register conversations tap: Filter "foo" is invalid - foo is neither a field nor a protocol name.`},
		{"expert,foo", `Expert tap error (Filter "foo" is invalid - foo is neither a field nor a protocol name.)!`},
		{"io,stat,0,tcp.port ==", `Couldn't register io,stat tap: Filter "tcp.port ==" is invalid - Unexpected end of filter expression.`},
		{"expert,tcp.port ==", `Expert tap error (Filter "tcp.port ==" is invalid - Unexpected end of filter expression.)!`},
		{"endpoints,tcp,websocket.opcode in {8 9}", `Couldn't register endpoint tap: Filter "websocket.opcode in {8 9}" is invalid - "9" was unexpected in this context.`},
	} {
		_, err := stats.Parse(tc.arg)
		assert.EqualError(t, err, tc.err, tc.arg)
	}
	for _, arg := range []string{"bogus", "follow,foo,ascii,0", "conv,foo", "io", "ws,foo"} {
		_, err := stats.Parse(arg)
		assert.ErrorIs(t, err, stats.ErrUnknown, arg)
		assert.Contains(t, err.Error(), `Invalid -z argument "`+arg+`"; it must be one of:`)
	}
}

// wsConns runs the per-connection summary over a capture.
func wsConns(t *testing.T, capture string) []*stats.WSConn {
	t.Helper()
	tap := stats.NewWSConn(false)
	d, err := wsdissect.Open("../testdata/"+capture, wsdissect.Options{})
	require.NoError(t, err)
	defer d.Close()
	for rec, err := range d.Records() {
		require.NoError(t, err)
		tap.Add(rec, nil)
	}
	return tap.List()
}

// TestWSConnServerSchedule: testdata/heartbeat-server-reset.pcap was
// recorded with stats/testdata/heartbeat -reset: the server pings every
// 250 ms (4 times) and sends "tick" every 150 ms (5 times), answered "tock"
// after 10 ms; it sends Close 1001 "going away", which the client never
// answers: it resets the connection 30 ms later.
func TestWSConnServerSchedule(t *testing.T) {
	conns := wsConns(t, "heartbeat-server-reset.pcap")
	require.Len(t, conns, 1)
	c := conns[0]
	assert.Equal(t, "beat.v1", c.Handshake.Subprotocol)
	require.Len(t, c.Heartbeats, 2)
	tick, ping := c.Heartbeats[0], c.Heartbeats[1]
	assert.Equal(t, stats.Server, tick.From)
	assert.Equal(t, "tick", tick.Payload)
	assert.Equal(t, 5, tick.Count)
	assert.InDelta(t, 0.150, tick.Period.Seconds(), 0.005)
	assert.Equal(t, "tock", tick.Reply)
	assert.Equal(t, 5, tick.Replied)
	assert.InDelta(t, 0.010, tick.ReplyLatency.Seconds(), 0.005)
	assert.Equal(t, wsframe.OpPing, ping.Opcode)
	assert.Equal(t, 4, ping.Count)
	assert.InDelta(t, 0.250, ping.Period.Seconds(), 0.005)
	assert.Equal(t, 4, ping.Replied)

	cl := c.Close
	assert.Equal(t, stats.Server, cl.First)
	assert.False(t, cl.Completed())
	assert.EqualValues(t, 1001, cl.Code[1])
	assert.Equal(t, "going away", cl.Reason[1])
	assert.False(t, cl.Sent[0])
	assert.Equal(t, stats.Client, c.Teardown.FirstRST)
	assert.Equal(t, stats.NoSide, c.Teardown.FirstFIN)
	assert.False(t, c.Teardown.FourWay())
	assert.InDelta(t, 0.030, (c.Teardown.RSTAt[0] - cl.At[1]).Seconds(), 0.010)
}

// TestWSConnSchedule checks the per-connection summary against the schedule
// testdata/heartbeat-schedule.pcap was recorded with
// (stats/testdata/heartbeat): "1" from the client every 200 ms, 6 times,
// answered "2" after 20 ms; a ping every 300 ms, 3 times, answered at once;
// Close 1000 "bye" from the client, answered 50 ms later; the server's FIN
// first.
func TestWSConnSchedule(t *testing.T) {
	tap := stats.NewWSConn(false)
	d, err := wsdissect.Open("../testdata/heartbeat-schedule.pcap", wsdissect.Options{})
	require.NoError(t, err)
	defer d.Close()
	for rec, err := range d.Records() {
		require.NoError(t, err)
		tap.Add(rec, nil)
	}
	conns := tap.List()
	require.Len(t, conns, 1)
	c := conns[0]
	near := func(want, got, tol time.Duration, what string) {
		t.Helper()
		assert.InDelta(t, want.Seconds(), got.Seconds(), tol.Seconds(), what)
	}
	assert.Equal(t, "/beat", c.Handshake.Path)
	assert.Equal(t, 101, c.Handshake.Status)
	assert.True(t, c.Handshake.AcceptValid)
	assert.Equal(t, 6, c.Messages[0].Count[1])
	assert.Equal(t, 6, c.Messages[1].Count[1])
	assert.Equal(t, 3, c.Messages[0].Count[9])
	assert.Equal(t, 3, c.Messages[1].Count[10])

	require.Len(t, c.Heartbeats, 2)
	text, ping := c.Heartbeats[0], c.Heartbeats[1]
	assert.Equal(t, stats.Client, text.From)
	assert.Equal(t, "1", text.Payload)
	assert.Equal(t, 6, text.Count)
	near(200*time.Millisecond, text.Period, 5*time.Millisecond, "period")
	assert.Less(t, text.Jitter, 5*time.Millisecond)
	assert.Equal(t, "2", text.Reply)
	assert.Equal(t, 6, text.Replied)
	near(20*time.Millisecond, text.ReplyLatency, 5*time.Millisecond, "reply latency")

	assert.Equal(t, stats.Client, ping.From)
	assert.Equal(t, 3, ping.Count)
	near(300*time.Millisecond, ping.Period, 5*time.Millisecond, "ping period")
	assert.Equal(t, 3, ping.Replied)
	require.Len(t, c.Pings, 3)
	for _, p := range c.Pings {
		assert.True(t, p.Answered)
		assert.Less(t, p.RTT, 5*time.Millisecond)
	}

	cl := c.Close
	assert.Equal(t, stats.Client, cl.First)
	assert.True(t, cl.Completed())
	assert.Equal(t, [2]bool{true, true}, cl.HasCode)
	assert.EqualValues(t, 1000, cl.Code[0])
	assert.Equal(t, [2]string{"bye", "bye"}, cl.Reason)
	assert.GreaterOrEqual(t, cl.Between(), 50*time.Millisecond)
	assert.Less(t, cl.Between(), 100*time.Millisecond)
	assert.Equal(t, stats.Server, c.Teardown.FirstFIN)
	assert.Equal(t, [2]bool{true, true}, c.Teardown.FIN)
	assert.Equal(t, stats.NoSide, c.Teardown.FirstRST)
	assert.True(t, c.Teardown.FourWay())
}

// FuzzParse: any -z argument gives a tap or an error, never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"follow,tcp,ascii,0", "follow,tcp,hex,[::1]:80,[::2]:90", "conv,tcp", "endpoints,eth", "expert,warn,tcp", "ws,conn,json", "io,stat,0.001,tcp,,websocket", "io,stat,1e300", "follow,websocket,yaml,1.2.3.4:1,5.6.7.8:2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		tap, err := stats.Parse(arg)
		if err == nil {
			_ = tap.AppendText(nil)
		}
	})
}

// TestEveryCapture runs every tap on every capture of testdata (hostile
// and crafted ones among them): no panic, something printed.
func TestEveryCapture(t *testing.T) {
	names, err := filepath.Glob("../testdata/*.pcap*")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	for _, name := range names {
		if strings.HasSuffix(name, ".gz") {
			continue
		}
		t.Run(filepath.Base(name), func(t *testing.T) {
			out := run(t, filepath.Base(name), "follow,tcp,hex,0", "follow,websocket,raw,0", "follow,http,yaml,0",
				"conv,eth", "conv,tcp", "endpoints,ipv6", "expert", "io,stat,0.1,tcp,,websocket", "ws,conn", "ws,conn,json")
			assert.NotEmpty(t, out)
		})
	}
}
