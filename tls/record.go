package tls

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ContentType is the type of a TLS record (tls.record.content_type).
type ContentType uint8

// Content types of RFC 8446 §5.1 and RFC 6520.
const (
	TypeChangeCipherSpec ContentType = 20
	TypeAlert            ContentType = 21
	TypeHandshake        ContentType = 22
	TypeApplicationData  ContentType = 23
	TypeHeartbeat        ContentType = 24
)

// String returns Wireshark's name of the content type.
func (t ContentType) String() string {
	switch t {
	case TypeChangeCipherSpec:
		return "Change Cipher Spec"
	case TypeAlert:
		return "Alert"
	case TypeHandshake:
		return "Handshake"
	case TypeApplicationData:
		return "Application Data"
	case TypeHeartbeat:
		return "Heartbeat"
	}
	return fmt.Sprintf("Unknown (%d)", uint8(t))
}

// Protocol versions (tls.record.version, tls.handshake.version).
const (
	VersionSSL30 uint16 = 0x0300
	VersionTLS10 uint16 = 0x0301
	VersionTLS11 uint16 = 0x0302
	VersionTLS12 uint16 = 0x0303
	VersionTLS13 uint16 = 0x0304
)

// VersionName returns the protocol column tshark shows for a version:
// "TLSv1.2", "TLSv1.3", "SSLv3"; "TLS" for one it does not know.
func VersionName(v uint16) string {
	switch v {
	case VersionSSL30:
		return "SSLv3"
	case VersionTLS10:
		return "TLSv1"
	case VersionTLS11:
		return "TLSv1.1"
	case VersionTLS12:
		return "TLSv1.2"
	case VersionTLS13:
		return "TLSv1.3"
	}
	return "TLS"
}

// HeaderLen is the length of a record header: type, version, length.
const HeaderLen = 5

// MaxRecordLength is the largest record length accepted: a TLSCiphertext of
// 2^14 bytes of plaintext plus 2048 of expansion (RFC 5246 §6.2.3). A
// longer one means the bytes are not (or no longer) TLS records.
const MaxRecordLength = 1<<14 + 2048

// Header is a record header.
type Header struct {
	Type    ContentType // tls.record.content_type as sent (the outer type)
	Version uint16      // tls.record.version
	Length  int         // tls.record.length: the bytes that follow the header
}

// Errors of ParseHeader.
var (
	// ErrShort means fewer than HeaderLen bytes were given: wait for more.
	ErrShort = errors.New("tls: short record header")
	// ErrNotRecord means the bytes are no record header: an unknown
	// content type, a version that is not 3.x or a length beyond
	// MaxRecordLength.
	ErrNotRecord = errors.New("tls: not a TLS record")
)

// ParseHeader reads the record header at the start of b.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderLen {
		return Header{}, ErrShort
	}
	h := Header{Type: ContentType(b[0]), Version: binary.BigEndian.Uint16(b[1:3]), Length: int(binary.BigEndian.Uint16(b[3:5]))}
	switch {
	case h.Type < TypeChangeCipherSpec || h.Type > TypeHeartbeat:
		return h, fmt.Errorf("%w: content type %d", ErrNotRecord, h.Type)
	case h.Version>>8 != 3:
		return h, fmt.Errorf("%w: version 0x%04x", ErrNotRecord, h.Version)
	case h.Length > MaxRecordLength:
		return h, fmt.Errorf("%w: length %d exceeds %d", ErrNotRecord, h.Length, MaxRecordLength)
	}
	return h, nil
}

// Looks reports whether b, the first bytes a side of a connection sent,
// start a TLS connection as Wireshark's heuristic sees one: a handshake
// record of version 3.x whose first message is a ClientHello or a
// ServerHello. It needs the first 6 bytes; need tells whether fewer were
// given and they could still start one.
func Looks(b []byte) (yes, need bool) {
	if len(b) < HeaderLen+1 {
		want := [...]byte{byte(TypeHandshake), 3}
		for i := 0; i < len(b) && i < len(want); i++ {
			if b[i] != want[i] {
				return false, false
			}
		}
		return false, true
	}
	h, err := ParseHeader(b)
	if err != nil || h.Type != TypeHandshake || h.Version > VersionTLS13 || h.Length < 4 {
		return false, false
	}
	t := HandshakeType(b[HeaderLen])
	return t == HandshakeClientHello || t == HandshakeServerHello, false
}

// LooksRecord reports whether b, the first bytes of a side of a connection
// whose handshake the capture missed, start with a record header of any
// content type, as tshark's TLS dissector reads a port registered to TLS
// (443). It needs HeaderLen bytes; need tells whether fewer were given and
// they could still start one.
func LooksRecord(b []byte) (yes, need bool) {
	_, err := ParseHeader(b)
	if errors.Is(err, ErrShort) {
		if len(b) > 0 && (ContentType(b[0]) < TypeChangeCipherSpec || ContentType(b[0]) > TypeHeartbeat) {
			return false, false
		}
		if len(b) > 1 && b[1] != 3 {
			return false, false
		}
		return false, true
	}
	return err == nil, false
}
