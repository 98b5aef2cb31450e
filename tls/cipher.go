package tls

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"encoding/binary"
	"errors"
	"hash"

	"golang.org/x/crypto/chacha20poly1305"
)

// ErrDecrypt means a record failed its authentication: the wrong secrets
// (a key log for another capture), or damaged bytes. Its content is not
// returned.
var ErrDecrypt = errors.New("tls: record authentication failed")

// keys protects one direction of a session: a suite's cipher with its key,
// IV and record sequence number.
type keys struct {
	s    *suite
	aead cipher.AEAD
	// overhead is aead's Overhead(), asked once
	overhead int
	block    cipher.Block // CBC suites
	cbc      ivSetter     // CBC suites: the decrypter, reused from record to record
	macKey   []byte       // CBC suites
	iv       []byte       // 4 bytes (TLS 1.2 GCM), else 12; unused by CBC
	seq      uint64
	tls13    bool
	// kdf is the HMAC keyed by the TLS 1.3 traffic secret the keys come
	// from, for KeyUpdate.
	kdf hash.Hash
	// ivBuf holds iv (the caller's key material need not stay)
	ivBuf [12]byte
	// scratch of each record: its nonce, its additional data, the HMAC
	// of a CBC suite (kept: a record allocates nothing)
	nonceBuf [12]byte
	ad       [13]byte
	mac      hash.Hash
}

// newKeys returns the keys of a suite from a key, an IV and a MAC key.
func newKeys(s *suite, key, iv, macKey []byte) (*keys, error) {
	k := &keys{s: s, macKey: macKey, tls13: s.tls13}
	k.iv = append(k.ivBuf[:0], iv...)
	var err error
	switch s.kind {
	case kindGCM:
		var b cipher.Block
		if b, err = aes.NewCipher(key); err == nil {
			k.aead, err = cipher.NewGCM(b)
		}
	case kindChaCha:
		k.aead, err = chacha20poly1305.New(key)
	case kindCBC:
		k.block, err = aes.NewCipher(key)
	}
	if err != nil {
		return nil, err
	}
	if k.aead != nil {
		k.overhead = k.aead.Overhead()
	}
	return k, nil
}

// keys13 returns TLS 1.3 keys from a traffic secret (RFC 8446 §7.3).
func keys13(s *suite, secret []byte) (*keys, error) {
	kdf := hmac.New(s.prf, secret)
	var key [32]byte
	var iv [12]byte
	if s.keyLen > len(key) {
		return nil, ErrUnknownSuite
	}
	expandLabel(kdf, "key", nil, key[:s.keyLen])
	expandLabel(kdf, "iv", nil, iv[:])
	k, err := newKeys(s, key[:s.keyLen], iv[:], nil)
	if err != nil {
		return nil, err
	}
	k.kdf = kdf
	return k, nil
}

// update returns the keys that follow a TLS 1.3 KeyUpdate (RFC 8446 §7.2).
func (k *keys) update() (*keys, error) {
	var next [64]byte
	n := k.kdf.Size()
	expandLabel(k.kdf, "traffic upd", nil, next[:n])
	return keys13(k.s, next[:n])
}

// nonce writes the AEAD nonce of the current record into n.
func (k *keys) nonce(n []byte, explicit []byte) []byte {
	if len(k.iv) == 4 { // TLS 1.2 GCM: fixed IV + explicit nonce
		return append(append(n[:0], k.iv...), explicit...)
	}
	n = append(n[:0], k.iv...)
	for i := range 8 {
		n[len(n)-1-i] ^= byte(k.seq >> (8 * i))
	}
	return n
}

// open decrypts and authenticates the body of a record with header hdr
// (h parsed) in place: the plaintext overwrites the ciphertext in body, and
// the returned content is a part of body. For TLS 1.3 it also returns the
// inner content type and strips the padding. The sequence number moves on
// with every record, authentic or not.
func (k *keys) open(hdr []byte, h Header, body []byte) ([]byte, ContentType, error) {
	n := k.nonceBuf[:0]
	typ := h.Type
	var out []byte
	var err error
	switch {
	case k.s.kind == kindCBC:
		out, err = k.openCBC(h, body)
	case k.tls13:
		if len(body) < k.overhead {
			k.seq++
			return nil, typ, ErrDecrypt
		}
		out, err = k.aead.Open(body[:0], k.nonce(n, nil), body, hdr)
	default:
		explicit := []byte(nil)
		if len(k.iv) == 4 {
			if len(body) < 8 {
				k.seq++
				return nil, typ, ErrDecrypt
			}
			explicit, body = body[:8], body[8:]
		}
		if len(body) < k.overhead {
			k.seq++
			return nil, typ, ErrDecrypt
		}
		ad := k.ad[:]
		binary.BigEndian.PutUint64(ad, k.seq)
		ad[8] = byte(h.Type)
		binary.BigEndian.PutUint16(ad[9:], h.Version)
		binary.BigEndian.PutUint16(ad[11:], uint16(len(body)-k.overhead))
		out, err = k.aead.Open(body[:0], k.nonce(n, explicit), body, ad)
	}
	// the sender counted the record either way: a damaged record must not
	// make every later one fail too
	k.seq++
	if err != nil {
		return nil, typ, ErrDecrypt
	}
	if !k.tls13 {
		return out, typ, nil
	}
	// TLSInnerPlaintext: content, the type, zero padding
	i := len(out) - 1
	for i >= 0 && out[i] == 0 {
		i--
	}
	if i < 0 {
		return nil, typ, ErrDecrypt // no content type: unexpected_message
	}
	return out[:i], ContentType(out[i]), nil
}

// ivSetter is what Go's CBC decrypters implement: a new IV for the next
// record, without a new decrypter.
type ivSetter interface {
	cipher.BlockMode
	SetIV(iv []byte)
}

// openCBC decrypts a MAC-then-encrypt AES-CBC record (RFC 5246 §6.2.3.2)
// in place: it returns the content, a part of body.
func (k *keys) openCBC(h Header, body []byte) ([]byte, error) {
	bs := k.block.BlockSize()
	if len(body) < 2*bs || len(body)%bs != 0 {
		return nil, ErrDecrypt
	}
	iv, plain := body[:bs], body[bs:]
	if k.cbc == nil {
		if m, ok := cipher.NewCBCDecrypter(k.block, iv).(ivSetter); ok {
			k.cbc = m
		}
	} else {
		k.cbc.SetIV(iv)
	}
	if k.cbc != nil {
		k.cbc.CryptBlocks(plain, plain)
	} else {
		cipher.NewCBCDecrypter(k.block, iv).CryptBlocks(plain, plain)
	}
	pad := int(plain[len(plain)-1])
	if pad+1+k.s.macLen > len(plain) {
		return nil, ErrDecrypt
	}
	for _, b := range plain[len(plain)-1-pad:] {
		if int(b) != pad {
			return nil, ErrDecrypt
		}
	}
	data := plain[:len(plain)-1-pad-k.s.macLen]
	tag := plain[len(data) : len(data)+k.s.macLen]
	if k.mac == nil {
		k.mac = hmac.New(k.s.mac, k.macKey)
	}
	mac := k.mac
	mac.Reset()
	ad := k.ad[:]
	binary.BigEndian.PutUint64(ad, k.seq)
	ad[8] = byte(h.Type)
	binary.BigEndian.PutUint16(ad[9:], h.Version)
	binary.BigEndian.PutUint16(ad[11:], uint16(len(data)))
	mac.Write(ad)
	mac.Write(data)
	var sum [64]byte
	if !hmac.Equal(mac.Sum(sum[:0]), tag) {
		return nil, ErrDecrypt
	}
	return data, nil
}

// keys12 returns the client's and the server's TLS 1.2 keys from the master
// secret and the two randoms (RFC 5246 §6.3).
func keys12(s *suite, master, clientRandom, serverRandom []byte) (client, server *keys, err error) {
	ivLen := 12
	switch s.kind {
	case kindGCM:
		ivLen = 4
	case kindCBC:
		ivLen = 0 // TLS 1.1+: the IV is in each record
	}
	macLen := s.macLen
	block := make([]byte, 2*macLen+2*s.keyLen+2*ivLen)
	seed := append(append([]byte(nil), serverRandom...), clientRandom...)
	prf12(s.prf, master, "key expansion", seed, block)
	cmac, smac := block[:macLen], block[macLen:2*macLen]
	b := block[2*macLen:]
	ckey, skey := b[:s.keyLen], b[s.keyLen:2*s.keyLen]
	b = b[2*s.keyLen:]
	civ, siv := b[:ivLen], b[ivLen:2*ivLen]
	if client, err = newKeys(s, ckey, civ, cmac); err != nil {
		return nil, nil, err
	}
	if server, err = newKeys(s, skey, siv, smac); err != nil {
		return nil, nil, err
	}
	return client, server, nil
}
