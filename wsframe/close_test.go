package wsframe

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseClose(t *testing.T) {
	tests := []struct {
		name   string
		hex    string
		code   CloseCode
		reason string
		ok     bool
		err    error
	}{
		{"empty", "", 0, "", false, nil},
		{"one byte", "03", 0, "", false, ErrCloseTooShort},
		{"code only", "03e9", CloseGoingAway, "", true, nil},
		// node-ping-pong-close-codes: 1000 "normal closure" and 1008 with UTF-8.
		{"normal closure", "03e86e6f726d616c20636c6f73757265", CloseNormalClosure, "normal closure", true, nil},
		{"policy violation, UTF-8 reason", "03f0706f6c6963792076696f6c6174696f6e3a20c3bc6ec3af636f646520e29c93",
			ClosePolicyViolation, "policy violation: ünïcode ✓", true, nil},
		{"application code 4000", "0fa0", 4000, "", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := unhex(t, tt.hex)
			code, reason, ok, err := ParseClose(p)
			assert.ErrorIs(t, err, tt.err)
			if tt.err == nil {
				assert.NoError(t, err)
			}
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.reason, string(reason))
			assert.Equal(t, tt.ok, ok)
			if len(reason) > 0 {
				assert.Same(t, &p[2], &reason[0], "reason is a sub-slice")
			}
		})
	}
}

func TestCloseCode(t *testing.T) {
	// Names from tshark 4.0.17 (tshark -G values | grep close.status_code).
	tests := []struct {
		code     CloseCode
		name     string
		sendable bool
	}{
		{0, "Unknown", false},
		{999, "Unknown", false},
		{1000, "Normal Closure", true},
		{1001, "Going Away", true},
		{1002, "Protocol error", true},
		{1003, "Unsupported Data", true},
		{1004, "---Reserved----", false},
		{1005, "No Status Rcvd", false},
		{1006, "Abnormal Closure", false},
		{1007, "Invalid frame payload data", true},
		{1008, "Policy Violation", true},
		{1009, "Message Too Big", true},
		{1010, "Mandatory Ext.", true},
		{1011, "Internal Server", true},
		{1012, "Unknown", true},
		{1014, "Unknown", true},
		{1015, "TLS handshake", false},
		{1016, "Unknown", false},
		{2999, "Unknown", false},
		{3000, "Unknown", true},
		{4000, "Unknown", true},
		{4999, "Unknown", true},
		{5000, "Unknown", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.name, tt.code.String(), "code %d", tt.code)
		assert.Equal(t, tt.sendable, tt.code.Sendable(), "code %d", tt.code)
	}
}
