package tls

import (
	"encoding/asn1"
	"strconv"

	"github.com/wsdissect/wsdissect/field"
)

// counted appends "Name (N things)" with tshark's plural.
func counted(dst []byte, name string, n int, one, many string) []byte {
	dst = append(dst, name...)
	dst = strconv.AppendInt(append(dst, " ("...), int64(n), 10)
	if one == "" {
		return append(dst, ')')
	}
	return append(append(append(dst, ' '), plural(n, one, many)...), ')')
}

// addSigAlg adds a signature algorithm with its hash and signature bytes.
func addSigAlg(t *field.Tree, parent field.Node, v uint16) {
	a := t.AddUint(parent, &fTlsHandshakeSigHashAlg, 0, 2, uint64(v))
	if _, ok := fTlsHandshakeSigHashAlg.ValueName(uint64(v)); !ok {
		// tshark names an algorithm it does not know by its hash and
		// signature bytes' names: "Unknown SM2 (0x0904)"
		b := append(t.Scratch(), nameOr(&fTlsHandshakeSigHashHash, uint64(v>>8))...)
		b = append(append(b, ' '), nameOr(&fTlsHandshakeSigHashSig, uint64(v&0xff))...)
		t.SetValueText(a, appendHex16(append(b, " ("...), v, ')'))
		t.KeepScratch(b)
	}
	t.AddUint(a, &fTlsHandshakeSigHashHash, 0, 1, uint64(v>>8))
	t.AddUint(a, &fTlsHandshakeSigHashSig, 1, 1, uint64(v&0xff))
}

// nameOr is a field's name of v, or "Unknown".
func nameOr(f *field.Field, v uint64) string {
	if n, ok := f.ValueName(v); ok {
		return n
	}
	return "Unknown"
}

// appendValueName appends a field's name of v, or "Unknown (v)".
func appendValueName(dst []byte, f *field.Field, v uint64) []byte {
	if n, ok := f.ValueName(v); ok {
		return append(dst, n...)
	}
	return append(strconv.AppendUint(append(dst, "Unknown ("...), v, 10), ')')
}

// fillExtension adds what an extension of a message of type msg says
// beyond its type and length; it reports whether it knew the extension
// (else the caller does).
func fillExtension(t *field.Tree, x field.Node, typ uint16, b []byte, msg HandshakeType, ja *ja3) bool {
	client := msg == HandshakeClientHello
	e := reader{b: b}
	switch {
	case typ == extServerName:
		if len(b) > 0 { // a server's is empty
			fillServerName(t, x, e)
		}
	case typ == 10: // supported_groups
		l := e.u16()
		t.AddUint(x, &fTlsHandshakeExtensionsSupportedGroupsLength, 4, 2, uint64(l))
		list := reader{b: e.n(l)}
		g := t.AddNone(x, &fTlsHandshakeExtensionsSupportedGroups, 6, l)
		t.SetText(g, counted(t.Scratch(), "Supported Groups", l/2, "group", "groups"))
		for len(list.b) >= 2 {
			v := uint16(list.u16())
			if ja != nil {
				ja.groups.add(v)
			}
			t.AddUint(g, &fTlsHandshakeExtensionsSupportedGroup, 0, 2, uint64(v))
		}
	case typ == 11: // ec_point_formats
		l := e.u8()
		t.AddUint(x, &fTlsHandshakeExtensionsEcPointFormatsLength, 4, 1, uint64(l))
		list := e.n(l)
		f := t.AddNone(x, &fTlsHandshakeExtensionsEcPointFormats, 5, l)
		t.SetText(f, counted(t.Scratch(), "Elliptic curves point formats", l, "", ""))
		for _, v := range list {
			if ja != nil {
				ja.formats.add(uint16(v))
			}
			t.AddUint(f, &fTlsHandshakeExtensionsEcPointFormat, 0, 1, uint64(v))
		}
	case typ == 13 || typ == 50: // signature_algorithms, signature_algorithms_cert
		l := e.u16()
		t.AddUint(x, &fTlsHandshakeSigHashAlgLen, 4, 2, uint64(l))
		list := reader{b: e.n(l)}
		a := t.AddNone(x, &fTlsHandshakeSigHashAlgs, 6, l)
		t.SetText(a, counted(t.Scratch(), "Signature Hash Algorithms", l/2, "algorithm", "algorithms"))
		for len(list.b) >= 2 {
			addSigAlg(t, a, uint16(list.u16()))
		}
	case typ == extALPN:
		l := e.u16()
		t.AddUint(x, &fTlsHandshakeExtensionsAlpnLen, 4, 2, uint64(l))
		list := reader{b: e.n(l)}
		p := t.AddNone(x, &fTlsHandshakeExtensionsAlpnList, 6, l)
		for len(list.b) > 0 && !list.bad {
			n := list.u8()
			s := list.n(n)
			t.AddUint(p, &fTlsHandshakeExtensionsAlpnStrLen, 0, 1, uint64(n))
			t.AddStringBytes(p, &fTlsHandshakeExtensionsAlpnStr, 1, n, s)
		}
	case typ == 35: // session_ticket
		d := t.AddBytes(x, &fTlsHandshakeExtensionData, 4, len(b), b)
		label := strconv.AppendInt(append(t.Scratch(), "Data ("...), int64(len(b)), 10)
		label = append(label, plural(len(b), " byte)", " bytes)")...)
		t.SetText(d, label)
		t.KeepScratch(label)
		if len(b) == 0 {
			t.SetMissing(d) // -T fields: <MISSING>, as tshark's
		}
	case typ == 45: // psk_key_exchange_modes
		l := e.u8()
		t.AddUint(x, &fTlsExtensionPskKeModesLength, 4, 1, uint64(l))
		for _, m := range e.n(l) {
			t.AddUint(x, &fTlsExtensionPskKeMode, 5, 1, uint64(m))
		}
	case typ == 51: // key_share
		k := t.AddText(x, 4, len(b), []byte("Key Share extension"))
		if msg == HandshakeHelloRetryRequest {
			t.AddUint(k, &fTlsHandshakeExtensionsKeyShareSelectedGroup, 4, 2, uint64(e.u16()))
			break
		}
		if client {
			l := e.u16()
			t.AddUint(k, &fTlsHandshakeExtensionsKeyShareClientLength, 4, 2, uint64(l))
			e = reader{b: e.n(l)}
		}
		for len(e.b) >= 4 && !e.bad {
			g := e.u16()
			kl := e.u16()
			ke := e.n(kl)
			if e.bad {
				break
			}
			label := append(t.Scratch(), "Key Share Entry: Group: "...)
			label = appendValueName(label, &fTlsHandshakeExtensionsKeyShareGroup, uint64(g))
			label = strconv.AppendInt(append(label, ", Key Exchange length: "...), int64(kl), 10)
			entry := t.AddText(k, 0, 4+kl, label)
			t.KeepScratch(label)
			t.AddUint(entry, &fTlsHandshakeExtensionsKeyShareGroup, 0, 2, uint64(g))
			t.AddUint(entry, &fTlsHandshakeExtensionsKeyShareKeyExchangeLength, 2, 2, uint64(kl))
			t.AddBytes(entry, &fTlsHandshakeExtensionsKeyShareKeyExchange, 4, kl, ke)
		}
	case typ == 5: // status_request
		t.AddUint(x, &fTlsHandshakeExtensionsStatusRequestType, 4, 1, uint64(e.u8()))
		l := e.u16()
		t.AddUint(x, &fTlsHandshakeExtensionsStatusRequestResponderIdsLen, 5, 2, uint64(l))
		e.n(l)
		t.AddUint(x, &fTlsHandshakeExtensionsStatusRequestExtsLen, 7+l, 2, uint64(e.u16()))
	case typ == 27: // compress_certificate
		l := e.u8()
		t.AddUint(x, &fTlsCompressCertificateAlgorithmsLength, 4, 1, uint64(l))
		for list := (reader{b: e.n(l)}); len(list.b) >= 2; {
			t.AddUint(x, &fTlsCompressCertificateAlgorithm, 5, 2, uint64(list.u16()))
		}
	case typ == 41 && client: // pre_shared_key
		k := t.AddText(x, 4, len(b), []byte("Pre-Shared Key extension"))
		il := e.u16()
		t.AddUint(k, &fTlsHandshakeExtensionsPskIdentitiesLength, 4, 2, uint64(il))
		ids := reader{b: e.n(il)}
		for len(ids.b) >= 2 && !ids.bad {
			l := ids.u16()
			id := ids.n(l)
			age := uint32(ids.u16())<<16 | uint32(ids.u16())
			if ids.bad {
				break
			}
			label := strconv.AppendInt(append(t.Scratch(), "PSK Identity (length: "...), int64(l), 10)
			p := t.AddText(k, 0, 2+l+4, append(label, ')'))
			t.KeepScratch(label)
			t.AddUint(p, &fTlsHandshakeExtensionsPskIdentityIdentityLength, 0, 2, uint64(l))
			t.AddBytes(p, &fTlsHandshakeExtensionsPskIdentityIdentity, 2, l, id)
			t.AddUint(p, &fTlsHandshakeExtensionsPskIdentityObfuscatedTicketAge, 2+l, 4, uint64(age))
		}
		bl := e.u16()
		t.AddUint(k, &fTlsHandshakeExtensionsPskBindersLen, 0, 2, uint64(bl))
		t.AddNone(k, &fTlsHandshakeExtensionsPskBinders, 2, bl)
	case typ == 41: // pre_shared_key of a ServerHello: the identity chosen
		k := t.AddText(x, 4, len(b), []byte("Pre-Shared Key extension"))
		t.AddUint(k, &fTlsHandshakeExtensionsPskIdentitySelected, 4, 2, uint64(e.u16()))
	case typ == 65281: // renegotiation_info
		r := t.AddText(x, 4, len(b), []byte("Renegotiation Info extension"))
		l := e.u8()
		t.AddUint(r, &fTlsHandshakeExtensionsRenegInfoLen, 4, 1, uint64(l))
		if l > 0 {
			t.AddBytes(r, &fTlsHandshakeExtensionsRenegInfo, 5, l, e.n(l))
		}
	case typ == 18 || typ == 22 || typ == 23 || typ == extSupportedVersions:
		return false // nothing more, or said by the caller
	default:
		if _, ok := fTlsHandshakeExtensionType.ValueName(uint64(typ)); ok && !isGREASE(typ) {
			return false
		}
		d := t.AddBytes(x, &fTlsHandshakeExtensionData, 4, len(b), b)
		if len(b) == 0 {
			t.SetMissing(d)
		}
	}
	return true
}

// fillServerName adds the server_name extension of a ClientHello: "Server
// Name Indication extension", the list's length and each name's type,
// length and name.
func fillServerName(t *field.Tree, x field.Node, e reader) {
	n := t.AddText(x, 4, len(e.b), []byte("Server Name Indication extension"))
	l := e.u16()
	if e.bad {
		return
	}
	t.AddUint(n, &fTlsHandshakeExtensionsServerNameListLen, 4, 2, uint64(l))
	list := reader{b: e.n(min(l, len(e.b)))}
	for off := 6; len(list.b) > 0; {
		typ := list.u8()
		t.AddUint(n, &fTlsHandshakeExtensionsServerNameType, off, 1, uint64(typ))
		nl := list.u16()
		if list.bad {
			return
		}
		t.AddUint(n, &fTlsHandshakeExtensionsServerNameLen, off+1, 2, uint64(nl))
		name := list.n(nl)
		if list.bad {
			return
		}
		t.AddStringBytes(n, &fTlsHandshakeExtensionsServerName, off+3, nl, name)
		off += 3 + nl
	}
}

// fillMessage adds the fields of the handshake messages other than the
// hellos and Finished.
func fillMessage(t *field.Tree, n field.Node, typ HandshakeType, body []byte, session uint16) {
	r := reader{b: body}
	switch typ {
	case HandshakeNewSessionTicket:
		s := t.AddText(n, 4, len(body), []byte("TLS Session Ticket"))
		hint := uint32(r.u16())<<16 | uint32(r.u16())
		h := t.AddUint(s, &fTlsHandshakeSessionTicketLifetimeHint, 4, 4, uint64(hint))
		t.SetValueText(h, appendLifetime(t.Scratch(), hint))
		if session == VersionTLS13 {
			add := uint32(r.u16())<<16 | uint32(r.u16())
			t.AddUint(s, &fTlsHandshakeSessionTicketAgeAdd, 8, 4, uint64(add))
			nl := r.u8()
			t.AddUint(s, &fTlsHandshakeSessionTicketNonceLength, 12, 1, uint64(nl))
			nonce := t.AddBytes(s, &fTlsHandshakeSessionTicketNonce, 13, nl, r.n(nl))
			if nl == 0 {
				t.SetMissing(nonce)
			}
		}
		tl := r.u16()
		t.AddUint(s, &fTlsHandshakeSessionTicketLength, 0, 2, uint64(tl))
		t.AddBytes(s, &fTlsHandshakeSessionTicket, 2, tl, r.n(tl))
		if session == VersionTLS13 && !r.bad {
			fillExtensions(t, s, &r, typ, nil)
		}
	case HandshakeCertificateVerify:
		addSigAlg(t, n, uint16(r.u16()))
		l := r.u16()
		t.AddUint(n, &fTlsHandshakeClientCertVrfySigLen, 6, 2, uint64(l))
		t.AddBytes(n, &fTlsHandshakeClientCertVrfySig, 8, l, r.n(l))
	case HandshakeServerKeyExchange:
		p := t.AddText(n, 4, len(body), []byte("EC Diffie-Hellman Server Params"))
		t.AddUint(p, &fTlsHandshakeServerCurveType, 4, 1, uint64(r.u8()))
		t.AddUint(p, &fTlsHandshakeServerNamedCurve, 5, 2, uint64(r.u16()))
		pl := r.u8()
		t.AddUint(p, &fTlsHandshakeServerPointLen, 7, 1, uint64(pl))
		t.AddBytes(p, &fTlsHandshakeServerPoint, 8, pl, r.n(pl))
		addSigAlg(t, p, uint16(r.u16()))
		sl := r.u16()
		t.AddUint(p, &fTlsHandshakeSigLen, 0, 2, uint64(sl))
		t.AddBytes(p, &fTlsHandshakeSig, 2, sl, r.n(sl))
	case HandshakeClientKeyExchange:
		p := t.AddText(n, 4, len(body), []byte("EC Diffie-Hellman Client Params"))
		pl := r.u8()
		t.AddUint(p, &fTlsHandshakeClientPointLen, 4, 1, uint64(pl))
		t.AddBytes(p, &fTlsHandshakeClientPoint, 5, pl, r.n(pl))
	case HandshakeCertificate:
		if session == VersionTLS13 {
			cl := r.u8()
			t.AddUint(n, &fTlsHandshakeCertificateRequestContextLength, 4, 1, uint64(cl))
			if cl > 0 {
				t.AddBytes(n, &fTlsHandshakeCertificateRequestContext, 5, cl, r.n(cl))
			}
		}
		total := int(r.u8())<<16 | r.u16()
		t.AddUint(n, &fTlsHandshakeCertificatesLength, 0, 3, uint64(total))
		list := reader{b: r.n(total)}
		cs := t.AddNone(n, &fTlsHandshakeCertificates, 0, total)
		t.SetText(cs, counted(t.Scratch(), "Certificates", total, "bytes", "bytes"))
		for len(list.b) >= 3 && !list.bad {
			l := int(list.u8())<<16 | list.u16()
			der := list.n(l)
			if list.bad {
				break
			}
			t.AddUint(cs, &fTlsHandshakeCertificateLength, 0, 3, uint64(l))
			c := t.AddBytes(cs, &fTlsHandshakeCertificate, 3, l, der)
			if cn := subjectCommonName(der); cn != nil {
				label := t.AppendLabel(t.Scratch(), c)
				label = append(append(label, " (id-at-commonName="...), cn...)
				t.SetText(c, append(label, ')'))
				t.KeepScratch(label)
			}
			fillCertificate(t, c, der, 3)
			if session == VersionTLS13 {
				fillExtensions(t, cs, &list, typ, nil)
			}
		}
	}
}

// appendLifetime writes a ticket lifetime as tshark does: in the field's
// unit, "0 seconds", and from a minute on its span too, "7200 seconds (2
// hours)".
func appendLifetime(dst []byte, secs uint32) []byte {
	dst = strconv.AppendUint(dst, uint64(secs), 10)
	u := fTlsHandshakeSessionTicketLifetimeHint.Unit
	dst = append(dst, plural(int(secs), u.Singular, u.Plural)...)
	if secs < 60 {
		return dst
	}
	dst = append(dst, " ("...)
	parts := [...]struct {
		n        uint32
		one, any string
	}{{secs / 86400, "day", "days"}, {secs / 3600 % 24, "hour", "hours"}, {secs / 60 % 60, "minute", "minutes"}, {secs % 60, "second", "seconds"}}
	first := true
	for _, p := range parts {
		if p.n == 0 {
			continue
		}
		if !first {
			dst = append(dst, ", "...)
		}
		first = false
		dst = strconv.AppendUint(dst, uint64(p.n), 10)
		dst = append(append(dst, ' '), plural(int(p.n), p.one, p.any)...)
	}
	return append(dst, ')')
}

// appendHex16 appends v as 0x%04x, then end.
func appendHex16(dst []byte, v uint16, end byte) []byte {
	const digits = "0123456789abcdef"
	return append(dst, '0', 'x', digits[v>>12], digits[v>>8&0xf], digits[v>>4&0xf], digits[v&0xf], end)
}

// oidCommonName is id-at-commonName (2.5.4.3), DER-encoded.
var oidCommonName = []byte{0x55, 0x04, 0x03}

// der reads one DER element: its tag, its content and the rest.
func der(b []byte) (tag byte, content, rest []byte, ok bool) {
	if len(b) < 2 {
		return 0, nil, nil, false
	}
	tag, n, b := b[0], int(b[1]), b[2:]
	if n&0x80 != 0 {
		k := n & 0x7f
		if k == 0 || k > 3 || len(b) < k {
			return 0, nil, nil, false
		}
		n = 0
		for _, c := range b[:k] {
			n = n<<8 | int(c)
		}
		b = b[k:]
	}
	if n > len(b) {
		return 0, nil, nil, false
	}
	return tag, b[:n], b[n:], true
}

// subjectCommonName returns the subject's common name of an X.509
// certificate, read in place (no allocation), or nil.
func subjectCommonName(cert []byte) []byte {
	_, c, _, ok := der(cert) // Certificate
	if !ok {
		return nil
	}
	_, tbs, _, ok := der(c) // TBSCertificate
	if !ok {
		return nil
	}
	tag, _, rest, ok := der(tbs)
	if ok && tag == 0xa0 { // [0] version
		_, _, rest, ok = der(rest)
	} else if ok {
		rest = tbs // no version: the serial number comes first
		_, _, rest, ok = der(rest)
	}
	for range 3 { // signature, issuer, validity
		if !ok {
			return nil
		}
		_, _, rest, ok = der(rest)
	}
	if !ok {
		return nil
	}
	tag, subject, _, ok := der(rest)
	if !ok || tag != asn1.TagSequence|0x20 {
		return nil
	}
	for len(subject) > 0 {
		_, set, next, ok := der(subject)
		if !ok {
			return nil
		}
		subject = next
		_, atv, _, ok := der(set)
		if !ok {
			return nil
		}
		tag, oid, value, ok := der(atv)
		if !ok || tag != asn1.TagOID || string(oid) != string(oidCommonName) {
			continue
		}
		if _, v, _, ok := der(value); ok {
			return v
		}
	}
	return nil
}
