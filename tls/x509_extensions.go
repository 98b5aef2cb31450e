package tls

import (
	"net/netip"

	"github.com/wsdissect/wsdissect/field"
)

// fillExtensionsX509 adds a certificate's extensions: "N items", each an
// Extension of its Id, critical flag and what x509ce makes of its value.
func fillExtensionsX509(t *field.Tree, parent field.Node, list derElem) {
	count := countElems(list)
	n := t.AddUint(parent, &fX509afExtensions, list.start, list.size(), uint64(count))
	b := appendItems(t.Scratch(), count)
	t.SetValueText(n, b)
	t.KeepScratch(b)
	lr := list.inner()
	for lr.more() {
		ext, ok := lr.nextTag(derSequence)
		if !ok {
			return
		}
		x := t.AddNone(n, &fX509afExtensionElement, ext.start, ext.size())
		er := ext.inner()
		oid, ok := er.nextTag(derOID)
		if !ok {
			continue
		}
		b := append(t.Scratch(), fX509afExtensionElement.Name...)
		b = append(appendOIDName(append(b, " ("...), oid.content), ')')
		t.SetText(x, b)
		t.KeepScratch(b)
		addOID(t, x, &fX509afExtensionId, oid)
		if c, ok := er.nextTag(derBoolean); ok && len(c.content) == 1 {
			t.AddBool(x, &fX509afCritical, c.start+c.hdr, 1, c.content[0] != 0)
		}
		if v, ok := er.nextTag(derOctetString); ok {
			fillExtensionValue(t, x, string(oid.content), v.inner())
		}
	}
}

// The DER content of the extensions' OIDs x509ce dissects here.
const (
	oidSubjectKeyIdentifier   = "\x55\x1d\x0e" // 2.5.29.14
	oidSubjectAltName         = "\x55\x1d\x11" // 2.5.29.17
	oidBasicConstraints       = "\x55\x1d\x13" // 2.5.29.19
	oidAuthorityKeyIdentifier = "\x55\x1d\x23" // 2.5.29.35
)

// fillExtensionValue adds what x509ce shows of an extension's value.
func fillExtensionValue(t *field.Tree, x field.Node, oid string, r derReader) {
	switch oid {
	case oidSubjectKeyIdentifier:
		if k, ok := r.nextTag(derOctetString); ok {
			t.AddBytes(x, &fX509ceSubjectKeyIdentifier, k.start+k.hdr, len(k.content), k.content)
		}
	case oidAuthorityKeyIdentifier:
		seq, ok := r.nextTag(derSequence)
		if !ok {
			return
		}
		n := t.AddNone(x, &fX509ceAuthorityKeyIdentifierElement, seq.start, seq.size())
		sr := seq.inner()
		if k, ok := sr.nextTag(0x80); ok {
			t.AddBytes(n, &fX509ceKeyIdentifier, k.start+k.hdr, len(k.content), k.content)
		}
	case oidBasicConstraints:
		seq, ok := r.nextTag(derSequence)
		if !ok {
			return
		}
		n := t.AddNone(x, &fX509ceBasicConstraintsSyntaxElement, seq.start, seq.size())
		sr := seq.inner()
		if c, ok := sr.nextTag(derBoolean); ok && len(c.content) == 1 {
			t.AddBool(n, &fX509ceCA, c.start+c.hdr, 1, c.content[0] != 0)
		}
		if l, ok := sr.nextTag(derInteger); ok {
			if v, ok := derInt(l.content); ok {
				t.AddUint(n, &fX509cePathLenConstraint, l.start+l.hdr, len(l.content), uint64(v))
			}
		}
	case oidSubjectAltName:
		seq, ok := r.nextTag(derSequence)
		if !ok {
			return
		}
		fillGeneralNames(t, x, seq)
	}
}

// fillGeneralNames adds GeneralNames: "N items", each GeneralName by its
// choice (dNSName, iPAddress, rfc822Name, uniformResourceIdentifier).
func fillGeneralNames(t *field.Tree, parent field.Node, seq derElem) {
	count := countElems(seq)
	n := t.AddUint(parent, &fX509ceGeneralNames, seq.start, seq.size(), uint64(count))
	b := appendItems(t.Scratch(), count)
	t.SetValueText(n, b)
	t.KeepScratch(b)
	sr := seq.inner()
	for sr.more() {
		g, ok := sr.next()
		if !ok {
			return
		}
		choice := g.tag & 0x1f
		gn := t.AddUint(n, &fX509ceGeneralName, g.start, g.size(), uint64(choice))
		at, l := g.start+g.hdr, len(g.content)
		switch {
		case g.tag == 0x81:
			t.AddBytes(gn, &fX509ceRfc822Name, at, l, g.content)
		case g.tag == 0x82:
			t.AddBytes(gn, &fX509ceDNSName, at, l, g.content)
		case g.tag == 0x86:
			t.AddBytes(gn, &fX509ceUniformResourceIdentifier, at, l, g.content)
		case g.tag == 0x87 && l == 4:
			t.AddIP(gn, &fX509ceIPAddressIpv4, at, l, netip.AddrFrom4([4]byte(g.content)))
		case g.tag == 0x87 && l == 16:
			t.AddIP(gn, &fX509ceIPAddressIpv6, at, l, netip.AddrFrom16([16]byte(g.content)))
		}
	}
}
