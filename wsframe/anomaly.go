package wsframe

import (
	"strconv"

	"github.com/wsdissect/wsdissect/field"
)

// AnomalyKind says which check an Anomaly comes from.
type AnomalyKind uint8

// The checks. Header checks come from CheckHeader; the others from the
// Assembler, per frame (Assembler.Anomalies) or per message (Message.Anomalies).
const (
	// AnomalyReservedOpcode: the opcode is one RFC 6455 leaves undefined.
	AnomalyReservedOpcode AnomalyKind = iota + 1
	// AnomalyControlTooLong: a control frame with more than 125 payload bytes.
	AnomalyControlTooLong
	// AnomalyControlFragmented: a control frame with FIN=0.
	AnomalyControlFragmented
	// AnomalyReservedBits: an RSV bit set that no negotiated extension uses,
	// or RSV1 where permessage-deflate forbids it (control frames, continuations).
	AnomalyReservedBits
	// AnomalyClientUnmasked: a client-to-server frame without a mask.
	AnomalyClientUnmasked
	// AnomalyServerMasked: a server-to-client frame with a mask.
	AnomalyServerMasked
	// AnomalyNonMinimalLength: the payload length is not in its shortest encoding.
	AnomalyNonMinimalLength
	// AnomalyLengthTopBit: a 64-bit payload length with the top bit set.
	AnomalyLengthTopBit
	// AnomalyOrphanContinuation: a continuation frame with no message to continue.
	AnomalyOrphanContinuation
	// AnomalyInterruptedMessage: a new data frame while a fragmented message is
	// still open; the open message is dropped.
	AnomalyInterruptedMessage
	// AnomalyInvalidUTF8: a text message or close reason that is not valid UTF-8.
	AnomalyInvalidUTF8
	// AnomalyCloseTooShort: a close payload of one byte.
	AnomalyCloseTooShort
	// AnomalyCloseCode: a close code an endpoint may not send.
	AnomalyCloseCode
	// AnomalyMessageTooBig: the reassembled message exceeds MaxMessageSize and
	// was truncated.
	AnomalyMessageTooBig
	// AnomalyDecompressedTooBig: the inflated message exceeds
	// MaxDecompressedSize and was truncated (a decompression bomb, perhaps).
	AnomalyDecompressedTooBig
	// AnomalyInflateFailed: the compressed payload is not valid DEFLATE data
	// (Wireshark: "Decompression failed").
	AnomalyInflateFailed
	// AnomalyInflateContextReset: the shared LZ77 window of a context-takeover
	// direction was dropped after a failure, so the next messages may fail too.
	AnomalyInflateContextReset
)

var anomalyNames = [...]string{
	AnomalyReservedOpcode:      "reserved opcode",
	AnomalyControlTooLong:      "control frame too long",
	AnomalyControlFragmented:   "fragmented control frame",
	AnomalyReservedBits:        "reserved bits set",
	AnomalyClientUnmasked:      "client frame not masked",
	AnomalyServerMasked:        "server frame masked",
	AnomalyNonMinimalLength:    "non-minimal payload length",
	AnomalyLengthTopBit:        "64-bit length with top bit set",
	AnomalyOrphanContinuation:  "continuation without a message",
	AnomalyInterruptedMessage:  "fragmented message interrupted",
	AnomalyInvalidUTF8:         "invalid UTF-8",
	AnomalyCloseTooShort:       "close payload too short",
	AnomalyCloseCode:           "invalid close code",
	AnomalyMessageTooBig:       "message too big",
	AnomalyDecompressedTooBig:  "decompressed message too big",
	AnomalyInflateFailed:       "decompression failed",
	AnomalyInflateContextReset: "inflate context reset",
}

// Group returns the kind of expert info the check is, in Wireshark's
// groups: a violation of RFC 6455 or RFC 7692 is Protocol, a cap that left a
// message undissected Undecoded, the reset of an inflate context (later
// messages may fail for it) Assumption.
func (k AnomalyKind) Group() field.Group {
	switch k {
	case AnomalyMessageTooBig, AnomalyDecompressedTooBig:
		return field.GroupUndecoded
	case AnomalyInflateContextReset:
		return field.GroupAssumption
	}
	return field.GroupProtocol
}

// String returns a short lower-case description of the check.
func (k AnomalyKind) String() string {
	if int(k) < len(anomalyNames) && anomalyNames[k] != "" {
		return anomalyNames[k]
	}
	return "AnomalyKind(" + strconv.Itoa(int(k)) + ")"
}

// Anomaly is one protocol violation (Wireshark calls them expert infos). It
// implements error, so it can be returned or wrapped as one.
type Anomaly struct {
	// Kind names the check that failed.
	Kind AnomalyKind
	// Severity ranks the violation: Note for something unusual but legal or
	// the consequence of an earlier problem (a reset inflate context),
	// Warning for a violation a peer may survive (an unsendable close code, a
	// truncated message), Error for one that obliges the peer to fail the
	// connection (RFC 6455 §7.1.7). Kind.Group tells its group.
	Severity field.Severity
	// Detail gives the values involved, e.g. "opcode 0x3" or "close code 1005".
	Detail string
}

// Error returns "wsframe: <kind>: <detail>".
func (a Anomaly) Error() string {
	if a.Detail == "" {
		return "wsframe: " + a.Kind.String()
	}
	return "wsframe: " + a.Kind.String() + ": " + a.Detail
}

// CheckHeader appends to dst the anomalies the header alone shows: a reserved
// opcode; a control frame longer than 125 bytes or with FIN=0; an RSV bit set
// that rsvAllowed does not allow; a client frame without mask or a server frame
// with one; a length not in its shortest encoding; a 64-bit length with the top
// bit set. fromClient tells the direction; rsvAllowed holds the RSV bits the
// negotiated extensions use, in Header.Rsv's layout (0x4 with permessage-deflate).
// It allocates only to grow dst and to format details of the rare anomalies.
func CheckHeader(h *Header, fromClient bool, rsvAllowed uint8, dst []Anomaly) []Anomaly {
	if h.Opcode.IsReserved() {
		dst = append(dst, Anomaly{AnomalyReservedOpcode, field.SeverityError, "opcode " + hex8(uint8(h.Opcode))})
	}
	if h.Opcode.IsControl() {
		if h.Length > 125 {
			dst = append(dst, Anomaly{AnomalyControlTooLong, field.SeverityError, strconv.FormatUint(h.Length, 10) + " bytes"})
		}
		if !h.Fin {
			dst = append(dst, Anomaly{AnomalyControlFragmented, field.SeverityError, h.Opcode.String() + " with FIN=0"})
		}
	}
	if bad := h.Rsv &^ rsvAllowed; bad != 0 {
		dst = append(dst, Anomaly{AnomalyReservedBits, field.SeverityError, "rsv " + hex8(h.Rsv) + " not negotiated"})
	}
	if fromClient && !h.Masked {
		dst = append(dst, Anomaly{AnomalyClientUnmasked, field.SeverityError, ""})
	}
	if !fromClient && h.Masked {
		dst = append(dst, Anomaly{AnomalyServerMasked, field.SeverityError, ""})
	}
	switch {
	case h.PayloadLen7 == 126 && h.Length < 126,
		h.PayloadLen7 == 127 && h.Length <= 0xffff:
		dst = append(dst, Anomaly{AnomalyNonMinimalLength, field.SeverityWarning,
			strconv.FormatUint(h.Length, 10) + " in a " + lengthBits(h.PayloadLen7) + "-bit field"})
	}
	if h.PayloadLen7 == 127 && h.Length>>63 != 0 {
		dst = append(dst, Anomaly{AnomalyLengthTopBit, field.SeverityError, strconv.FormatUint(h.Length, 10)})
	}
	return dst
}

func lengthBits(len7 uint8) string {
	if len7 == 126 {
		return "16"
	}
	return "64"
}

// hex8 formats v as tshark prints websocket.rsv: "0x04".
func hex8(v uint8) string {
	const digits = "0123456789abcdef"
	return string([]byte{'0', 'x', digits[v>>4], digits[v&0xf]})
}
