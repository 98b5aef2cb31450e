package tls

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want Header
		err  error
	}{
		{"client hello", []byte{22, 3, 1, 0, 216}, Header{TypeHandshake, VersionTLS10, 216}, nil},
		{"application data", []byte{23, 3, 3, 0x40, 0x11, 0xaa}, Header{TypeApplicationData, VersionTLS12, 16401}, nil},
		{"largest", []byte{23, 3, 3, 0x48, 0x00}, Header{TypeApplicationData, VersionTLS12, MaxRecordLength}, nil},
		{"one too long", []byte{23, 3, 3, 0x48, 0x01}, Header{}, ErrNotRecord},
		{"short", []byte{23, 3, 3, 0}, Header{}, ErrShort},
		{"unknown type", []byte{25, 3, 3, 0, 1}, Header{}, ErrNotRecord},
		{"HTTP", []byte("GET / HTTP/1.1"), Header{}, ErrNotRecord},
		{"version 2", []byte{22, 2, 0, 0, 1}, Header{}, ErrNotRecord},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := ParseHeader(tt.in)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, tt.want, h)
		})
	}
}

func TestLooks(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		yes, need bool
	}{
		{"client hello", "\x16\x03\x01\x00\xd8\x01", true, false},
		{"server hello", "\x16\x03\x03\x00\x7a\x02", true, false},
		{"a first byte", "\x16", false, true},
		{"five bytes", "\x16\x03\x01\x00\xd8", false, true},
		{"HTTP request", "GET /ws HTTP/1.1\r\n", false, false},
		{"HTTP response", "HTTP/1.1 101 Switching Protocols\r\n", false, false},
		{"application data first", "\x17\x03\x03\x00\x20\x00", false, false},
		{"finished first", "\x16\x03\x03\x00\x20\x14", false, false},
		{"tiny handshake", "\x16\x03\x01\x00\x02\x01", false, false},
		{"WebSocket frame", "\x81\x05hello", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yes, need := Looks([]byte(tt.in))
			assert.Equal(t, tt.yes, yes)
			assert.Equal(t, tt.need, need)
		})
	}
}

func TestNames(t *testing.T) {
	assert.Equal(t, "TLSv1.3", VersionName(VersionTLS13))
	assert.Equal(t, "TLSv1", VersionName(VersionTLS10))
	assert.Equal(t, "TLS", VersionName(0x7f1c))
	assert.Equal(t, "Change Cipher Spec", TypeChangeCipherSpec.String())
	assert.Equal(t, "Unknown (99)", ContentType(99).String())
	assert.Equal(t, "Server Hello Done", HandshakeServerHelloDone.String())
	assert.Equal(t, "Alert (Level: Fatal, Description: Bad Record MAC)", Alert{2, 20}.String())
	assert.Equal(t, "Alert (Level: Unknown (9), Description: Unknown (255))", Alert{9, 255}.String())
}
