package tls

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handshakeMsg frames a handshake message.
func handshakeMsg(typ HandshakeType, body []byte) []byte {
	return append([]byte{byte(typ), byte(len(body) >> 16), byte(len(body) >> 8), byte(len(body))}, body...)
}

// plainRecord frames a record sent in the clear.
func plainRecord(typ ContentType, version uint16, content []byte) []byte {
	b := []byte{byte(typ), byte(version >> 8), byte(version), byte(len(content) >> 8), byte(len(content))}
	return append(b, content...)
}

// seal13 protects a TLS 1.3 record with k, as a sender does.
func seal13(k *keys, typ ContentType, content []byte) []byte {
	inner := append(bytes.Clone(content), byte(typ))
	hdr := []byte{byte(TypeApplicationData), 3, 3, 0, 0}
	binary.BigEndian.PutUint16(hdr[3:], uint16(len(inner)+k.aead.Overhead()))
	var n [12]byte
	rec := k.aead.Seal(hdr, k.nonce(n[:0], nil), inner, hdr)
	k.seq++
	return rec
}

// hellos13 returns a minimal TLS 1.3 ClientHello and ServerHello record.
func hellos13(clientRandom, serverRandom [32]byte, suite uint16) (ch, sh []byte) {
	chBody := binary.BigEndian.AppendUint16(nil, VersionTLS12)
	chBody = append(chBody, clientRandom[:]...)
	chBody = append(chBody, 0, 0, 2, byte(suite>>8), byte(suite), 1, 0)
	chBody = append(chBody, 0, 7, 0, 43, 0, 3, 2, 3, 4) // supported_versions: TLS 1.3
	shBody := binary.BigEndian.AppendUint16(nil, VersionTLS12)
	shBody = append(shBody, serverRandom[:]...)
	shBody = append(shBody, 0, byte(suite>>8), byte(suite), 0)
	shBody = append(shBody, 0, 6, 0, 43, 0, 2, 3, 4)
	return plainRecord(TypeHandshake, VersionTLS10, handshakeMsg(HandshakeClientHello, chBody)),
		plainRecord(TypeHandshake, VersionTLS12, handshakeMsg(HandshakeServerHello, shBody))
}

// TestKeyUpdate: after a KeyUpdate, a side's records use the next
// traffic secret; the other side's keep theirs.
func TestKeyUpdate(t *testing.T) {
	var cr, sr [32]byte
	cr[0], sr[0] = 1, 2
	secret := func(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }
	var log strings.Builder
	for i, l := range []Label{ClientHandshakeTrafficSecret, ServerHandshakeTrafficSecret, ClientTrafficSecret0, ServerTrafficSecret0} {
		fmt.Fprintf(&log, "%s %x %x\n", l, cr, secret(byte(0x10+i)))
	}
	keyLog, err := ReadKeyLog(strings.NewReader(log.String()))
	require.NoError(t, err)
	st := lookupSuite(0x1301)
	mk := func(b byte) *keys {
		k, err := keys13(st, secret(b))
		require.NoError(t, err)
		return k
	}
	chs, shs, cap0, sap0 := mk(0x10), mk(0x11), mk(0x12), mk(0x13)

	ch, sh := hellos13(cr, sr, 0x1301)
	finished := handshakeMsg(HandshakeFinished, make([]byte, 32))
	serverFlight := seal13(shs, TypeHandshake, append(handshakeMsg(HandshakeEncryptedExtensions, []byte{0, 0}), finished...))
	clientFinished := seal13(chs, TypeHandshake, finished)
	hello := seal13(cap0, TypeApplicationData, []byte("hello"))
	update := seal13(cap0, TypeHandshake, handshakeMsg(HandshakeKeyUpdate, []byte{0}))
	cap1, err := cap0.update()
	require.NoError(t, err)
	after := seal13(cap1, TypeApplicationData, []byte("after update"))
	answer := seal13(sap0, TypeApplicationData, []byte("server still on its first secret"))

	s := NewSession(keyLog)
	out := replay(s, []chunk{{0, ch}, {1, sh}, {1, serverFlight}, {0, clientFinished}, {0, hello}, {0, update}, {0, after}, {1, answer}})
	require.Empty(t, out.errs)
	assert.Equal(t, "helloafter update", string(out.plain[0]))
	assert.Equal(t, "server still on its first secret", string(out.plain[1]))
	assert.Equal(t, []HandshakeType{HandshakeKeyUpdate}, out.records[0][3].Handshakes)
	assert.Equal(t, []HandshakeType{HandshakeEncryptedExtensions, HandshakeFinished}, out.records[1][1].Handshakes)
}

// TestHandshakeTooLarge: a ClientHello announcing 16 MiB is refused at
// once, without waiting for (or buffering) its bytes.
func TestHandshakeTooLarge(t *testing.T) {
	s := NewSession(nil)
	msg := []byte{byte(HandshakeClientHello), 0xff, 0xff, 0xff}
	r := s.Read(0, plainRecord(TypeHandshake, VersionTLS10, append(msg, make([]byte, 1000)...)))
	assert.ErrorIs(t, r.Err, ErrHandshakeTooLarge)
	r = s.Read(0, plainRecord(TypeHandshake, VersionTLS10, make([]byte, 1000)))
	assert.NoError(t, r.Err, "the side's handshake is no longer read")
	assert.Empty(t, s.sides[0].hs)
}

// TestHandshakeAcrossRecords: a message cut over two records is read once
// whole, in the second.
func TestHandshakeAcrossRecords(t *testing.T) {
	var cr, sr [32]byte
	ch, _ := hellos13(cr, sr, 0x1301)
	msg := ch[HeaderLen:]
	s := NewSession(nil)
	r := s.Read(0, plainRecord(TypeHandshake, VersionTLS10, msg[:10]))
	assert.Empty(t, r.Handshakes)
	r = s.Read(0, plainRecord(TypeHandshake, VersionTLS10, msg[10:]))
	assert.Equal(t, []HandshakeType{HandshakeClientHello}, r.Handshakes)
	assert.True(t, s.HasClient)
	assert.Equal(t, []uint16{0x1301}, s.Client.CipherSuites)
	assert.Equal(t, []uint16{VersionTLS13}, s.Client.SupportedVersions)
}

// TestUnknownSuite: a suite this package does not decrypt is said once,
// on the session and on each encrypted record.
func TestUnknownSuite(t *testing.T) {
	var cr, sr [32]byte
	ch, sh := hellos13(cr, sr, 0x1304) // TLS_AES_128_CCM_SHA256
	s := NewSession(nil)
	s.Read(0, ch)
	s.Read(1, sh)
	assert.ErrorIs(t, s.KeyErr, ErrUnknownSuite)
	r := s.Read(1, plainRecord(TypeApplicationData, VersionTLS12, make([]byte, 40)))
	assert.True(t, r.Encrypted)
	assert.ErrorIs(t, r.Err, ErrUnknownSuite)
	assert.Nil(t, r.Data)
}
