package wsframe

import (
	"encoding/binary"
	"errors"
)

// ErrCloseTooShort is returned by ParseClose for a one-byte close payload: a
// close body, when present, starts with a two-byte status code (RFC 6455 §5.5.1).
var ErrCloseTooShort = errors.New("wsframe: close payload of 1 byte")

// CloseCode is the status code of a Close frame
// (websocket.payload.close.status_code).
type CloseCode uint16

// Close codes RFC 6455 §7.4.1 and IANA define.
const (
	CloseNormalClosure           CloseCode = 1000
	CloseGoingAway               CloseCode = 1001
	CloseProtocolError           CloseCode = 1002
	CloseUnsupportedData         CloseCode = 1003
	CloseNoStatusReceived        CloseCode = 1005
	CloseAbnormalClosure         CloseCode = 1006
	CloseInvalidFramePayloadData CloseCode = 1007
	ClosePolicyViolation         CloseCode = 1008
	CloseMessageTooBig           CloseCode = 1009
	CloseMandatoryExtension      CloseCode = 1010
	CloseInternalServerError     CloseCode = 1011
	CloseServiceRestart          CloseCode = 1012
	CloseTryAgainLater           CloseCode = 1013
	CloseBadGateway              CloseCode = 1014
	CloseTLSHandshake            CloseCode = 1015
)

// String returns the name Wireshark gives the code ("Normal Closure",
// "Going Away", ...), and "Unknown" for a code it has no name for (Wireshark's
// tree then shows "Unknown (4000)").
func (c CloseCode) String() string {
	switch c {
	case 1000:
		return "Normal Closure"
	case 1001:
		return "Going Away"
	case 1002:
		return "Protocol error"
	case 1003:
		return "Unsupported Data"
	case 1004:
		return "---Reserved----"
	case 1005:
		return "No Status Rcvd"
	case 1006:
		return "Abnormal Closure"
	case 1007:
		return "Invalid frame payload data"
	case 1008:
		return "Policy Violation"
	case 1009:
		return "Message Too Big"
	case 1010:
		return "Mandatory Ext."
	case 1011:
		return "Internal Server"
	case 1015:
		return "TLS handshake"
	}
	return "Unknown"
}

// Sendable reports whether an endpoint may put c in a Close frame
// (RFC 6455 §7.4): 1000-1003, 1007-1014 and 3000-4999. 1004, 1005, 1006 and
// 1015 are reserved for local use, the rest of 0-2999 for future standards.
func (c CloseCode) Sendable() bool {
	switch {
	case c >= 1000 && c <= 1003, c >= 1007 && c <= 1014:
		return true
	case c >= 3000 && c <= 4999:
		return true
	}
	return false
}

// ParseClose splits a Close payload into its status code and reason. The reason
// is a sub-slice of p, not a copy; checking it for valid UTF-8 is left to the
// caller (the Assembler does). An empty payload carries no code: ok is false and
// err nil. A one-byte payload gives ErrCloseTooShort.
func ParseClose(p []byte) (code CloseCode, reason []byte, ok bool, err error) {
	switch len(p) {
	case 0:
		return 0, nil, false, nil
	case 1:
		return 0, nil, false, ErrCloseTooShort
	}
	return CloseCode(binary.BigEndian.Uint16(p)), p[2:], true, nil
}
