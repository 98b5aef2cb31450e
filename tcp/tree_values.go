package tcp

import "github.com/wsdissect/wsdissect/field"

// optionKinds are the names of tcp.option_kind, Wireshark 4.0's
// tcp_option_kind_vs.
var optionKinds = []field.Value{
	{Value: 0, Name: "End of Option List"}, {Value: 1, Name: "No-Operation"}, {Value: 2, Name: "Maximum Segment Size"}, {Value: 3, Name: "Window Scale"},
	{Value: 4, Name: "SACK Permitted"}, {Value: 5, Name: "SACK"}, {Value: 6, Name: "Echo"}, {Value: 7, Name: "Echo Reply"}, {Value: 8, Name: "Time Stamp Option"},
	{Value: 9, Name: "Partial Order Connection Permitted"}, {Value: 10, Name: "Partial Order Service Profile"}, {Value: 11, Name: "CC"},
	{Value: 12, Name: "CC.NEW"}, {Value: 13, Name: "CC.ECHO"}, {Value: 14, Name: "TCP Alternate Checksum Request"},
	{Value: 15, Name: "TCP Alternate Checksum Data"}, {Value: 16, Name: "Skeeter"}, {Value: 17, Name: "Bubba"}, {Value: 18, Name: "Trailer Checksum Option"},
	{Value: 19, Name: "MD5 Signature Option"}, {Value: 20, Name: "SCPS Capabilities"}, {Value: 21, Name: "Selective Negative Acknowledgements"},
	{Value: 22, Name: "Record Boundaries"}, {Value: 23, Name: "Corruption experienced"}, {Value: 24, Name: "SNAP"}, {Value: 25, Name: "Unassigned"},
	{Value: 26, Name: "TCP Compression Filter"}, {Value: 27, Name: "Quick-Start Response"}, {Value: 28, Name: "User Timeout Option"},
	{Value: 29, Name: "The TCP Authentication Option"}, {Value: 30, Name: "Multipath TCP"}, {Value: 34, Name: "TCP Fast Open Cookie"},
	{Value: 76, Name: "Riverbed Probe"}, {Value: 78, Name: "Riverbed Transparency"}, {Value: 172, Name: "Accurate ECN Order 0"},
	{Value: 174, Name: "Accurate ECN Order 1"}, {Value: 253, Name: "RFC3692-style Experiment 1"},
	{Value: 254, Name: "RFC3692-style Experiment 2"},
}

// checksumStatuses are the names of tcp.checksum.status (Wireshark's
// proto_checksum_vals).
var checksumStatuses = []field.Value{{Value: 0, Name: "Bad"}, {Value: 1, Name: "Good"}, {Value: 2, Name: "Unverified"}, {Value: 3, Name: "Not present"}, {Value: 4, Name: "Illegal"}}
