package tcp

import "strconv"

// The value parts of labels that a field's value alone makes, as tshark
// prints them: the fields' Format (field.Field.Format), so that packet
// details format them when they print the line.

// formatHeaderLength is a header length in bytes with its 32-bit words:
// "20 bytes (5)" (ip.hdr_len, tcp.hdr_len).
func formatHeaderLength(dst []byte, v uint64) []byte {
	dst = strconv.AppendUint(dst, v, 10)
	dst = append(dst, " bytes ("...)
	dst = strconv.AppendUint(dst, v/4, 10)
	return append(dst, ')')
}

// formatDSField is a DS field, or IPv6 traffic class, with its codepoint
// and ECN names: "0x00 (DSCP: CS0, ECN: Not-ECT)".
func formatDSField(dst []byte, v uint64) []byte { return appendDSField(dst, uint8(v)) }

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
