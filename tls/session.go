package tls

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// MaxHandshakeMessage caps one handshake message being reassembled across
// records: a certificate chain fits, a 16 MiB ClientHello does not.
const MaxHandshakeMessage = 256 << 10

// ErrHandshakeTooLarge means a handshake message announced more than
// MaxHandshakeMessage bytes: the side's handshake is no longer read.
var ErrHandshakeTooLarge = errors.New("tls: handshake message too large")

// ErrNoSecrets means a record is encrypted and the key log holds no secret
// for its session (or no key log was given).
var ErrNoSecrets = errors.New("tls: no secrets for the session")

// ErrUnknownSuite means the session's cipher suite is one this package
// does not decrypt.
var ErrUnknownSuite = errors.New("tls: cipher suite not decrypted")

// Record is what one TLS record holds, as a Session read it.
type Record struct {
	Header Header // the record header as sent
	// Type is the content type of the record's content: the inner type of
	// a decrypted TLS 1.3 record, Header.Type otherwise.
	Type ContentType
	// Encrypted is set for a record sent under encryption; Decrypted when
	// it was decrypted and authenticated.
	Encrypted, Decrypted bool
	// Data is the content (decrypted when Decrypted): application data,
	// handshake bytes, an alert. It is a part of the record Read was given:
	// a record is decrypted in place. Nil for an encrypted record not
	// decrypted.
	Data []byte
	// Handshakes lists the handshake messages that end in this record.
	Handshakes []HandshakeType
	// Alert is the alert of an Alert record whose content is readable.
	Alert Alert
	// Resumed is set on the server's ChangeCipherSpec of a TLS 1.2
	// session that reuses keys negotiated before: no ServerHelloDone came
	// after the ServerHello (an abbreviated handshake), as tshark tells it.
	Resumed bool
	// Err is why the record could not be read: ErrDecrypt, ErrNoSecrets,
	// ErrUnknownSuite, ErrMalformed, ErrHandshakeTooLarge.
	Err error
}

// side is the state of one direction of a session.
type side struct {
	cur  *keys // keys of this side's records; nil while in the clear or without secrets
	next *keys // TLS 1.2: from this side's ChangeCipherSpec; TLS 1.3: after its Finished
	// encrypted is set once this side's records are encrypted.
	encrypted bool
	hs        []byte // handshake bytes not yet a whole message
	hsBroken  bool
	types     []HandshakeType
	// after is what takes effect once the current record is read.
	keyUpdate, finished bool
}

// Session follows one TLS connection. Its zero value is not usable: see
// NewSession.
type Session struct {
	// KeyLog holds the secrets; it may be replaced between records, as a
	// capture brings more (a pcapng Decryption Secrets Block), and may be nil.
	KeyLog *KeyLog
	sides  [2]side
	// client is the side that sent the ClientHello (0 until one is seen).
	client int
	// Facts of the connection, known once the hellos are read.
	Client     Hello  // the (last) ClientHello
	Server     Hello  // the ServerHello (the HelloRetryRequest until it comes)
	HasClient  bool   // a ClientHello was read
	HasServer  bool   // a ServerHello (not a HelloRetryRequest) was read
	HelloRetry bool   // a HelloRetryRequest came before it
	Version    uint16 // the negotiated version: 0 until the ServerHello (or a HelloRetryRequest)
	Suite      uint16 // the chosen cipher suite
	// ALPN is the protocol the server selected (in the ServerHello, or in
	// TLS 1.3's EncryptedExtensions); "" when none.
	ALPN string
	// KeyErr is why the session cannot be decrypted once the ServerHello
	// is read: ErrNoSecrets, ErrUnknownSuite; nil when it can.
	KeyErr error
	// Resumed is set from the ServerHello until a ServerHelloDone: an
	// abbreviated handshake, which resumes a session.
	Resumed bool
	suite   *suite
}

// NewSession returns a Session that decrypts with the secrets of keyLog,
// which may be nil.
func NewSession(keyLog *KeyLog) *Session { return &Session{KeyLog: keyLog} }

// NewMidstreamSession returns a Session of a connection whose handshake
// the capture missed: each record is taken as encrypted, without secrets
// (ErrNoSecrets), as tshark shows such records.
func NewMidstreamSession() *Session {
	s := &Session{KeyErr: ErrNoSecrets}
	s.sides[0].encrypted, s.sides[1].encrypted = true, true
	return s
}

// ClientSide is the side (0 or 1) that sent the ClientHello.
func (s *Session) ClientSide() int { return s.client }

// Read reads one whole record (header and body, as ParseHeader delimits it)
// sent by side 0 or 1. An encrypted record is decrypted in place: its
// plaintext overwrites the ciphertext in rec (whatever the outcome, rec's
// body is not the record as sent any more), so a caller that needs the
// record as sent keeps a copy first.
func (s *Session) Read(sideIndex int, rec []byte) Record {
	h, err := ParseHeader(rec)
	r := Record{Header: h, Type: h.Type}
	if err != nil {
		r.Err = err
		return r
	}
	body := rec[HeaderLen:]
	if len(body) > h.Length {
		body = body[:h.Length]
	}
	sd := &s.sides[sideIndex&1]
	sd.types = sd.types[:0]
	encrypted := sd.encrypted && h.Type != TypeChangeCipherSpec
	if encrypted && s.Version == VersionTLS13 && h.Type != TypeApplicationData {
		encrypted = false // TLS 1.3 protects only records of outer type 23
	}
	data := body
	if encrypted {
		r.Encrypted = true
		if sd.cur == nil {
			r.Err = s.KeyErr
			if r.Err == nil {
				r.Err = ErrNoSecrets
			}
			return r
		}
		plain, typ, err := sd.cur.open(rec[:HeaderLen], h, body)
		if err != nil {
			r.Err = err
			return r
		}
		data, r.Type, r.Decrypted = plain, typ, true
	}
	r.Data = data
	switch r.Type {
	case TypeChangeCipherSpec:
		// TLS 1.3 sends it for middleboxes only, after a HelloRetryRequest
		// too, before the version is known
		if s.HasServer && s.Version != VersionTLS13 {
			sd.encrypted = true
			sd.cur, sd.next = sd.next, nil
			r.Resumed = s.Resumed && sideIndex&1 != s.client
		}
	case TypeAlert:
		if len(data) >= 2 {
			r.Alert = Alert{Level: data[0], Description: data[1]}
		}
	case TypeHandshake:
		r.Err = s.handshake(sideIndex&1, sd, data)
		r.Handshakes = sd.types
	}
	if sd.finished {
		sd.finished = false
		if s.Version == VersionTLS13 {
			sd.cur, sd.next = sd.next, nil
		}
	}
	if sd.keyUpdate {
		sd.keyUpdate = false
		if sd.cur != nil {
			if k, err := sd.cur.update(); err == nil {
				sd.cur = k
			}
		}
	}
	return r
}

// handshake reads the handshake messages of a record's content.
func (s *Session) handshake(i int, sd *side, data []byte) error {
	if sd.hsBroken {
		return nil
	}
	b := data
	if len(sd.hs) > 0 {
		sd.hs = append(sd.hs, data...)
		b = sd.hs
	}
	var err error
	for len(b) >= 4 {
		n := int(b[1])<<16 | int(binary.BigEndian.Uint16(b[2:4]))
		if n > MaxHandshakeMessage {
			sd.hsBroken, sd.hs = true, nil
			return fmt.Errorf("%w: %s of %d bytes", ErrHandshakeTooLarge, HandshakeType(b[0]), n)
		}
		if len(b) < 4+n {
			break
		}
		typ := HandshakeType(b[0])
		sd.types = append(sd.types, typ)
		if e := s.message(i, sd, typ, b[4:4+n]); e != nil && err == nil {
			err = e
		}
		b = b[4+n:]
	}
	if len(b) > 0 && len(sd.hs) == 0 {
		sd.hs = append(sd.hs, b...)
	} else {
		sd.hs = append(sd.hs[:0], b...)
	}
	return err
}

// message handles one handshake message.
func (s *Session) message(i int, sd *side, typ HandshakeType, body []byte) error {
	switch typ {
	case HandshakeClientHello:
		h, err := ParseHello(body, true)
		h.SessionID = slices.Clone(h.SessionID)
		s.Client, s.HasClient, s.client = h, true, i
		return err
	case HandshakeServerHello:
		h, err := ParseHello(body, false)
		if err != nil {
			return err
		}
		h.SessionID = slices.Clone(h.SessionID)
		s.Server = h
		s.Version = h.Version
		if len(h.SupportedVersions) == 1 {
			s.Version = h.SupportedVersions[0]
		}
		s.Suite = h.CipherSuites[0]
		if h.HelloRetry {
			// it tells the version and the suite (tshark shows them
			// from here on), not the keys
			s.HelloRetry = true
			return nil
		}
		s.HasServer = true
		s.Resumed = true // until a ServerHelloDone says otherwise
		if len(h.ALPN) == 1 {
			s.ALPN = h.ALPN[0]
		}
		s.setKeys()
	case HandshakeEncryptedExtensions:
		h, err := ParseEncryptedExtensions(body)
		if len(h.ALPN) == 1 {
			s.ALPN = h.ALPN[0]
		}
		return err
	case HandshakeServerHelloDone:
		s.Resumed = false
	case HandshakeFinished:
		sd.finished = true
	case HandshakeKeyUpdate:
		sd.keyUpdate = true
	}
	return nil
}

// setKeys prepares both sides' keys once the ServerHello is read.
func (s *Session) setKeys() {
	client, server := &s.sides[s.client], &s.sides[1-s.client]
	s.suite = lookupSuite(s.Suite)
	tls13 := s.Version == VersionTLS13
	if tls13 {
		// the records after the ServerHello are protected
		client.encrypted, server.encrypted = true, true
	}
	if s.suite == nil || s.suite.tls13 != tls13 {
		s.KeyErr = ErrUnknownSuite
		return
	}
	cr := s.Client.Random[:]
	if !s.HasClient {
		s.KeyErr = ErrNoSecrets
		return
	}
	if !tls13 {
		master := s.KeyLog.Secret(ClientRandom, cr)
		if master == nil {
			s.KeyErr = ErrNoSecrets
			return
		}
		c, sv, err := keys12(s.suite, master, cr, s.Server.Random[:])
		if err != nil {
			s.KeyErr = err
			return
		}
		client.next, server.next = c, sv
		return
	}
	secrets := [4][]byte{
		s.KeyLog.Secret(ClientHandshakeTrafficSecret, cr), s.KeyLog.Secret(ServerHandshakeTrafficSecret, cr),
		s.KeyLog.Secret(ClientTrafficSecret0, cr), s.KeyLog.Secret(ServerTrafficSecret0, cr),
	}
	var ks [4]*keys
	for j, sec := range secrets {
		if sec == nil {
			s.KeyErr = ErrNoSecrets
			continue
		}
		k, err := keys13(s.suite, sec)
		if err != nil {
			s.KeyErr = err
			continue
		}
		ks[j] = k
	}
	client.cur, server.cur, client.next, server.next = ks[0], ks[1], ks[2], ks[3]
}
