package tls

import (
	"crypto/hkdf"
	"crypto/hmac"
	"encoding/binary"
	"hash"
)

// prf12 is the TLS 1.2 PRF (RFC 5246 §5): P_hash(secret, label + seed),
// filling out.
func prf12(h func() hash.Hash, secret []byte, label string, seed []byte, out []byte) {
	ls := make([]byte, 0, len(label)+len(seed))
	ls = append(append(ls, label...), seed...)
	mac := hmac.New(h, secret)
	mac.Write(ls)
	a := mac.Sum(nil) // A(1)
	for n := 0; n < len(out); {
		mac.Reset()
		mac.Write(a)
		mac.Write(ls)
		n += copy(out[n:], mac.Sum(nil))
		mac.Reset()
		mac.Write(a)
		a = mac.Sum(a[:0])
	}
}

// expandLabel is TLS 1.3's HKDF-Expand-Label(secret, label, context, n)
// (RFC 8446 §7.1).
func expandLabel(h func() hash.Hash, secret []byte, label string, context []byte, n int) []byte {
	info := make([]byte, 0, 4+6+len(label)+len(context))
	info = binary.BigEndian.AppendUint16(info, uint16(n))
	info = append(info, byte(6+len(label)))
	info = append(info, "tls13 "...)
	info = append(info, label...)
	info = append(info, byte(len(context)))
	info = append(info, context...)
	out, err := hkdf.Expand(h, secret, string(info), n)
	if err != nil {
		return make([]byte, n) // n is a key or IV length: never too long
	}
	return out
}
