package stats

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/wsframe"
)

// schedule builds the messages of a known schedule: every period the
// client sends beat(i), the server answers reply(i) after latency; chat
// messages of both sides fall between.
func schedule(n int, period, latency time.Duration, beat, reply func(int) string) []msgSeen {
	var msgs []msgSeen
	for i := range n {
		at := time.Duration(i+1) * period
		msgs = append(msgs,
			msgSeen{side: Client, opcode: wsframe.OpText, at: at, data: beat(i), short: true},
			msgSeen{side: Server, opcode: wsframe.OpText, at: at + latency, data: reply(i), short: true},
			msgSeen{side: Client, opcode: wsframe.OpText, at: at + period/3, data: fmt.Sprintf("chat %c", 'a'+i), short: true},
			msgSeen{side: Server, opcode: wsframe.OpBinary, at: at + period/2, short: false},
		)
	}
	return msgs
}

func TestHeartbeatsExact(t *testing.T) {
	msgs := schedule(5, time.Second, 10*time.Millisecond, func(int) string { return "1" }, func(int) string { return "2" })
	hbs := heartbeats(msgs)
	require.Len(t, hbs, 1)
	hb := hbs[0]
	assert.Equal(t, Heartbeat{From: Client, Opcode: wsframe.OpText, Payload: "1", Count: 5, First: time.Second, Last: 5 * time.Second,
		Period: time.Second, Replied: 5, ReplyOpcode: wsframe.OpText, Reply: "2", ReplyLatency: 10 * time.Millisecond}, hb)
}

func TestHeartbeatsWithNumbers(t *testing.T) {
	msgs := schedule(6, 2*time.Second, 30*time.Millisecond,
		func(i int) string { return fmt.Sprintf(`{"ping":%d}`, 1700000000+2*i) },
		func(i int) string { return fmt.Sprintf(`{"pong":%d}`, 1700000000+2*i) })
	hbs := heartbeats(msgs)
	require.Len(t, hbs, 1)
	hb := hbs[0]
	assert.True(t, hb.Pattern)
	assert.Equal(t, `{"ping":#}`, hb.Payload)
	assert.Equal(t, 6, hb.Count)
	assert.Equal(t, 2*time.Second, hb.Period)
	assert.Equal(t, `{"pong":#}`, hb.Reply)
	assert.Equal(t, 6, hb.Replied)
	assert.Equal(t, 30*time.Millisecond, hb.ReplyLatency)
}

// TestNoHeartbeat: a message repeated at irregular times is no heartbeat.
func TestNoHeartbeat(t *testing.T) {
	var msgs []msgSeen
	for _, at := range []time.Duration{1, 2, 7, 8, 20} {
		msgs = append(msgs, msgSeen{side: Client, opcode: wsframe.OpText, at: at * time.Second, data: "hi", short: true})
	}
	assert.Empty(t, heartbeats(msgs))
}
