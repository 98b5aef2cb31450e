package tls

import (
	"strconv"

	"github.com/wsdissect/wsdissect/field"
)

// fillCertificate adds under c the X.509 tree tshark's x509af, x509if,
// x509sat, x509ce and pkcs-1 dissectors show of a DER certificate that
// starts at offset base: signedCertificate, algorithmIdentifier, the
// signature. It stops quietly where the bytes stop making sense.
func fillCertificate(t *field.Tree, c field.Node, der []byte, base int) {
	top := derReader{b: der, off: base}
	cert, ok := top.nextTag(derSequence)
	if !ok {
		return
	}
	in := cert.inner()
	if tbs, ok := in.nextTag(derSequence); ok {
		fillTBSCertificate(t, c, tbs)
	}
	if alg, ok := in.nextTag(derSequence); ok {
		fillAlgorithm(t, c, &fX509afAlgorithmIdentifierElement, alg)
	}
	if sig, ok := in.nextTag(derBitString); ok && len(sig.content) > 0 {
		t.AddUint(c, &fBerBitstringPadding, sig.start+sig.hdr, 1, uint64(sig.content[0]))
		t.AddBytes(c, &fX509afEncrypted, sig.start+sig.hdr+1, len(sig.content)-1, sig.content[1:])
	}
}

// fillTBSCertificate adds signedCertificate: version to extensions.
func fillTBSCertificate(t *field.Tree, c field.Node, tbs derElem) {
	sc := t.AddNone(c, &fX509afSignedCertificateElement, tbs.start, tbs.size())
	in := tbs.inner()
	if v, ok := in.nextTag(0xa0); ok {
		vr := v.inner()
		if n, ok := vr.nextTag(derInteger); ok {
			x, _ := derInt(n.content)
			t.AddInt(sc, &fX509afVersion, n.start, n.size(), x)
		}
	}
	if s, ok := in.nextTag(derInteger); ok {
		addHexInteger(t, sc, &fX509afSerialNumber, s)
	}
	if alg, ok := in.nextTag(derSequence); ok {
		fillAlgorithm(t, sc, &fX509afSignatureElement, alg)
	}
	if name, ok := in.nextTag(derSequence); ok {
		fillName(t, sc, &fX509afIssuer, &fX509ifRdnSequence, name)
	}
	if v, ok := in.nextTag(derSequence); ok {
		n := t.AddNone(sc, &fX509afValidityElement, v.start, v.size())
		vr := v.inner()
		fillTime(t, n, &fX509afNotBefore, &vr)
		fillTime(t, n, &fX509afNotAfter, &vr)
	}
	if name, ok := in.nextTag(derSequence); ok {
		fillName(t, sc, &fX509afSubject, &fX509afRdnSequence, name)
	}
	if k, ok := in.nextTag(derSequence); ok {
		fillPublicKeyInfo(t, sc, k)
	}
	in.nextTag(0xa1) // issuerUniqueIdentifier
	in.nextTag(0xa2) // subjectUniqueIdentifier
	if x, ok := in.nextTag(0xa3); ok {
		xr := x.inner()
		if list, ok := xr.nextTag(derSequence); ok {
			fillExtensionsX509(t, sc, list)
		}
	}
}

// addHexInteger adds a big INTEGER as bytes, labelled "0x" and its hex as
// tshark labels one (cut with "…" past 36 bytes).
func addHexInteger(t *field.Tree, parent field.Node, f *field.Field, e derElem) field.Node {
	n := t.AddBytes(parent, f, e.start+e.hdr, len(e.content), e.content)
	b := append(t.Scratch(), "0x"...)
	if len(e.content) > 36 {
		b = append(field.AppendHex(b, e.content[:36], 0), "…"...)
	} else {
		b = field.AppendHex(b, e.content, 0)
	}
	t.SetValueText(n, b)
	t.KeepScratch(b)
	return n
}

// fillAlgorithm adds an AlgorithmIdentifier, "name (algorithm)", with its
// Algorithm Id.
func fillAlgorithm(t *field.Tree, parent field.Node, f *field.Field, alg derElem) {
	n := t.AddNone(parent, f, alg.start, alg.size())
	in := alg.inner()
	oid, ok := in.nextTag(derOID)
	if !ok {
		return
	}
	b := append(append(t.Scratch(), f.Name...), " ("...)
	b = append(appendOIDName(b, oid.content), ')')
	t.SetText(n, b)
	t.KeepScratch(b)
	addOID(t, n, &fX509afAlgorithmId, oid)
}

// addOID adds an OID, labelled "1.2.3 (name)" when it has a name.
func addOID(t *field.Tree, parent field.Node, f *field.Field, oid derElem) field.Node {
	n := t.AddBytes(parent, f, oid.start+oid.hdr, len(oid.content), oid.content)
	b := field.AppendOID(t.Scratch(), oid.content)
	if name, ok := oidNames[string(b)]; ok {
		b = append(append(append(b, " ("...), name...), ')')
	}
	t.SetValueText(n, b)
	t.KeepScratch(b)
	return n
}

// appendItems appends "N item(s)".
func appendItems(dst []byte, n int) []byte {
	return append(append(strconv.AppendInt(dst, int64(n), 10), ' '), plural(n, "item", "items")...)
}

// countElems counts the elements of content.
func countElems(e derElem) int {
	r, n := e.inner(), 0
	for r.more() {
		if _, ok := r.next(); !ok {
			break
		}
		n++
	}
	return n
}

// appendRDNSummary appends the "(id-at-commonName=x,...)" tshark puts
// after a name's items: each attribute's type and value, joined by ",".
func appendRDNSummary(dst []byte, set derElem) []byte {
	first := true
	sr := set.inner()
	for sr.more() {
		atv, ok := sr.nextTag(derSequence)
		if !ok {
			break
		}
		ar := atv.inner()
		oid, ok1 := ar.nextTag(derOID)
		val, ok2 := ar.next()
		if !ok1 || !ok2 {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(appendOIDName(dst, oid.content), '=')
		dst = field.AppendEscaped(dst, val.content)
	}
	return dst
}

// fillName adds a Name (issuer, subject): "rdnSequence (0)", its
// rdnSequence of RDNSequence items, each of attribute type and value.
func fillName(t *field.Tree, parent field.Node, f, seqField *field.Field, name derElem) {
	n := t.AddUint(parent, f, name.start, name.size(), 0)
	count := countElems(name)
	seq := t.AddUint(n, seqField, name.start, name.size(), uint64(count))
	b := appendItems(t.Scratch(), count)
	b = append(b, " ("...)
	nr := name.inner()
	for i := 0; nr.more(); i++ {
		set, ok := nr.nextTag(derSet)
		if !ok {
			break
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRDNSummary(b, set)
	}
	t.SetValueText(seq, append(b, ')'))
	t.KeepScratch(b)
	nr = name.inner()
	for nr.more() {
		set, ok := nr.nextTag(derSet)
		if !ok {
			break
		}
		k := countElems(set)
		item := t.AddUint(seq, &fX509ifRDNSequenceItem, set.start, set.size(), uint64(k))
		b := append(appendItems(t.Scratch(), k), " ("...)
		b = append(appendRDNSummary(b, set), ')')
		t.SetValueText(item, b)
		t.KeepScratch(b)
		sr := set.inner()
		for sr.more() {
			atv, ok := sr.nextTag(derSequence)
			if !ok {
				break
			}
			fillAttribute(t, item, atv)
		}
	}
}

// directoryStrings are the DirectoryString choices by DER tag: the number
// tshark shows and the field of the string.
var directoryStrings = [...]struct {
	tag    byte
	choice uint64
	f      *field.Field
}{
	{derTeletex, 0, &fX509satTeletexString2},
	{derPrintable, 1, &fX509satPrintableString2},
	{derUniversal, 2, &fX509satUniversalString2},
	{derBMPString, 3, &fX509satBmpString},
	{derUTF8String, 4, &fX509satUTF8String2},
}

// fillAttribute adds a RelativeDistinguishedName item: its type's Object
// Id and its value, a DirectoryString.
func fillAttribute(t *field.Tree, parent field.Node, atv derElem) {
	n := t.AddNone(parent, &fX509ifRelativeDistinguishedNameItemElement, atv.start, atv.size())
	ar := atv.inner()
	oid, ok := ar.nextTag(derOID)
	if !ok {
		return
	}
	b := append(t.Scratch(), fX509ifRelativeDistinguishedNameItemElement.Name...)
	b = append(appendOIDName(append(b, " ("...), oid.content), '=')
	val, ok := ar.next()
	if ok {
		b = field.AppendEscaped(b, val.content)
	}
	t.SetText(n, append(b, ')'))
	t.KeepScratch(b)
	addOID(t, n, &fX509ifOid, oid)
	if !ok {
		return
	}
	for _, d := range directoryStrings {
		if d.tag == val.tag {
			ds := t.AddUint(n, &fX509satDirectoryString, val.start, val.size(), d.choice)
			t.AddBytes(ds, d.f, val.start+val.hdr, len(val.content), val.content)
			return
		}
	}
}

// fillTime adds a Time (notBefore, notAfter): "utcTime (0)" and the time
// as tshark writes it, "2026-12-02 02:03:02 (UTC)".
func fillTime(t *field.Tree, parent field.Node, f *field.Field, r *derReader) {
	e, ok := r.next()
	if !ok {
		return
	}
	switch e.tag {
	case derUTCTime:
		n := t.AddUint(parent, f, e.start, e.size(), 0)
		s := e.content
		b := t.Scratch()
		if len(s) == 13 && s[12] == 'Z' {
			if s[0] < '5' {
				b = append(b, "20"...)
			} else {
				b = append(b, "19"...)
			}
			b = append(b, s[0], s[1], '-', s[2], s[3], '-', s[4], s[5], ' ', s[6], s[7], ':', s[8], s[9], ':', s[10], s[11])
			b = append(b, " (UTC)"...)
		} else {
			b = append(b, s...)
		}
		t.AddBytes(n, &fX509afUtcTime, e.start+e.hdr, len(s), b)
		t.KeepScratch(b)
	case derGeneralized:
		t.AddUint(parent, f, e.start, e.size(), 1) // its time not yet shown
	}
}

// oidRSAEncryption is rsaEncryption (1.2.840.113549.1.1.1), DER-encoded.
const oidRSAEncryption = "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"

// fillPublicKeyInfo adds subjectPublicKeyInfo: its algorithm and key, an
// RSA key's modulus and exponent under it.
func fillPublicKeyInfo(t *field.Tree, parent field.Node, k derElem) {
	n := t.AddNone(parent, &fX509afSubjectPublicKeyInfoElement2, k.start, k.size())
	in := k.inner()
	alg, ok := in.nextTag(derSequence)
	if !ok {
		return
	}
	fillAlgorithm(t, n, &fX509afAlgorithmElement, alg)
	key, ok := in.nextTag(derBitString)
	if !ok || len(key.content) == 0 {
		return
	}
	bits := key.content[1:]
	kn := t.AddBytes(n, &fX509afSubjectPublicKey, key.start+key.hdr+1, len(bits), bits)
	ar := alg.inner()
	if oid, ok := ar.nextTag(derOID); !ok || string(oid.content) != oidRSAEncryption {
		return
	}
	kr := derReader{b: bits, off: key.start + key.hdr + 1}
	seq, ok := kr.nextTag(derSequence)
	if !ok {
		return
	}
	sr := seq.inner()
	if m, ok := sr.nextTag(derInteger); ok {
		addHexInteger(t, kn, &fPkcs1Modulus, m)
	}
	if e, ok := sr.nextTag(derInteger); ok {
		if v, ok := derInt(e.content); ok {
			t.AddInt(kn, &fPkcs1PublicExponent, e.start, e.size(), v)
		}
	}
}
