package tls

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCorpusSessions decrypts the first connection of wss captures made by
// Node (OpenSSL) and Go (crypto/tls), TLS 1.2 and 1.3, with each AEAD.
func TestCorpusSessions(t *testing.T) {
	tests := []struct {
		name    string
		version uint16
		suite   uint16
		alpn    string
		// handshakes of the server's first flight, as tshark lists them
		serverFlight []HandshakeType
	}{
		{"s-pingclose-tls12-chacha20-4443", VersionTLS12, 0xcca8, "", []HandshakeType{2, 11, 12, 14}},
		{"s-deflate-noctx-tls12-aes128gcm-443", VersionTLS12, 0xc02f, "", []HandshakeType{2, 11, 12, 14}},
		{"s-go-gorilla-tls12-aes256gcm-4443", VersionTLS12, 0xc030, "http/1.1", []HandshakeType{2, 11, 12, 14}},
		{"s-echo-tls13-chacha20-443", VersionTLS13, 0x1303, "", []HandshakeType{2, 8, 11, 15, 20}},
		{"s-coalesced-tls13-aes256gcm-443", VersionTLS13, 0x1302, "", []HandshakeType{2, 8, 11, 15, 20}},
		{"s-deflate-ctx-tls13-aes128gcm-9443", VersionTLS13, 0x1301, "", []HandshakeType{2, 8, 11, 15, 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSession(readKeys(t, tt.name))
			out := replay(s, readStream(t, tt.name))
			require.Empty(t, out.errs)
			assert.Equal(t, tt.version, s.Version)
			assert.Equal(t, tt.suite, s.Suite)
			assert.Equal(t, tt.alpn, s.ALPN)
			assert.NoError(t, s.KeyErr)
			assert.Equal(t, 0, s.ClientSide())
			assert.True(t, bytes.HasPrefix(out.plain[0], []byte("GET /ws HTTP/1.1\r\n")), "%.40q", out.plain[0])
			assert.True(t, bytes.HasPrefix(out.plain[1], []byte("HTTP/1.1 101 Switching Protocols\r\n")), "%.40q", out.plain[1])
			var flight []HandshakeType
			for _, r := range out.records[1] {
				flight = append(flight, r.Handshakes...)
				if len(flight) >= len(tt.serverFlight) {
					break
				}
			}
			assert.Equal(t, tt.serverFlight, flight)
			// every record after the handshake was decrypted, the close_notify too
			last := out.records[0][len(out.records[0])-1]
			assert.True(t, last.Decrypted)
			assert.Equal(t, TypeAlert, last.Type)
			assert.Equal(t, "Alert (Level: Warning, Description: Close Notify)", last.Alert.String())
		})
	}
}

// TestWithoutSecrets: the records stay encrypted, each says why, nothing
// is returned as data.
func TestWithoutSecrets(t *testing.T) {
	for _, name := range []string{"s-pingclose-tls12-chacha20-4443", "s-echo-tls13-chacha20-443"} {
		t.Run(name, func(t *testing.T) {
			// the key log of another capture: no secret for this session
			s := NewSession(readKeys(t, "s-coalesced-tls13-aes256gcm-443"))
			out := replay(s, readStream(t, name))
			assert.Empty(t, out.plain[0])
			assert.Empty(t, out.plain[1])
			require.NotEmpty(t, out.errs)
			for _, err := range out.errs {
				assert.ErrorIs(t, err, ErrNoSecrets)
			}
			assert.ErrorIs(t, s.KeyErr, ErrNoSecrets)
			for _, r := range out.records[0] {
				if r.Encrypted {
					assert.False(t, r.Decrypted)
					assert.Nil(t, r.Data)
				}
			}
		})
	}
}

// TestWrongSecrets: the session's client random with other secrets: every
// encrypted record fails its tag and is no data.
func TestWrongSecrets(t *testing.T) {
	for _, name := range []string{"s-deflate-noctx-tls12-aes128gcm-443", "s-deflate-ctx-tls13-aes128gcm-9443"} {
		t.Run(name, func(t *testing.T) {
			k := readKeys(t, name)
			for _, s := range k.sessions {
				for i := range s {
					if s[i] != nil {
						s[i] = bytes.Repeat([]byte{0x42}, len(s[i]))
					}
				}
			}
			s := NewSession(k)
			out := replay(s, readStream(t, name))
			assert.Empty(t, out.plain[0])
			assert.Empty(t, out.plain[1])
			require.NotEmpty(t, out.errs)
			for _, err := range out.errs {
				assert.ErrorIs(t, err, ErrDecrypt)
			}
		})
	}
}

// TestDamagedRecord: a flipped bit fails that record only.
func TestDamagedRecord(t *testing.T) {
	name := "s-echo-tls13-chacha20-443"
	chunks := readStream(t, name)
	// the client's WebSocket messages come after its GET: damage the 4th
	// client chunk's last byte (a record's tag)
	n := 0
	for i := range chunks {
		if chunks[i].side == 0 {
			n++
			if n == 4 {
				chunks[i].data = bytes.Clone(chunks[i].data)
				chunks[i].data[len(chunks[i].data)-1] ^= 1
				break
			}
		}
	}
	s := NewSession(readKeys(t, name))
	out := replay(s, chunks)
	require.Len(t, out.errs, 1)
	assert.True(t, errors.Is(out.errs[0], ErrDecrypt))
	assert.True(t, bytes.HasPrefix(out.plain[0], []byte("GET /ws")))
	last := out.records[0][len(out.records[0])-1]
	assert.True(t, last.Decrypted, "the records after the damaged one still decrypt")
}
