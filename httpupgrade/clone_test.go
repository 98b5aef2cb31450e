package httpupgrade

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCloneSharesNothing: changing every slice of the original leaves the
// clone as it was.
func TestCloneSharesNothing(t *testing.T) {
	head := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10\r\n\r\n"
	var p Parser
	m, _, _, err := p.Parse([]byte(head))
	require.NoError(t, err)
	require.NotEmpty(t, m.Extensions)
	require.NotEmpty(t, m.Extensions[0].Params)
	c := m.Clone()
	assert.Equal(t, m, c)
	m.Header[0].Value = "x"
	m.Protocols[0] = "x"
	m.Extensions[0].Name = "x"
	m.Extensions[0].Params[0].Value = "x"
	assert.Equal(t, "websocket", c.Header[0].Value)
	assert.Equal(t, "chat", c.Protocols[0])
	assert.Equal(t, "permessage-deflate", c.Extensions[0].Name)
	assert.Equal(t, "10", c.Extensions[0].Params[0].Value)
	assert.Nil(t, (*Message)(nil).Clone())
}
