package wsframe

import (
	"encoding/binary"
	"errors"
)

// MaxHeaderLen is the longest frame header: 2 fixed bytes, a 64-bit extended
// length and a masking key.
const MaxHeaderLen = 14

// ErrShortHeader is returned by ParseHeader when the buffer ends inside a frame
// header; the returned length then tells how many header bytes are needed.
var ErrShortHeader = errors.New("wsframe: short frame header")

// Header is one frame header (RFC 6455 §5.2). Decode into a reused value:
// ParseHeader never allocates.
type Header struct {
	// Fin is set on the final frame of a message (websocket.fin).
	Fin bool
	// Rsv holds the three reserved bits as tshark prints websocket.rsv:
	// RSV1 = 0x4, RSV2 = 0x2, RSV3 = 0x1.
	Rsv uint8
	// Opcode is the frame opcode (websocket.opcode).
	Opcode Opcode
	// Masked tells whether the payload is masked (websocket.mask).
	Masked bool
	// PayloadLen7 is the raw 7-bit length field (websocket.payload_length):
	// 126 or 127 when an extended length follows.
	PayloadLen7 uint8
	// Length is the real payload length: PayloadLen7, or the extended length
	// (websocket.payload_length_ext_16 / websocket.payload_length_ext_64).
	// It comes from the wire unchecked: compare it with a cap before use.
	Length uint64
	// Key is the masking key (websocket.masking_key), valid when Masked.
	Key [4]byte
	// HeaderLen is the encoded header length, 2 to 14 bytes.
	HeaderLen int
}

// ParseHeader parses the frame header at the start of b into h and returns its
// length in bytes. When b holds only part of a header, it returns ErrShortHeader
// and n is the total number of header bytes needed as far as b tells: 2 when
// len(b) < 2, otherwise the exact header length, so n-len(b) more bytes are
// needed. h is left unchanged on error. ParseHeader does not allocate.
func ParseHeader(b []byte, h *Header) (n int, err error) {
	if len(b) < 2 {
		return 2, ErrShortHeader
	}
	b0, b1 := b[0], b[1]
	len7 := b1 & 0x7f
	masked := b1&0x80 != 0
	n = 2
	switch len7 {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if masked {
		n += 4
	}
	if len(b) < n {
		return n, ErrShortHeader
	}
	h.Fin = b0&0x80 != 0
	h.Rsv = (b0 >> 4) & 0x7
	h.Opcode = Opcode(b0 & 0xf)
	h.Masked = masked
	h.PayloadLen7 = len7
	off := 2
	switch len7 {
	case 126:
		h.Length = uint64(binary.BigEndian.Uint16(b[2:4]))
		off = 4
	case 127:
		h.Length = binary.BigEndian.Uint64(b[2:10])
		off = 10
	default:
		h.Length = uint64(len7)
	}
	if masked {
		copy(h.Key[:], b[off:off+4])
	} else {
		h.Key = [4]byte{}
	}
	h.HeaderLen = n
	return n, nil
}
