package tcp

import "strconv"

// Completeness is tcp.completeness: which parts of a conversation the
// capture holds, as a bit set.
type Completeness uint8

// Completeness bits, Wireshark's TCP_COMPLETENESS_*.
const (
	CompleteSYN    Completeness = 1 << iota // a SYN
	CompleteSYNACK                          // a SYN-ACK
	CompleteACK                             // an ACK without SYN
	CompleteData                            // a segment with payload
	CompleteFIN                             // a FIN
	CompleteRST                             // a RST
)

// Window scale states of Analysis.WindowScale besides a shift count.
const (
	ScaleUnknown int8 = -1 // the SYNs were not seen
	ScaleNone    int8 = -2 // a SYN did not carry the option: no scaling
)

// add records the parts a segment shows.
func (c Completeness) add(flags Flags, payload int) Completeness {
	switch flags & (SYN | ACK) {
	case SYN:
		c |= CompleteSYN
	case SYN | ACK:
		c |= CompleteSYNACK
	case ACK:
		c |= CompleteACK
	}
	if payload > 0 {
		c |= CompleteData
	}
	if flags&FIN != 0 {
		c |= CompleteFIN
	}
	if flags&RST != 0 {
		c |= CompleteRST
	}
	return c
}

// AppendText appends the value as tshark labels it: "Complete, WITH_DATA
// (31)", "Incomplete, ESTABLISHED (7)", "Incomplete (28)".
func (c Completeness) AppendText(dst []byte) []byte {
	const handshake = CompleteSYN | CompleteSYNACK | CompleteACK
	var name string
	switch c {
	case CompleteSYN:
		name = "Incomplete, SYN_SENT"
	case CompleteSYN | CompleteSYNACK:
		name = "Incomplete, CLIENT_ESTABLISHED"
	case handshake:
		name = "Incomplete, ESTABLISHED"
	case handshake | CompleteData:
		name = "Incomplete, DATA"
	case handshake | CompleteData | CompleteFIN, handshake | CompleteData | CompleteRST,
		handshake | CompleteData | CompleteFIN | CompleteRST:
		name = "Complete, WITH_DATA"
	case handshake | CompleteFIN, handshake | CompleteRST, handshake | CompleteFIN | CompleteRST:
		name = "Complete, NO_DATA"
	default:
		name = "Incomplete"
	}
	dst = append(dst, name...)
	dst = append(dst, " ("...)
	dst = strconv.AppendUint(dst, uint64(c), 10)
	return append(dst, ')')
}

// String returns the label's text.
func (c Completeness) String() string { return string(c.AppendText(nil)) }
