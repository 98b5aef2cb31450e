package tls

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
)

// HandshakeType is the type of a handshake message (tls.handshake.type).
type HandshakeType uint8

// Handshake types of RFC 8446 §4 and RFC 5246 §7.4.
const (
	HandshakeHelloRequest        HandshakeType = 0
	HandshakeClientHello         HandshakeType = 1
	HandshakeServerHello         HandshakeType = 2
	HandshakeNewSessionTicket    HandshakeType = 4
	HandshakeEndOfEarlyData      HandshakeType = 5
	HandshakeEncryptedExtensions HandshakeType = 8
	HandshakeCertificate         HandshakeType = 11
	HandshakeServerKeyExchange   HandshakeType = 12
	HandshakeCertificateRequest  HandshakeType = 13
	HandshakeServerHelloDone     HandshakeType = 14
	HandshakeCertificateVerify   HandshakeType = 15
	HandshakeClientKeyExchange   HandshakeType = 16
	HandshakeFinished            HandshakeType = 20
	HandshakeCertificateStatus   HandshakeType = 22
	HandshakeKeyUpdate           HandshakeType = 24
	// HandshakeHelloRetryRequest is the type TLS 1.3's drafts gave a
	// HelloRetryRequest; RFC 8446 sends it as a ServerHello with a fixed
	// random, which tshark names by this type.
	HandshakeHelloRetryRequest HandshakeType = 6
)

var handshakeNames = map[HandshakeType]string{
	0: "Hello Request", 1: "Client Hello", 2: "Server Hello", 3: "Hello Verify Request",
	4: "New Session Ticket", 5: "End of Early Data", 6: "Hello Retry Request", 8: "Encrypted Extensions",
	11: "Certificate", 12: "Server Key Exchange", 13: "Certificate Request", 14: "Server Hello Done",
	15: "Certificate Verify", 16: "Client Key Exchange", 17: "Client Certificate Request", 20: "Finished",
	21: "Certificate URL", 22: "Certificate Status", 23: "Supplemental Data", 24: "Key Update",
	25: "Compressed Certificate", 26: "Encrypted Extensions", 67: "Next Protocol", 254: "Message Hash",
}

// String returns Wireshark's name of the message type.
func (t HandshakeType) String() string {
	if n, ok := handshakeNames[t]; ok {
		return n
	}
	return fmt.Sprintf("Unknown (%d)", uint8(t))
}

// Extension types read from the hellos.
const (
	extServerName        = 0
	extALPN              = 16
	extSupportedVersions = 43
)

// helloRetryRandom is the ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3).
var helloRetryRandom = [32]byte{
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
}

// isHelloRetry reports whether a handshake message of type typ and body
// body is a HelloRetryRequest: a ServerHello with the RFC 8446 random.
func isHelloRetry(typ HandshakeType, body []byte) bool {
	return typ == HandshakeServerHello && len(body) >= 34 && [32]byte(body[2:34]) == helloRetryRandom
}

// ErrMalformed means a handshake message is shorter than its fields say.
var ErrMalformed = errors.New("tls: malformed handshake message")

// Hello is what a ClientHello or a ServerHello says.
type Hello struct {
	Version   uint16   // tls.handshake.version: legacy_version
	Random    [32]byte // tls.handshake.random
	SessionID []byte   // tls.handshake.session_id
	// CipherSuites are the suites offered (ClientHello) or the one chosen
	// (ServerHello): tls.handshake.ciphersuite.
	CipherSuites []uint16
	// ServerName is the SNI host name (tls.handshake.extensions_server_name).
	ServerName string
	// ALPN lists the protocols offered or the one selected
	// (tls.handshake.extensions_alpn_str).
	ALPN []string
	// SupportedVersions are those of the supported_versions extension:
	// offered (ClientHello) or selected (ServerHello).
	SupportedVersions []uint16
	// HelloRetry is set for a HelloRetryRequest.
	HelloRetry bool
}

// reader reads big-endian fields, remembering the first shortfall.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) n(n int) []byte {
	if r.bad || len(r.b) < n {
		r.bad = true
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u8() int {
	if b := r.n(1); b != nil {
		return int(b[0])
	}
	return 0
}

func (r *reader) u16() int {
	if b := r.n(2); b != nil {
		return int(binary.BigEndian.Uint16(b))
	}
	return 0
}

// vec reads a vector with a length prefix of 1 or 2 bytes.
func (r *reader) vec(prefix int) reader {
	n := r.u8()
	if prefix == 2 {
		n = n<<8 | r.u8()
	}
	return reader{b: r.n(n), bad: r.bad}
}

// ParseEncryptedExtensions reads the body of a TLS 1.3
// EncryptedExtensions message: the server's choice of ALPN is there.
func ParseEncryptedExtensions(body []byte) (Hello, error) {
	var h Hello
	r := reader{b: body}
	return h, h.extensions(&r, false)
}

// ParseHello reads the body of a ClientHello (client true) or a
// ServerHello. Its slices point into body.
func ParseHello(body []byte, client bool) (Hello, error) {
	var h Hello
	r := reader{b: body}
	h.Version = uint16(r.u16())
	copy(h.Random[:], r.n(32))
	sid := r.vec(1)
	h.SessionID = sid.b
	if client {
		cs := r.vec(2)
		for len(cs.b) >= 2 {
			h.CipherSuites = append(h.CipherSuites, uint16(cs.u16()))
		}
		r.vec(1) // compression methods
	} else {
		suite := uint16(r.u16())
		r.u8() // compression method
		if !r.bad {
			h.CipherSuites = append(h.CipherSuites, suite)
		}
		h.HelloRetry = h.Random == helloRetryRandom
	}
	if r.bad {
		return h, ErrMalformed
	}
	if len(r.b) == 0 {
		return h, nil // no extensions
	}
	return h, h.extensions(&r, client)
}

// extensions reads the extensions block of a hello.
func (h *Hello) extensions(r *reader, client bool) error {
	exts := r.vec(2)
	for len(exts.b) > 0 && !exts.bad {
		typ := exts.u16()
		e := exts.vec(2)
		if exts.bad {
			break
		}
		switch typ {
		case extServerName:
			if client {
				list := e.vec(2)
				for len(list.b) > 0 && !list.bad {
					kind := list.u8()
					name := list.vec(2)
					if kind == 0 && !list.bad && h.ServerName == "" {
						h.ServerName = string(name.b)
					}
				}
			}
		case extALPN:
			list := e.vec(2)
			for len(list.b) > 0 && !list.bad {
				p := list.vec(1)
				if !list.bad {
					h.ALPN = append(h.ALPN, string(p.b))
				}
			}
		case extSupportedVersions:
			if client {
				list := e.vec(1)
				for len(list.b) >= 2 {
					h.SupportedVersions = append(h.SupportedVersions, uint16(list.u16()))
				}
			} else if v := e.u16(); !e.bad {
				h.SupportedVersions = append(h.SupportedVersions, uint16(v))
			}
		}
	}
	if exts.bad {
		return ErrMalformed
	}
	return nil
}

// Alert is a TLS alert (tls.alert_message).
type Alert struct {
	Level       uint8 // tls.alert_message.level: 1 warning, 2 fatal
	Description uint8 // tls.alert_message.desc
}

var alertNames = map[uint8]string{
	0: "Close Notify", 10: "Unexpected Message", 20: "Bad Record MAC", 21: "Decryption Failed",
	22: "Record Overflow", 30: "Decompression Failure", 40: "Handshake Failure", 41: "No Certificate",
	42: "Bad Certificate", 43: "Unsupported Certificate", 44: "Certificate Revoked", 45: "Certificate Expired",
	46: "Certificate Unknown", 47: "Illegal Parameter", 48: "Unknown CA", 49: "Access Denied",
	50: "Decode Error", 51: "Decrypt Error", 60: "Export Restriction", 70: "Protocol Version",
	71: "Insufficient Security", 80: "Internal Error", 86: "Inappropriate Fallback", 90: "User Canceled",
	100: "No Renegotiation", 109: "Missing Extension", 110: "Unsupported Extension",
	111: "Certificate Unobtainable", 112: "Unrecognized Name", 113: "Bad Certificate Status Response",
	114: "Bad Certificate Hash Value", 115: "Unknown PSK Identity", 116: "Certificate Required",
	120: "No application Protocol",
}

// String returns tshark's Info text of the alert:
// "Alert (Level: Warning, Description: Close Notify)".
func (a Alert) String() string { return string(a.append(nil)) }

// append appends String's text to dst.
func (a Alert) append(dst []byte) []byte {
	dst = append(dst, "Alert (Level: "...)
	switch a.Level {
	case 1:
		dst = append(dst, "Warning"...)
	case 2:
		dst = append(dst, "Fatal"...)
	default:
		dst = append(strconv.AppendUint(append(dst, "Unknown ("...), uint64(a.Level), 10), ')')
	}
	dst = append(dst, ", Description: "...)
	if desc, ok := alertNames[a.Description]; ok {
		dst = append(dst, desc...)
	} else {
		dst = append(strconv.AppendUint(append(dst, "Unknown ("...), uint64(a.Description), 10), ')')
	}
	return append(dst, ')')
}
