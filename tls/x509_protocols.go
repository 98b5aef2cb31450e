package tls

import (
	"encoding/binary"

	"github.com/wsdissect/wsdissect/field"
)

// AppendProtocols appends to a frame's protocols (frame.protocols) the
// names of the dissectors tshark calls under a record beyond tls itself:
// for each certificate of a Certificate message, x509sat for each
// attribute of its issuer and subject, x509ce for each extension x509ce
// dissects (":x509sat:x509sat:x509ce:x509ce").
func AppendProtocols(dst []byte, r *TreeRecord) []byte {
	if r.Type != TypeHandshake || len(r.Raw) < HeaderLen || (r.Plain != nil && !r.Decrypted) {
		return dst
	}
	content := r.Raw[HeaderLen:]
	if r.Decrypted {
		content = r.Plain
	}
	for b := content; len(b) >= 4; {
		n := int(b[1])<<16 | int(binary.BigEndian.Uint16(b[2:4]))
		if len(b) < 4+n {
			break
		}
		if HandshakeType(b[0]) == HandshakeCertificate {
			dst = appendCertificatesProtocols(dst, b[4:4+n], r.Session)
		}
		b = b[4+n:]
	}
	return dst
}

// appendCertificatesProtocols walks a Certificate message's list as
// fillMessage does.
func appendCertificatesProtocols(dst, body []byte, session uint16) []byte {
	r := reader{b: body}
	if session == VersionTLS13 {
		r.n(r.u8())
	}
	total := int(r.u8())<<16 | r.u16()
	list := reader{b: r.n(total)}
	for len(list.b) >= 3 && !list.bad {
		der := list.n(int(list.u8())<<16 | list.u16())
		if list.bad {
			break
		}
		dst = appendCertificateProtocols(dst, der)
		if session == VersionTLS13 {
			list.n(list.u16())
		}
	}
	return dst
}

// appendCertificateProtocols appends the protocols of one certificate,
// in the order fillCertificate meets them.
func appendCertificateProtocols(dst, der []byte) []byte {
	top := derReader{b: der}
	cert, _ := top.nextTag(derSequence)
	in := cert.inner()
	tbs, _ := in.nextTag(derSequence)
	tr := tbs.inner()
	tr.nextTag(0xa0)
	tr.nextTag(derInteger)
	tr.nextTag(derSequence)
	for i := 0; i < 4; i++ { // issuer, validity, subject, subjectPublicKeyInfo
		e, ok := tr.nextTag(derSequence)
		if !ok {
			return dst
		}
		if i == 0 || i == 2 {
			dst = appendNameProtocols(dst, e)
		}
	}
	tr.nextTag(0xa1)
	tr.nextTag(0xa2)
	x, _ := tr.nextTag(0xa3)
	xr := x.inner()
	list, _ := xr.nextTag(derSequence)
	lr := list.inner()
	for lr.more() {
		ext, ok := lr.nextTag(derSequence)
		if !ok {
			break
		}
		er := ext.inner()
		if oid, ok := er.nextTag(derOID); ok && x509ceDissects(string(oid.content)) {
			dst = append(dst, ":x509ce"...)
		}
	}
	return dst
}

// appendNameProtocols appends x509sat for each attribute of a Name.
func appendNameProtocols(dst []byte, name derElem) []byte {
	nr := name.inner()
	for nr.more() {
		set, ok := nr.nextTag(derSet)
		if !ok {
			break
		}
		sr := set.inner()
		for sr.more() {
			if _, ok := sr.nextTag(derSequence); !ok {
				break
			}
			dst = append(dst, ":x509sat"...)
		}
	}
	return dst
}

// x509ceDissects reports whether x509ce dissects the extension of the OID
// (DER content) as fillExtensionValue does.
func x509ceDissects(oid string) bool {
	switch oid {
	case oidSubjectKeyIdentifier, oidAuthorityKeyIdentifier, oidBasicConstraints, oidSubjectAltName:
		return true
	}
	return false
}

// wantsTLS reports whether the tree wants the TLS items: those of tls, or
// those of the X.509 protocols a certificate's tree holds, built with them.
func wantsTLS(t *field.Tree) bool {
	return t.Wants(&fTls) || t.Wants(&fX509af) || t.Wants(&fX509if) || t.Wants(&fX509sat) ||
		t.Wants(&fX509ce) || t.Wants(&fPkcs1) || t.Wants(&fBer)
}
