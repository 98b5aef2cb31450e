package wsframe

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOpcode(t *testing.T) {
	// Names as tshark 4.0.17 prints them in the Info column; reserved opcodes
	// show "WebSocket Unknown Opcode [FIN]".
	tests := []struct {
		op       Opcode
		name     string
		control  bool
		reserved bool
	}{
		{OpContinuation, "Continuation", false, false},
		{OpText, "Text", false, false},
		{OpBinary, "Binary", false, false},
		{0x3, "Unknown Opcode", false, true},
		{0x7, "Unknown Opcode", false, true},
		{OpClose, "Connection Close", true, false},
		{OpPing, "Ping", true, false},
		{OpPong, "Pong", true, false},
		{0xB, "Unknown Opcode", true, true},
		{0xF, "Unknown Opcode", true, true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.name, tt.op.String(), "opcode %#x", uint8(tt.op))
		assert.Equal(t, tt.control, tt.op.IsControl(), "opcode %#x", uint8(tt.op))
		assert.Equal(t, tt.reserved, tt.op.IsReserved(), "opcode %#x", uint8(tt.op))
	}
}
