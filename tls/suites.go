package tls

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
)

// cipherKind is how a suite protects its records.
type cipherKind uint8

const (
	kindGCM    cipherKind = iota + 1 // AES-GCM (explicit nonce in TLS 1.2)
	kindChaCha                       // ChaCha20-Poly1305 (RFC 7905, RFC 8446)
	kindCBC                          // AES-CBC with HMAC (MAC then encrypt)
)

// suite is what decryption needs to know of a cipher suite.
type suite struct {
	id     uint16
	kind   cipherKind
	keyLen int
	// prf is the hash of the PRF (TLS 1.2) or of HKDF (TLS 1.3).
	prf func() hash.Hash
	// mac is the HMAC hash of a CBC suite; nil for AEAD suites.
	mac    func() hash.Hash
	tls13  bool
	macLen int
}

// suites lists the cipher suites this package decrypts.
var suites = [...]suite{
	// TLS 1.3
	{id: 0x1301, kind: kindGCM, keyLen: 16, prf: sha256.New, tls13: true},
	{id: 0x1302, kind: kindGCM, keyLen: 32, prf: sha512.New384, tls13: true},
	{id: 0x1303, kind: kindChaCha, keyLen: 32, prf: sha256.New, tls13: true},
	// TLS 1.2 AES-GCM: RSA, DHE_RSA, ECDHE_ECDSA, ECDHE_RSA
	{id: 0x009c, kind: kindGCM, keyLen: 16, prf: sha256.New},
	{id: 0x009d, kind: kindGCM, keyLen: 32, prf: sha512.New384},
	{id: 0x009e, kind: kindGCM, keyLen: 16, prf: sha256.New},
	{id: 0x009f, kind: kindGCM, keyLen: 32, prf: sha512.New384},
	{id: 0xc02b, kind: kindGCM, keyLen: 16, prf: sha256.New},
	{id: 0xc02c, kind: kindGCM, keyLen: 32, prf: sha512.New384},
	{id: 0xc02f, kind: kindGCM, keyLen: 16, prf: sha256.New},
	{id: 0xc030, kind: kindGCM, keyLen: 32, prf: sha512.New384},
	// TLS 1.2 ChaCha20-Poly1305: ECDHE_RSA, ECDHE_ECDSA, DHE_RSA
	{id: 0xcca8, kind: kindChaCha, keyLen: 32, prf: sha256.New},
	{id: 0xcca9, kind: kindChaCha, keyLen: 32, prf: sha256.New},
	{id: 0xccaa, kind: kindChaCha, keyLen: 32, prf: sha256.New},
	// TLS 1.2 AES-CBC with HMAC-SHA1 / SHA-256 / SHA-384
	{id: 0x002f, kind: kindCBC, keyLen: 16, prf: sha256.New, mac: sha1.New, macLen: 20},
	{id: 0x0035, kind: kindCBC, keyLen: 32, prf: sha256.New, mac: sha1.New, macLen: 20},
	{id: 0x003c, kind: kindCBC, keyLen: 16, prf: sha256.New, mac: sha256.New, macLen: 32},
	{id: 0x003d, kind: kindCBC, keyLen: 32, prf: sha256.New, mac: sha256.New, macLen: 32},
	{id: 0xc009, kind: kindCBC, keyLen: 16, prf: sha256.New, mac: sha1.New, macLen: 20},
	{id: 0xc00a, kind: kindCBC, keyLen: 32, prf: sha256.New, mac: sha1.New, macLen: 20},
	{id: 0xc013, kind: kindCBC, keyLen: 16, prf: sha256.New, mac: sha1.New, macLen: 20},
	{id: 0xc014, kind: kindCBC, keyLen: 32, prf: sha256.New, mac: sha1.New, macLen: 20},
	{id: 0xc023, kind: kindCBC, keyLen: 16, prf: sha256.New, mac: sha256.New, macLen: 32},
	{id: 0xc024, kind: kindCBC, keyLen: 32, prf: sha512.New384, mac: sha512.New384, macLen: 48},
	{id: 0xc027, kind: kindCBC, keyLen: 16, prf: sha256.New, mac: sha256.New, macLen: 32},
	{id: 0xc028, kind: kindCBC, keyLen: 32, prf: sha512.New384, mac: sha512.New384, macLen: 48},
}

// lookupSuite returns the suite of an id, or nil when it is not decrypted.
func lookupSuite(id uint16) *suite {
	for i := range suites {
		if suites[i].id == id {
			return &suites[i]
		}
	}
	return nil
}
