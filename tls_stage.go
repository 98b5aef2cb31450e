package wsdissect

import (
	"errors"
	"fmt"
	"slices"

	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/reassembly"
	"github.com/wsdissect/wsdissect/tls"
)

// TLSRecord is one TLS record as tshark shows it, in the frame where its
// last byte arrived.
type TLSRecord struct {
	Version uint16          // tls.record.version
	Type    tls.ContentType // tls.record.content_type: the inner type once decrypted
	Length  int             // tls.record.length
	// Opaque is set for a TLS 1.3 protected record: tls.record.opaque_type
	// (23) is shown.
	Opaque bool
	// Encrypted and Decrypted: sent encrypted, and decrypted with the key log.
	Encrypted, Decrypted bool
	// Handshakes are the handshake messages that end in the record
	// (tls.handshake.type).
	Handshakes []tls.HandshakeType
	// CipherSuites are the suites of a ClientHello or a ServerHello in the
	// record (tls.handshake.ciphersuite).
	CipherSuites []uint16
	// Alert is the alert of a readable Alert record.
	Alert tls.Alert
	// AppDataProto is tls.app_data_proto: the protocol of the application
	// data, shown when the port says it (443: HTTP).
	AppDataProto string
	// Err is why the record could not be read (decryption failed, no secrets).
	Err error
	// What the packet tree shows, kept with Options.KeepFrames: the
	// record as sent, its decrypted content, the session's version, the
	// bytes of its content left waiting for a later record, and whether
	// it starts a "Transport Layer Security" item of its own (the first of
	// a frame, one reassembled from several segments, the one after it).
	raw, plain []byte
	session    uint16
	pending    int
	// completes is how many bytes of its content end a PDU begun in
	// earlier records (the last part of a "Reassembled TLS" PDU).
	completes int
	newItem   bool
	multi     bool
	// retry is set for a HelloRetryRequest (a ServerHello by its type).
	retry bool
	// resumed is set on the server's ChangeCipherSpec of a resumed
	// session (tls.resumed).
	resumed bool
	// reassembledIn is the frame where the PDU its pending bytes begin
	// completes (tls.reassembled_in).
	reassembledIn uint64
}

// TLSConnection holds the TLS facts of a connection.
type TLSConnection struct {
	Version     uint16 // negotiated: tls.VersionTLS12, tls.VersionTLS13
	CipherSuite uint16
	ServerName  string   // SNI
	ALPN        []string // offered by the client
	HelloRetry  bool     // a HelloRetryRequest was sent
	// Decrypted is set when the key log held the session's secrets.
	Decrypted bool
	// Encrypted counts, per direction ([0] the client's), the bytes of
	// application data records that stayed encrypted: not dissected.
	Encrypted [2]int64
	// Failed counts the records whose authentication failed.
	Failed int
	// Resumed is set when the server resumed an earlier TLS 1.2 session
	// (an abbreviated handshake: tls.resumed).
	Resumed bool
}

// tlsConn is the TLS state of a connection.
type tlsConn struct {
	sess *tls.Session
	info TLSConnection
	// hold is the first frame of a hello whose record waits for the
	// ServerHello: its protocol column shows the negotiated version.
	hold    uint64
	holdRec []*Record
}

// tlsDir is the TLS state of one direction: its decrypted bytes are a
// stream of their own, read by the HTTP and WebSocket stages.
type tlsDir struct {
	inner *direction
	seq   uint32 // next sequence number of the decrypted stream
	side  int    // the Session's side of the direction
	// recPDU is where the record being read is listed in its record's
	// PDUs (for the packet tree).
	recPDU int
	// oneFrame is set when the last PDU of the decrypted stream took
	// bytes of several records of the frame it completes in: tshark then
	// leaves the protocol column to TLS.
	oneFrame bool
}

// appDataProto is tls.app_data_proto: the protocol tshark hands the
// application data to when the ALPN the server selected or the port (443
// only, in tshark 4.0) says it; others are found by heuristics, which show
// none.
func appDataProto(c *conn) string {
	switch c.tls.sess.ALPN {
	case "http/1.1":
		return "Hypertext Transfer Protocol"
	case "h2":
		return "HyperText Transfer Protocol 2"
	}
	if c.tlsPort() {
		return "Hypertext Transfer Protocol"
	}
	return ""
}

// tlsPort reports whether the connection is on the port tshark 4.0
// registers to TLS (443): its records are read without a hello.
func (c *conn) tlsPort() bool {
	return c.info.TCP.Server.Port() == 443 || c.info.TCP.Client.Port() == 443
}

// plain reports whether drainTLS has nothing to do with the direction: it
// is a decrypted stream, which HTTP and WebSocket read, or a direction of
// a connection that is not TLS and can no longer turn out to be (one that
// has carried HTTP, or WebSocket, whose every segment is drained).
func (d *direction) plain() bool {
	return d.wire != nil || d.tls == nil && d.c.tls == nil && (d.mode != modeHTTP || d.hadHTTP)
}

// drainTLS runs the TLS stage over the bytes of a direction that is not
// plain (drain asks first); it reports whether the direction is TLS (or
// may still turn out to be), in which case the HTTP stage must not read
// them.
func (c *conn) drainTLS(d *direction, cur *Record, q *recordQueue) bool {
	if d.tls == nil {
		if c.tls == nil {
			// the first bytes of an HTTP direction: TLS, or not
			b := d.stream.Bytes()
			yes, need := tls.Looks(b)
			midstream := false
			if !yes && !need && c.tlsPort() {
				// the capture began after the handshake
				yes, need = tls.LooksRecord(b)
				midstream = true
			}
			if need {
				return true
			}
			if !yes {
				return false
			}
			// made once the bytes tell: every HTTP connection is asked
			sess := tls.NewSession(nil)
			if midstream {
				sess = tls.NewMidstreamSession()
			}
			c.tls = &tlsConn{sess: sess}
			c.info.TLS = &c.tls.info
		}
		c.startTLS(d)
	}
	c.tls.sess.KeyLog = cur.keyLog
	for d.mode != modeRaw {
		b := d.stream.Bytes()
		h, err := tls.ParseHeader(b)
		if errors.Is(err, tls.ErrShort) {
			break
		}
		if err != nil {
			cur.Anomalies = append(cur.Anomalies, Anomaly{Layer: "tls", Severity: field.SeverityError, Group: field.GroupMalformed,
				Message: err.Error() + ": rest of the direction not dissected"})
			d.mode = modeRaw
			d.passOver(d.stream.Readable())
			break
		}
		total := tls.HeaderLen + h.Length
		if len(b) < total {
			break
		}
		pdu := d.consume(total) // b stays valid until the next stream call
		target := attach(&pdu, cur, q)
		d.tls.recPDU = len(target.PDUs)
		c.notePDU(&pdu, target, q, b, true) // TLS reassembles its records itself: no PDU Size
		c.tlsRecord(d, b[:total], target, q)
		if c.opt.KeepFrames {
			r := &target.TLS[len(target.TLS)-1]
			n := len(target.TLS)
			r.newItem = n == 1 || pdu.Multi || target.TLS[n-2].multi
			r.multi = pdu.Multi
		}
	}
	return true
}

// startTLS makes a direction of a TLS connection read TLS records.
func (c *conn) startTLS(d *direction) {
	inner := &direction{c: c, stream: reassembly.NewStream(c.streamConfig()),
		acct: new(Accounting), fromClient: d.fromClient, wire: d}
	d.tls = &tlsDir{inner: inner, seq: 1}
	if c.dirs[1] == d {
		d.tls.side = 1
	}
}

// tlsRecord reads one whole record and feeds its application data to the
// decrypted stream. raw, the record in the direction's stream buffer, is
// decrypted in place: its plaintext is copied once, into the decrypted
// stream.
func (c *conn) tlsRecord(d *direction, raw []byte, target *Record, q *recordQueue) {
	t := c.tls
	var kept []byte
	if c.opt.KeepFrames {
		kept = target.keep(raw) // the record as sent: Read decrypts it in place
	}
	r := t.sess.Read(d.tls.side, raw)
	tr := TLSRecord{Version: r.Header.Version, Type: r.Type, Length: r.Header.Length, Encrypted: r.Encrypted,
		Decrypted: r.Decrypted, Alert: r.Alert, Err: r.Err, resumed: r.Resumed}
	if r.Resumed {
		t.info.Resumed = true
	}
	tr.Opaque = r.Encrypted && t.sess.Version == tls.VersionTLS13
	if len(r.Handshakes) > 0 {
		tr.Handshakes = target.keepHandshakes(r.Handshakes)
		for _, h := range r.Handshakes {
			switch h {
			case tls.HandshakeClientHello:
				tr.CipherSuites = target.keepSuites(t.sess.Client.CipherSuites)
				t.info.ServerName, t.info.ALPN = t.sess.Client.ServerName, t.sess.Client.ALPN
				if t.hold == 0 {
					t.hold = target.Frame
				}
				t.holdRec = append(t.holdRec, target)
			case tls.HandshakeServerHello:
				tr.retry = t.sess.HelloRetry && !t.sess.HasServer
				tr.CipherSuites = target.keepSuites(t.sess.Server.CipherSuites)
				c.versionKnown()
			}
		}
	}
	if t.sess.HasServer {
		t.info.Version, t.info.CipherSuite, t.info.HelloRetry = t.sess.Version, t.sess.Suite, t.sess.HelloRetry
		t.info.Decrypted = t.sess.KeyErr == nil
	}
	if errors.Is(r.Err, tls.ErrDecrypt) {
		t.info.Failed++
		target.Anomalies = append(target.Anomalies, Anomaly{Layer: "tls", Severity: field.SeverityWarning, Group: field.GroupUndecoded,
			Message: fmt.Sprintf("%s record of %d bytes failed its authentication: wrong secrets or damaged bytes", r.Header.Type, r.Header.Length)})
	} else if r.Err != nil && !r.Encrypted {
		target.Anomalies = append(target.Anomalies, Anomaly{Layer: "tls", Severity: field.SeverityWarning, Group: field.GroupMalformed, Message: r.Err.Error()})
	}
	target.Protocol = c.tlsProtocol()
	if target.Protocol == "TLS" && !t.sess.HasClient {
		target.Protocol = tls.VersionName(r.Header.Version) // no hello: the record's version
	}
	if r.Type == tls.TypeApplicationData {
		// shown decrypted or not, as the ALPN or the port says
		tr.AppDataProto = appDataProto(c)
		if !r.Decrypted {
			i := 0
			if !d.fromClient {
				i = 1
			}
			t.info.Encrypted[i] += int64(r.Header.Length)
		}
	}
	if c.opt.KeepFrames {
		tr.raw, tr.session = kept, t.sess.Version
		if r.Decrypted {
			tr.plain = target.keep(r.Data)
		}
	}
	target.TLS = append(target.TLS, tr)
	if r.Type == tls.TypeApplicationData && r.Decrypted && len(r.Data) > 0 {
		in := d.tls.inner
		multis := len(target.tlsPDUs)
		res := in.stream.Add(d.tls.seq, r.Data, target.Frame, 0)
		d.tls.seq += uint32(len(r.Data))
		in.noteAdd(target, &res)
		d.tls.oneFrame = false
		c.drain(in, target, q)
		if d.tls.oneFrame {
			target.Protocol = c.tlsProtocol()
		}
		if c.opt.KeepFrames {
			x := &target.TLS[len(target.TLS)-1]
			x.pending = min(in.stream.Buffered(), len(r.Data))
			if multis < len(target.tlsPDUs) {
				// only the first PDU completed here can have begun before
				if p := target.tlsPDUs[multis].Pieces; len(p) > 0 {
					x.completes = min(p[len(p)-1].Length, len(r.Data))
				}
			}
		}
	}
}

// tlsProtocol is the protocol column of a TLS record: the version of the
// session, or of the ClientHello's record while the ServerHello is not read.
func (c *conn) tlsProtocol() string {
	if v := c.tls.sess.Version; v != 0 {
		return tls.VersionName(v)
	}
	return tls.VersionName(c.tls.sess.Client.Version)
}

// versionKnown shows the negotiated version on the records that waited for
// it, and lets them go.
func (c *conn) versionKnown() {
	t := c.tls
	for _, r := range t.holdRec {
		if r.Protocol != "TCP" {
			r.Protocol = c.tlsProtocol()
		}
		for i := range r.TLS {
			if r.TLS[i].session == 0 {
				r.TLS[i].session = t.sess.Version
			}
		}
	}
	clear(t.holdRec)
	t.holdRec, t.hold = t.holdRec[:0], 0
	for _, d := range c.dirs {
		if d != nil {
			d.release()
		}
	}
}

// pendingFrame is the first frame whose record must still wait for this
// direction: bytes not consumed yet, a hello waiting for the version and,
// for the packet tree, decrypted bytes not dissected yet. Only the tree
// shows, on a record's frame, where a PDU its decrypted bytes begin
// completes (tls.reassembled_in); else nothing is written to the frame of
// a whole TLS record later, and it need not wait for the PDUs of the
// decrypted stream: a record that starts a message of megabytes would
// hold every frame after it until the message ends.
func (d *direction) pendingFrame() (uint64, bool) {
	frame, ok := d.stream.Pending()
	if d.tls == nil {
		return frame, ok
	}
	if d.c.opt.KeepFrames {
		if f, in := d.tls.inner.stream.Pending(); in && (!ok || f < frame) {
			frame, ok = f, true
		}
	}
	if h := d.c.tls.hold; h != 0 && (!ok || h < frame) {
		frame, ok = h, true
	}
	return frame, ok
}

// appDir returns the direction whose bytes HTTP and WebSocket read: the
// decrypted stream of a TLS direction.
func (c *conn) appDir(fromInitiator bool) *direction {
	d := c.dir(fromInitiator)
	if d.tls != nil {
		return d.tls.inner
	}
	return d
}

// attach is the package's attach for a direction: the PDUs of a decrypted
// stream complete in the frame of their last TLS record, and the TCP
// reassembly facts of the frames are the TLS records'.
func (d *direction) attach(pdu *reassembly.PDU, cur *Record, q *recordQueue) *Record {
	if d.wire == nil {
		return attach(pdu, cur, q)
	}
	n := 0
	for _, f := range pdu.Frames {
		if f == pdu.Frame {
			n++
		}
	}
	d.wire.tls.oneFrame = n > 1
	if d.c.opt.KeepFrames && pdu.Multi {
		// the earlier records of the PDU show where it completes
		for _, p := range pdu.Pieces {
			if p.Frame == pdu.Frame {
				continue
			}
			if r := q.find(p.Frame); r != nil {
				for i := len(r.TLS) - 1; i >= 0; i-- {
					if r.TLS[i].pending > 0 {
						r.TLS[i].reassembledIn = pdu.Frame
						break
					}
				}
			}
		}
	}
	if pdu.Frame != cur.Frame {
		if r := q.find(pdu.Frame); r != nil {
			return r
		}
	}
	return cur
}

// notePDU lists a PDU for the packet tree. Of a decrypted stream, tshark's
// TCP layer shows only the size of a WebSocket frame, where it completes
// ("[PDU Size: N]", from its tcp_dissect_pdus over TLS).
func (d *direction) notePDU(pdu *reassembly.PDU, target *Record, q *recordQueue, raw []byte, http bool) {
	if !d.c.opt.KeepFrames {
		return // only the packet tree lists them
	}
	switch {
	case d.wire == nil:
		d.c.notePDU(pdu, target, q, raw, http)
	case d.c.opt.KeepFrames && !http:
		// before the lines of the record it completes in, which tshark's
		// TCP layer adds once the record is dissected
		t := d.wire.tls
		if t.recPDU > len(target.PDUs) {
			t.recPDU = len(target.PDUs)
		}
		target.PDUs = slices.Insert(target.PDUs, t.recPDU, PDU{Length: pdu.Length, In: target.Frame})
		t.recPDU++
	}
	if d.wire != nil && d.c.opt.KeepFrames && pdu.Multi {
		// "[N Reassembled TLS segments]": the records' parts of the PDU
		start := len(target.pieces)
		target.pieces = append(target.pieces, pdu.Pieces...)
		u := PDU{Length: pdu.Length, In: target.Frame, Multi: true, HTTP: http,
			Pieces: target.pieces[start:len(target.pieces):len(target.pieces)]}
		if len(raw) >= pdu.Length {
			u.Data = target.keep(raw[:pdu.Length])
		}
		target.tlsPDUs = append(target.tlsPDUs, u)
	}
}

// keepHandshakes copies handshake types into the record's storage.
func (r *Record) keepHandshakes(h []tls.HandshakeType) []tls.HandshakeType {
	start := len(r.hsTypes)
	r.hsTypes = append(r.hsTypes, h...)
	return r.hsTypes[start:len(r.hsTypes):len(r.hsTypes)]
}

// keepSuites copies cipher suites into the record's storage.
func (r *Record) keepSuites(s []uint16) []uint16 {
	start := len(r.suites)
	r.suites = append(r.suites, s...)
	return r.suites[start:len(r.suites):len(r.suites)]
}

// appendTLSInfo appends the Info column of a frame whose TLS records
// complete no HTTP message nor WebSocket frame.
func (r *Record) appendTLSInfo(dst []byte) []byte {
	start := len(dst)
	segment := false
	sep := func() {
		if len(dst) > start {
			dst = append(dst, ", "...)
		}
	}
	for i := range r.TLS {
		t := &r.TLS[i]
		switch {
		case t.Type == tls.TypeApplicationData && t.Decrypted:
			segment = true
		case t.Encrypted && !t.Decrypted && t.Type == tls.TypeHandshake:
			sep()
			dst = append(dst, "Encrypted Handshake Message"...)
		case t.Encrypted && !t.Decrypted && t.Type == tls.TypeAlert:
			sep()
			dst = append(dst, "Encrypted Alert"...)
		case t.Type == tls.TypeHandshake:
			for _, h := range t.Handshakes {
				sep()
				if h == tls.HandshakeServerHello && t.retry {
					dst = append(dst, "Hello Retry Request"...)
					continue
				}
				dst = append(dst, h.String()...)
			}
		case t.Type == tls.TypeAlert:
			sep()
			dst = append(dst, t.Alert.String()...)
		default:
			sep()
			dst = append(dst, t.Type.String()...)
		}
	}
	if segment && len(dst) == start {
		dst = append(dst, "[TLS segment of a reassembled PDU]"...)
	}
	return dst
}

// tlsField writes a tls.* field; it reports whether name is one.
func (r *Record) tlsField(w *fieldWriter, name string) bool {
	switch name {
	case "tls.record.version":
		for i := range r.TLS {
			w.addHex16(r.TLS[i].Version)
		}
	case "tls.record.content_type":
		for i := range r.TLS {
			w.addUint(uint64(r.TLS[i].Type))
		}
	case "tls.record.length":
		for i := range r.TLS {
			w.addUint(uint64(r.TLS[i].Length))
		}
	case "tls.record.opaque_type":
		for i := range r.TLS {
			if r.TLS[i].Opaque {
				w.addUint(uint64(tls.TypeApplicationData))
			}
		}
	case "tls.handshake.type":
		for i := range r.TLS {
			for _, h := range r.TLS[i].Handshakes {
				w.addUint(uint64(h))
			}
		}
	case "tls.handshake.ciphersuite":
		for i := range r.TLS {
			for _, s := range r.TLS[i].CipherSuites {
				w.addHex16(s)
			}
		}
	case "tls.app_data_proto":
		for i := range r.TLS {
			w.addString(r.TLS[i].AppDataProto)
		}
	default:
		return false
	}
	return true
}

// addHex16 writes a 16-bit value as tshark prints a BASE_HEX uint16: 0x0303.
func (w *fieldWriter) addHex16(v uint16) {
	if w.next(false) {
		w.dst = append(w.dst, '0', 'x', hexDigit(byte(v>>12)), hexDigit(byte(v>>8)), hexDigit(byte(v>>4)), hexDigit(byte(v)))
	}
}

// readKeyLog reads Options.KeyLog, once.
func (o Options) readKeyLog() (Options, error) {
	if o.KeyLog == nil || o.keys != nil {
		return o, nil
	}
	k, err := tls.ReadKeyLog(o.KeyLog)
	if err != nil {
		return o, fmt.Errorf("TLS key log: %w", err)
	}
	o.keys = k
	return o, nil
}

// fillTLS adds the TLS items of the frame, then the reassembly trees of
// the PDUs made of several records' data. Each decrypted record's content
// is a data source, "Decrypted TLS", and each such PDU one,
// "Reassembled TLS", in that order as tshark adds them; HTTP and
// WebSocket point into them (tlsCursor).
func (r *Record) fillTLS(t *field.Tree) {
	for i := range r.TLS {
		if x := &r.TLS[i]; x.Decrypted && len(x.plain) > 0 {
			t.AddSource(tls.DecryptedSource, x.plain)
		}
	}
	for i := range r.tlsPDUs {
		if p := &r.tlsPDUs[i]; len(p.Data) > 0 {
			t.AddSource(tls.ReassembledSource, p.Data)
		}
	}
	var room [16]tls.TreeRecord
	recs := room[:0]
	flush := func() {
		tls.FillTree(t, recs)
		recs = recs[:0]
	}
	for i := range r.TLS {
		x := &r.TLS[i]
		if x.raw == nil {
			continue
		}
		if x.newItem && len(recs) > 0 {
			flush()
		}
		recs = append(recs, tls.TreeRecord{Raw: x.raw, Plain: x.plain, Type: x.Type, Encrypted: x.Encrypted, Decrypted: x.Decrypted,
			Session: x.session, AppDataProto: x.AppDataProto, Alert: x.Alert, Pending: x.pending, Completes: x.completes,
			ReassembledIn: x.reassembledIn, Resumed: x.resumed})
	}
	flush()
	for i := range r.tlsPDUs {
		p := &r.tlsPDUs[i]
		tls.FillSegments(t, len(p.Pieces), p.Length, func(i int) (uint64, int, int) {
			q := &p.Pieces[i]
			return q.Frame, q.Offset, q.Length
		}, p.Data)
	}
}

// appendTLSProtocols appends "tls" to frame.protocols once per TLS item,
// and after it what the item's records call (x509sat, x509ce).
func (r *Record) appendTLSProtocols(dst []byte) []byte {
	for i := range r.TLS {
		x := &r.TLS[i]
		if x.newItem {
			dst = append(dst, ":tls"...)
		}
		if x.Type == tls.TypeHandshake && x.raw != nil {
			dst = tls.AppendProtocols(dst, &tls.TreeRecord{Raw: x.raw, Plain: x.plain, Type: x.Type, Decrypted: x.Decrypted, Session: x.session})
		}
	}
	return dst
}
