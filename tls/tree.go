package tls

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/wsdissect/wsdissect/field"
)

// Names of the data sources tshark gives decrypted bytes: a record's
// content, and a PDU of the application protocol made of several records'
// content.
const (
	DecryptedSource   = "Decrypted TLS"
	ReassembledSource = "Reassembled TLS"
)

// TreeRecord is what the packet tree shows of one record.
type TreeRecord struct {
	Raw   []byte      // the record as sent: header and body
	Plain []byte      // its content once decrypted; nil when it was not
	Type  ContentType // the content type (inner, once decrypted)
	// Encrypted is set for a record sent encrypted; Decrypted once it was
	// decrypted.
	Encrypted, Decrypted bool
	// Session is the version the session negotiated (the record layer's
	// label); 0 when unknown.
	Session      uint16
	AppDataProto string
	Alert        Alert
	// Pending is how many bytes of its content wait for a PDU that later
	// records complete: "TLS segment data (N bytes)".
	Pending int
	// Completes is how many bytes of its content end a PDU begun in
	// earlier records, which this record completes: also "TLS segment
	// data (N bytes)".
	Completes int
	// ReassembledIn is the later frame where that PDU completes
	// (tls.reassembled_in); 0 when none.
	ReassembledIn uint64
	// Resumed is set on the server's ChangeCipherSpec of a resumed TLS 1.2
	// session: the expert info tls.resumed.
	Resumed bool
}

// eResumed is the expert info on the server's ChangeCipherSpec of a
// resumed session.
var eResumed = field.Expert{Abbrev: "tls.resumed", Group: field.GroupSequence, Severity: field.SeverityNote,
	Summary: "This session reuses previously negotiated keys (Session resumption)"}

// FillTree adds one "Transport Layer Security" item holding records, as
// tshark shows the records one call of its dissector read.
func FillTree(t *field.Tree, records []TreeRecord) field.Node {
	if !wantsTLS(t) || len(records) == 0 {
		return field.NoNode
	}
	n := t.AddProtocol(field.NoNode, &fTls, 0, 0, nil)
	for i := range records {
		fillRecord(t, n, &records[i])
	}
	return n
}

// recordName is the label's start: "TLSv1.3 Record Layer".
func recordName(dst []byte, r *TreeRecord) []byte {
	v := r.Session
	if v == 0 && len(r.Raw) >= 3 {
		v = binary.BigEndian.Uint16(r.Raw[1:3])
	}
	dst = append(dst, VersionName(v)...)
	return append(dst, " Record Layer: "...)
}

func fillRecord(t *field.Tree, parent field.Node, r *TreeRecord) {
	if len(r.Raw) < HeaderLen {
		return
	}
	h, _ := ParseHeader(r.Raw)
	body := r.Raw[HeaderLen:]
	content := body
	encrypted := r.Encrypted || r.Plain != nil || (r.Type == TypeApplicationData && !r.Decrypted) || r.Decrypted
	if r.Decrypted {
		content = r.Plain
	}
	label := recordName(t.Scratch(), r)
	switch r.Type {
	case TypeHandshake:
		label = append(label, "Handshake Protocol: "...)
		if encrypted && !r.Decrypted {
			label = append(label, "Encrypted Handshake Message"...)
			break
		}
		n, first, body := messageTypes(content)
		switch n {
		case 0:
			label = append(label, "Encrypted Handshake Message"...)
		case 1:
			label = append(label, messageName(first, body)...)
		default:
			label = append(label, "Multiple Handshake Messages"...)
		}
	case TypeChangeCipherSpec:
		label = append(label, "Change Cipher Spec Protocol: Change Cipher Spec"...)
	case TypeAlert:
		if encrypted && !r.Decrypted {
			label = append(label, "Encrypted Alert"...)
		} else {
			label = r.Alert.append(label)
		}
	case TypeApplicationData:
		label = append(label, "Application Data Protocol: "...)
		if r.AppDataProto != "" {
			label = append(label, r.AppDataProto...)
		} else {
			label = append(label, "Application Data"...)
		}
	default:
		label = append(label, h.Type.String()...)
	}
	rec := t.AddNone(parent, &fTlsRecord, 0, len(r.Raw))
	t.SetText(rec, label)
	t.KeepScratch(label)
	protected := h.Type == TypeApplicationData && r.Session == VersionTLS13
	if protected {
		t.AddUint(rec, &fTlsRecordOpaqueType, 0, 1, uint64(h.Type))
	} else {
		t.AddUint(rec, &fTlsRecordContentType, 0, 1, uint64(h.Type))
	}
	t.AddUint(rec, &fTlsRecordVersion, 1, 2, uint64(h.Version))
	t.AddUint(rec, &fTlsRecordLength, 3, 2, uint64(h.Length))
	if protected && r.Decrypted {
		t.SetGenerated(t.AddUint(rec, &fTlsRecordContentType, 0, 0, uint64(r.Type)))
	}
	switch {
	case r.Type == TypeApplicationData:
		t.AddBytes(rec, &fTlsAppData, HeaderLen, len(body), body)
		if r.AppDataProto != "" {
			t.SetGenerated(t.AddString(rec, &fTlsAppDataProto, 0, 0, r.AppDataProto))
		}
	case encrypted && !r.Decrypted:
		// the content is not readable
		if r.Type == TypeAlert {
			a := t.AddNone(rec, &fTlsAlertMessage, HeaderLen, len(body))
			t.SetText(a, []byte("Alert Message: Encrypted Alert"))
		}
	case r.Type == TypeChangeCipherSpec:
		c := t.AddNone(rec, &fTlsChangeCipherSpec, HeaderLen, len(body))
		if r.Resumed {
			t.AddExpert(c, &eResumed, HeaderLen, len(body), nil)
		}
	case r.Type == TypeAlert && len(content) >= 2:
		a := t.AddNone(rec, &fTlsAlertMessage, HeaderLen, 2)
		t.SetText(a, []byte("Alert Message"))
		t.AddUint(a, &fTlsAlertMessageLevel, HeaderLen, 1, uint64(content[0]))
		t.AddUint(a, &fTlsAlertMessageDesc, HeaderLen+1, 1, uint64(content[1]))
	case r.Type == TypeHandshake:
		for b := content; len(b) >= 4; {
			n := int(b[1])<<16 | int(binary.BigEndian.Uint16(b[2:4]))
			if len(b) < 4+n {
				break
			}
			fillHandshake(t, rec, HandshakeType(b[0]), b[4:4+n], r.Session)
			b = b[4+n:]
		}
	}
	if r.Completes > 0 && r.Decrypted {
		addSegmentData(t, parent, content[:min(r.Completes, len(content))])
	}
	if r.Pending > 0 && r.Decrypted {
		if r.ReassembledIn != 0 {
			t.SetGenerated(t.AddUint(parent, &fTlsReassembledIn, 0, 0, r.ReassembledIn))
		}
		addSegmentData(t, parent, content[max(len(content)-r.Pending, 0):])
	}
}

// addSegmentData adds "TLS segment data (N bytes)": content of a record
// that is part of a PDU reassembled from several records.
func addSegmentData(t *field.Tree, parent field.Node, data []byte) {
	d := t.AddBytes(parent, &fTlsSegmentData, 0, len(data), data)
	b := append(strconv.AppendInt(append(t.Scratch(), "TLS segment data ("...), int64(len(data)), 10), plural(len(data), " byte)", " bytes)")...)
	t.SetText(d, b)
	t.KeepScratch(b)
}

// messageTypes counts the whole handshake messages of content and
// returns the type and the body of the first.
func messageTypes(b []byte) (n int, first HandshakeType, body []byte) {
	for len(b) >= 4 {
		l := int(b[1])<<16 | int(binary.BigEndian.Uint16(b[2:4]))
		if len(b) < 4+l {
			break
		}
		if n == 0 {
			first, body = HandshakeType(b[0]), b[4:4+l]
		}
		n++
		b = b[4+l:]
	}
	return n, first, body
}

// messageName is tshark's name of a handshake message: its type's, but
// "Hello Retry Request" for a ServerHello that is one.
func messageName(typ HandshakeType, body []byte) string {
	if isHelloRetry(typ, body) {
		return HandshakeHelloRetryRequest.String()
	}
	return typ.String()
}

// fillHandshake adds one handshake message.
func fillHandshake(t *field.Tree, parent field.Node, typ HandshakeType, body []byte, session uint16) {
	n := t.AddNone(parent, &fTlsHandshake, 0, 4+len(body))
	t.SetText(n, append(append(t.Scratch(), "Handshake Protocol: "...), messageName(typ, body)...))
	t.AddUint(n, &fTlsHandshakeType2, 0, 1, uint64(typ))
	t.AddUint(n, &fTlsHandshakeLength, 1, 3, uint64(len(body)))
	switch typ {
	case HandshakeClientHello:
		fillHello(t, n, body, typ, session)
	case HandshakeServerHello:
		if isHelloRetry(typ, body) {
			typ = HandshakeHelloRetryRequest
		}
		fillHello(t, n, body, typ, session)
	case HandshakeEncryptedExtensions:
		r := reader{b: body}
		fillExtensions(t, n, &r, typ, nil)
	case HandshakeFinished:
		t.AddNone(n, &fTlsHandshakeVerifyData, 4, len(body))
	case HandshakeKeyUpdate:
		// tshark adds it beside the message, in the record
		if len(body) >= 1 {
			t.AddUint(parent, &fTlsHandshakeKeyUpdateRequestUpdate, 4, 1, uint64(body[0]))
		}
	default:
		fillMessage(t, n, typ, body, session)
	}
}

// fillHello adds the fields of a ClientHello, a ServerHello or a
// HelloRetryRequest (msg), and its JA3 or JA3S fingerprint.
func fillHello(t *field.Tree, n field.Node, body []byte, msg HandshakeType, session uint16) {
	client := msg == HandshakeClientHello
	r := reader{b: body}
	version := r.u16()
	t.AddUint(n, &fTlsHandshakeVersion, 4, 2, uint64(version))
	random := r.n(32)
	if r.bad {
		return
	}
	rn := t.AddBytes(n, &fTlsHandshakeRandom, 6, 32, random)
	if msg == HandshakeHelloRetryRequest {
		label := append(t.AppendLabel(t.Scratch(), rn), " (HelloRetryRequest magic)"...)
		t.SetText(rn, label)
		t.KeepScratch(label)
	}
	if session != VersionTLS13 {
		t.AddTime(rn, &fTlsHandshakeRandomTime, 6, 4, time.Unix(int64(binary.BigEndian.Uint32(random)), 0).UTC())
		t.AddBytes(rn, &fTlsHandshakeRandomBytes, 10, 28, random[4:])
	}
	sidLen := r.u8()
	sid := r.n(sidLen)
	t.AddUint(n, &fTlsHandshakeSessionIdLength, 38, 1, uint64(sidLen))
	if sidLen > 0 && !r.bad {
		t.AddBytes(n, &fTlsHandshakeSessionId, 39, sidLen, sid)
	}
	var suites list16
	if client {
		csLen := r.u16()
		cs := reader{b: r.n(csLen)}
		t.AddUint(n, &fTlsHandshakeCipherSuitesLength, 0, 2, uint64(csLen))
		list := t.AddNone(n, &fTlsHandshakeCiphersuites, 0, csLen)
		t.SetText(list, counted(t.Scratch(), "Cipher Suites", csLen/2, "suite", "suites"))
		for len(cs.b) >= 2 {
			s := uint16(cs.u16())
			suites.add(s)
			t.AddUint(list, &fTlsHandshakeCiphersuite, 0, 2, uint64(s))
		}
		cmLen := r.u8()
		cm := r.n(cmLen)
		t.AddUint(n, &fTlsHandshakeCompMethodsLength, 0, 1, uint64(cmLen))
		ml := t.AddNone(n, &fTlsHandshakeCompMethods, 0, cmLen)
		t.SetText(ml, counted(t.Scratch(), "Compression Methods", cmLen, "method", "methods"))
		for _, m := range cm {
			t.AddUint(ml, &fTlsHandshakeCompMethod, 0, 1, uint64(m))
		}
	} else {
		s := uint16(r.u16())
		suites.add(s)
		t.AddUint(n, &fTlsHandshakeCiphersuite, 0, 2, uint64(s))
		t.AddUint(n, &fTlsHandshakeCompMethod, 0, 1, uint64(r.u8()))
	}
	if r.bad {
		return
	}
	var ja ja3
	if len(r.b) > 0 {
		fillExtensions(t, n, &r, msg, &ja)
	}
	full := t.Scratch()
	full = strconv.AppendInt(full, int64(version), 10)
	full = append(full, ',')
	full = appendList(full, suites.values(), client)
	full = append(full, ',')
	full = appendList(full, ja.exts.values(), true)
	if client {
		full = append(full, ',')
		full = appendList(full, ja.groups.values(), true)
		full = append(full, ',')
		full = appendList(full, ja.formats.values(), true)
	}
	sum := md5.Sum(full)
	fullField, hashField := &fTlsHandshakeJa3Full, &fTlsHandshakeJa3
	if !client {
		fullField, hashField = &fTlsHandshakeJa3sFull, &fTlsHandshakeJa3s
	}
	t.SetGenerated(t.AddStringBytes(n, fullField, 0, 0, full))
	t.SetGenerated(t.AddString(n, hashField, 0, 0, hex.EncodeToString(sum[:])))
	t.KeepScratch(full)
}

// ja3 collects what a JA3 fingerprint lists of the extensions, in
// arrays of its own so that a hello allocates nothing (what does not fit
// is left out).
type ja3 struct {
	exts, groups, formats list16
}

// list16 is a bounded list of 16-bit values.
type list16 struct {
	v [128]uint16
	n int
}

func (l *list16) add(v uint16) {
	if l.n < len(l.v) {
		l.v[l.n] = v
		l.n++
	}
}

func (l *list16) values() []uint16 { return l.v[:l.n] }

// isGREASE reports whether v is a GREASE value (RFC 8701), which JA3 leaves out.
func isGREASE(v uint16) bool { return v&0x0f0f == 0x0a0a && v>>8 == v&0xff }

func appendList(dst []byte, vs []uint16, skipGREASE bool) []byte {
	first := true
	for _, v := range vs {
		if skipGREASE && isGREASE(v) {
			continue
		}
		if !first {
			dst = append(dst, '-')
		}
		first = false
		dst = strconv.AppendUint(dst, uint64(v), 10)
	}
	return dst
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// fillExtensions adds an extensions block of a message of type msg:
// "Extensions Length" and each "Extension: name (len=N)" with its type and
// length.
func fillExtensions(t *field.Tree, n field.Node, r *reader, msg HandshakeType, ja *ja3) {
	client := msg == HandshakeClientHello
	total := r.u16()
	exts := reader{b: r.n(total)}
	if r.bad {
		return
	}
	t.AddUint(n, &fTlsHandshakeExtensionsLength, 0, 2, uint64(total))
	for len(exts.b) >= 4 {
		typ := uint16(exts.u16())
		e := exts.vec(2)
		if exts.bad {
			return
		}
		label := append(t.Scratch(), "Extension: "...)
		if name, ok := fTlsHandshakeExtensionType.ValueName(uint64(typ)); ok {
			label = append(label, name...)
		} else {
			label = strconv.AppendUint(append(label, "Unknown type "...), uint64(typ), 10)
		}
		label = append(strconv.AppendInt(append(label, " (len="...), int64(len(e.b)), 10), ')')
		x := t.AddText(n, 0, 4+len(e.b), label)
		t.KeepScratch(label)
		t.AddUint(x, &fTlsHandshakeExtensionType, 0, 2, uint64(typ))
		t.AddUint(x, &fTlsHandshakeExtensionLen, 2, 2, uint64(len(e.b)))
		if ja != nil {
			ja.exts.add(typ)
		}
		if fillExtension(t, x, typ, e.b, msg, ja) {
			continue
		}
		switch typ {
		case extSupportedVersions:
			if client {
				l := e.u8()
				t.AddUint(x, &fTlsHandshakeExtensionsSupportedVersionsLen, 4, 1, uint64(l))
				for list := (reader{b: e.n(l)}); len(list.b) >= 2; {
					t.AddUint(x, &fTlsHandshakeExtensionsSupportedVersion, 0, 2, uint64(list.u16()))
				}
			} else if len(e.b) >= 2 {
				t.AddUint(x, &fTlsHandshakeExtensionsSupportedVersion, 4, 2, uint64(e.u16()))
			}
		case 10: // supported_groups
			if ja != nil {
				list := e.vec(2)
				for len(list.b) >= 2 {
					ja.groups.add(uint16(list.u16()))
				}
			}
		case 11: // ec_point_formats
			if ja != nil {
				list := e.vec(1)
				for _, f := range list.b {
					ja.formats.add(uint16(f))
				}
			}
		}
	}
}

// FillSegments adds the tree tshark shows after the TLS items of a frame in
// which a PDU made of several records' data completes: "[5 Reassembled
// TLS segments (65543 bytes): #65(16384), ...]", each record's part, the
// count, the length and the PDU's bytes. piece returns the i-th part: the
// frame of its record, where it starts in the PDU, its length.
func FillSegments(t *field.Tree, count, length int, piece func(i int) (frame uint64, offset, size int), data []byte) field.Node {
	if !t.Wants(&fTls) || count == 0 {
		return field.NoNode
	}
	label := strconv.AppendInt(t.Scratch(), int64(count), 10)
	label = append(label, " Reassembled TLS segments ("...)
	label = append(strconv.AppendInt(label, int64(length), 10), " bytes): "...)
	for i := range count {
		f, _, size := piece(i)
		if i > 0 {
			label = append(label, ", "...)
		}
		label = append(strconv.AppendUint(append(label, '#'), f, 10), '(')
		label = append(strconv.AppendInt(label, int64(size), 10), ')')
	}
	n := t.AddNone(field.NoNode, &fTlsSegments, 0, length)
	t.SetText(n, label)
	t.KeepScratch(label)
	t.SetGenerated(n)
	for i := range count {
		f, off, size := piece(i)
		s := t.AddUint(n, &fTlsSegment, 0, 0, f)
		b := strconv.AppendUint(append(t.Scratch(), "Frame: "...), f, 10)
		b = append(strconv.AppendInt(append(b, ", payload: "...), int64(off), 10), '-')
		b = append(strconv.AppendInt(b, int64(off+size-1), 10), " ("...)
		b = append(strconv.AppendInt(b, int64(size), 10), plural(size, " byte)", " bytes)")...)
		t.SetText(s, b)
		t.KeepScratch(b)
		t.SetGenerated(s)
	}
	t.SetGenerated(t.AddUint(n, &fTlsSegmentCount, 0, 0, uint64(count)))
	t.SetGenerated(t.AddUint(n, &fTlsReassembledLength, 0, 0, uint64(length)))
	if data != nil {
		t.SetGenerated(t.AddBytes(n, &fTlsReassembledData, 0, len(data), data))
	}
	return n
}
