package tcp

import (
	"strconv"

	"github.com/wsdissect/wsdissect/field"
)

// The value parts of labels that a field's value alone makes, as tshark
// prints them: the fields' Format (field.Field.Format), so that packet
// details format them when they print the line.

// formatHeaderLength is a header length in bytes with its 32-bit words:
// "20 bytes (5)" (ip.hdr_len, tcp.hdr_len).
func formatHeaderLength(dst []byte, v uint64) []byte {
	dst = field.AppendUint(dst, v)
	dst = append(dst, " bytes ("...)
	dst = field.AppendUint(dst, v/4)
	return append(dst, ')')
}

// dscpNames are the short names of the DSCP values that tshark's label of
// the DS field shows ("DSCP: AF11"); the others are "Unknown".
var dscpNames = [64]string{
	0: "CS0", 1: "LE", 8: "CS1", 10: "AF11", 12: "AF12", 14: "AF13", 16: "CS2", 18: "AF21",
	20: "AF22", 22: "AF23", 24: "CS3", 26: "AF31", 28: "AF32", 30: "AF33", 32: "CS4", 34: "AF41",
	36: "AF42", 38: "AF43", 40: "CS5", 44: "VOICE-ADMIT", 46: "EF PHB", 48: "CS6", 56: "CS7",
}

var ecnNames = [4]string{"Not-ECT", "ECT(1)", "ECT(0)", "CE"}

// formatDSField is a DS field, or IPv6 traffic class, with its codepoint
// and ECN names: "0x00 (DSCP: CS0, ECN: Not-ECT)".
func formatDSField(dst []byte, v uint64) []byte {
	ds := uint8(v)
	dst = append(dst, "0x"...)
	dst = field.AppendHex(dst, []byte{ds}, 0)
	dst = append(dst, " (DSCP: "...)
	if name := dscpNames[ds>>2]; name != "" {
		dst = append(dst, name...)
	} else {
		dst = append(dst, "Unknown"...)
	}
	dst = append(dst, ", ECN: "...)
	dst = append(dst, ecnNames[ds&3]...)
	return append(dst, ')')
}

// formatIPFlags is IPv4's three flag bits with the names of those set:
// "0x2, Don't fragment".
func formatIPFlags(dst []byte, v uint64) []byte {
	dst = append(dst, "0x"...)
	dst = strconv.AppendUint(dst, v, 16)
	for _, f := range [...]struct {
		bit  uint64
		name string
	}{{4, "Reserved bit"}, {2, "Don't fragment"}, {1, "More fragments"}} {
		if v&f.bit != 0 {
			dst = append(dst, ", "...)
			dst = append(dst, f.name...)
		}
	}
	return dst
}

// formatCompleteness is tcp.completeness as tshark's custom base shows it:
// "Complete, WITH_DATA (31)".
func formatCompleteness(dst []byte, v uint64) []byte { return Completeness(v).AppendText(dst) }

// formatIPChecksum is ip.checksum's value in its label, which is not
// validated: "0x07fd [validation disabled]".
func formatIPChecksum(dst []byte, v uint64) []byte {
	return append(appendHex0x4(dst, uint16(v)), " [validation disabled]"...)
}
