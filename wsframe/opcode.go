package wsframe

// Opcode is the 4-bit frame opcode of RFC 6455 §5.2 (websocket.opcode).
type Opcode uint8

// The opcodes RFC 6455 defines. 0x3-0x7 are reserved for further data frames,
// 0xB-0xF for further control frames.
const (
	OpContinuation Opcode = 0x0
	OpText         Opcode = 0x1
	OpBinary       Opcode = 0x2
	OpClose        Opcode = 0x8
	OpPing         Opcode = 0x9
	OpPong         Opcode = 0xA
)

// String returns the name Wireshark shows in the Info column: "Continuation",
// "Text", "Binary", "Connection Close", "Ping", "Pong", and "Unknown Opcode" for
// the reserved values (Wireshark's value_string has no name for them).
func (o Opcode) String() string {
	switch o {
	case OpContinuation:
		return "Continuation"
	case OpText:
		return "Text"
	case OpBinary:
		return "Binary"
	case OpClose:
		return "Connection Close"
	case OpPing:
		return "Ping"
	case OpPong:
		return "Pong"
	}
	return "Unknown Opcode"
}

// IsControl reports whether o is a control opcode (its most significant bit is
// set: Close, Ping, Pong and the reserved 0xB-0xF). Control frames may not be
// fragmented and carry at most 125 payload bytes.
func (o Opcode) IsControl() bool { return o&0x8 != 0 }

// IsReserved reports whether RFC 6455 leaves o undefined (0x3-0x7, 0xB-0xF).
func (o Opcode) IsReserved() bool {
	switch o {
	case OpContinuation, OpText, OpBinary, OpClose, OpPing, OpPong:
		return false
	}
	return true
}
