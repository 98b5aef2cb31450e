package tls

import (
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
	var a, block [64]byte // A(i) and one P_hash block; SHA-384 at most
	mac.Write(ls)
	ai := mac.Sum(a[:0]) // A(1)
	for n := 0; n < len(out); {
		mac.Reset()
		mac.Write(ai)
		mac.Write(ls)
		n += copy(out[n:], mac.Sum(block[:0]))
		mac.Reset()
		mac.Write(ai)
		ai = mac.Sum(a[:0])
	}
}

// expandLabel writes TLS 1.3's HKDF-Expand-Label(secret, label, context,
// len(out)) (RFC 8446 §7.1) into out, with mac the HMAC keyed by the
// secret: one HMAC serves every label of a secret (its key, its IV, the
// next secret of a KeyUpdate). out is at most the hash's size long, as
// every key, IV and secret TLS 1.3 derives is, so that HKDF-Expand's
// output is its first block, HMAC(secret, info || 0x01), which hkdf.Expand
// would compute with a new HMAC each time.
func expandLabel(mac hash.Hash, label string, context []byte, out []byte) {
	var buf [64 + 64]byte // the info of the labels used here fit
	info := binary.BigEndian.AppendUint16(buf[:0], uint16(len(out)))
	info = append(info, byte(6+len(label)))
	info = append(info, "tls13 "...)
	info = append(info, label...)
	info = append(info, byte(len(context)))
	info = append(info, context...)
	info = append(info, 1) // the block's counter
	mac.Reset()
	mac.Write(info)
	var sum [64]byte
	copy(out, mac.Sum(sum[:0]))
}
