package tls

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"hash"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExpandLabel: HKDF-Expand-Label with one HMAC per secret gives what
// crypto/hkdf gives, for the labels and lengths TLS 1.3's keys use, with
// SHA-256 and SHA-384, the HMAC reused from label to label.
func TestExpandLabel(t *testing.T) {
	secret := []byte("a traffic secret of some length, 48 bytes long!!")
	for _, h := range []func() hash.Hash{sha256.New, sha512.New384} {
		mac := hmac.New(h, secret)
		for _, c := range []struct {
			label string
			n     int
		}{{"key", 16}, {"iv", 12}, {"key", 32}, {"traffic upd", h().Size()}, {"finished", h().Size()}} {
			info := binary.BigEndian.AppendUint16(nil, uint16(c.n))
			info = append(append(append(info, byte(6+len(c.label))), "tls13 "...), c.label...)
			info = append(info, 0)
			want, err := hkdf.Expand(h, secret, string(info), c.n)
			require.NoError(t, err)
			got := make([]byte, c.n)
			expandLabel(mac, c.label, nil, got)
			assert.Equal(t, want, got, "%s %d", c.label, c.n)
		}
	}
}
