package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStatsMatchTshark: -z as compare.py runs it, and several at once
// (printed last-first, as tshark prints them), with and without -q.
func TestStatsMatchTshark(t *testing.T) {
	const dir = "../../testdata/"
	read := func(name string) string {
		b, err := os.ReadFile(dir + name)
		require.NoError(t, err)
		return string(b)
	}
	out, stderr, code := runWsdump(t, "-2", "-r", dir+"node-ping-pong-close-codes.pcap", "-q", "-z", "follow,tcp,ascii,0")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, read("node-ping-pong-close-codes.follow-ascii.txt"), out)

	out, _, code = runWsdump(t, "-r", dir+"node-ping-pong-close-codes.pcap", "-q", "-z", "follow,tcp,raw,0", "-z", "follow,tcp,hex,0")
	require.Equal(t, 0, code)
	assert.Equal(t, read("node-ping-pong-close-codes.follow-hex.txt")+read("node-ping-pong-close-codes.follow-raw.txt"), out)

	// without -q, the summary lines come first
	out, _, code = runWsdump(t, "-r", dir+"heartbeat-schedule.pcap", "-z", "conv,tcp")
	require.Equal(t, 0, code)
	summary, _, _ := runWsdump(t, "-r", dir+"heartbeat-schedule.pcap")
	assert.True(t, strings.HasPrefix(out, summary))
	assert.Contains(t, out[len(summary):], "TCP Conversations\n")
}

// TestStatsErrors: tshark's messages, and its status 1.
func TestStatsErrors(t *testing.T) {
	for _, tc := range []struct{ arg, msg string }{
		{"bogus", `Invalid -z argument "bogus"; it must be one of:`},
		{"follow,tcp,nope,0", "follow - Invalid display mode."},
		{"follow,tcp,ascii", "follow - Invalid address."},
	} {
		_, stderr, code := runWsdump(t, "-r", capture, "-z", tc.arg)
		assert.Equal(t, 1, code, tc.arg)
		assert.Contains(t, stderr, tc.msg, tc.arg)
	}
	// a stream that does not exist is an empty follow, status 0
	out, _, code := runWsdump(t, "-r", capture, "-q", "-z", "follow,tcp,ascii,42")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Filter: tcp.stream eq 42\nNode 0: :0\nNode 1: :0\n")
}

// TestWSConnJSON: one JSON object a connection, with the schedule the
// capture was recorded with (see stats.TestWSConnSchedule).
func TestWSConnJSON(t *testing.T) {
	out, stderr, code := runWsdump(t, "-r", "../../testdata/heartbeat-schedule.pcap", "-q", "-z", "ws,conn,json")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, 1, strings.Count(out, "\n"))
	var c struct {
		Stream    int
		Handshake struct {
			Path        string
			AcceptValid bool `json:"accept_valid"`
		}
		Close struct {
			First     string
			Completed bool
			Client    struct{ Code int }
		}
		Teardown struct {
			FirstFIN string `json:"first_fin"`
			FourWay  bool   `json:"four_way"`
		}
		Heartbeats []struct {
			From, Payload string
			Count         int
			Period        float64
			Reply         *struct {
				Payload string
				Count   int
				Latency float64
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &c))
	assert.Equal(t, "/beat", c.Handshake.Path)
	assert.True(t, c.Handshake.AcceptValid)
	assert.Equal(t, "client", c.Close.First)
	assert.True(t, c.Close.Completed)
	assert.Equal(t, 1000, c.Close.Client.Code)
	assert.Equal(t, "server", c.Teardown.FirstFIN)
	assert.True(t, c.Teardown.FourWay)
	require.Len(t, c.Heartbeats, 2)
	hb := c.Heartbeats[0]
	assert.Equal(t, "client", hb.From)
	assert.Equal(t, "1", hb.Payload)
	assert.Equal(t, 6, hb.Count)
	assert.InDelta(t, 0.2, hb.Period, 0.005)
	require.NotNil(t, hb.Reply)
	assert.Equal(t, "2", hb.Reply.Payload)
	assert.InDelta(t, 0.02, hb.Reply.Latency, 0.005)
}
