package tcp

import "github.com/wsdissect/wsdissect/field"

// The expert infos of the TCP dissector: filter name, group, severity and
// message as Wireshark 4.0 registers them.
var (
	eRetransmission         = field.Expert{Abbrev: "tcp.analysis.retransmission", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "This frame is a (suspected) retransmission"}
	eFastRetransmission     = field.Expert{Abbrev: "tcp.analysis.fast_retransmission", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "This frame is a (suspected) fast retransmission"}
	eSpuriousRetransmission = field.Expert{Abbrev: "tcp.analysis.spurious_retransmission", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "This frame is a (suspected) spurious retransmission"}
	eOutOfOrder             = field.Expert{Abbrev: "tcp.analysis.out_of_order", Group: field.GroupSequence, Severity: field.SeverityWarning, Summary: "This frame is a (suspected) out-of-order segment"}
	eReusedPorts            = field.Expert{Abbrev: "tcp.analysis.reused_ports", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "A new tcp session is started with the same ports as an earlier session in this trace"}
	eLostSegment            = field.Expert{Abbrev: "tcp.analysis.lost_segment", Group: field.GroupSequence, Severity: field.SeverityWarning, Summary: "Previous segment(s) not captured (common at capture start)"}
	eAckLostSegment         = field.Expert{Abbrev: "tcp.analysis.ack_lost_segment", Group: field.GroupSequence, Severity: field.SeverityWarning, Summary: "ACKed segment that wasn't captured (common at capture start)"}
	eWindowUpdate           = field.Expert{Abbrev: "tcp.analysis.window_update", Group: field.GroupSequence, Severity: field.SeverityChat, Summary: "TCP window update"}
	eWindowFull             = field.Expert{Abbrev: "tcp.analysis.window_full", Group: field.GroupSequence, Severity: field.SeverityWarning, Summary: "TCP window specified by the receiver is now completely full"}
	eKeepAlive              = field.Expert{Abbrev: "tcp.analysis.keep_alive", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "TCP keep-alive segment"}
	eKeepAliveAck           = field.Expert{Abbrev: "tcp.analysis.keep_alive_ack", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "ACK to a TCP keep-alive segment"}
	eDuplicateAck           = field.Expert{Abbrev: "tcp.analysis.duplicate_ack", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "Duplicate ACK"}
	eZeroWindowProbe        = field.Expert{Abbrev: "tcp.analysis.zero_window_probe", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "TCP Zero Window Probe"}
	eZeroWindow             = field.Expert{Abbrev: "tcp.analysis.zero_window", Group: field.GroupSequence, Severity: field.SeverityWarning, Summary: "TCP Zero Window segment"}
	eZeroWindowProbeAck     = field.Expert{Abbrev: "tcp.analysis.zero_window_probe_ack", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "ACK to a TCP Zero Window Probe"}
	eFINActive              = field.Expert{Abbrev: "tcp.connection.fin_active", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "This frame initiates the connection closing"}
	eFINPassive             = field.Expert{Abbrev: "tcp.connection.fin_passive", Group: field.GroupSequence, Severity: field.SeverityNote, Summary: "This frame undergoes the connection closing"}
	eDSACK                  = field.Expert{Abbrev: "tcp.options.sack.dsack", Group: field.GroupSequence, Severity: field.SeverityWarning, Summary: "D-SACK Sequence"}
	eSYNACK                 = field.Expert{Abbrev: "tcp.connection.synack", Group: field.GroupSequence, Severity: field.SeverityChat, Summary: "Connection establish acknowledge (SYN+ACK)"}
	eSYN                    = field.Expert{Abbrev: "tcp.connection.syn", Group: field.GroupSequence, Severity: field.SeverityChat, Summary: "Connection establish request (SYN)"}
	eFIN                    = field.Expert{Abbrev: "tcp.connection.fin", Group: field.GroupSequence, Severity: field.SeverityChat, Summary: "Connection finish (FIN)"}
	eRST                    = field.Expert{Abbrev: "tcp.connection.rst", Group: field.GroupSequence, Severity: field.SeverityWarning, Summary: "Connection reset (RST)"}
	eAckNonzero             = field.Expert{Abbrev: "tcp.ack.nonzero", Group: field.GroupProtocol, Severity: field.SeverityNote, Summary: "The acknowledgment number field is nonzero while the ACK flag is not set"}
	eUrgentNonzero          = field.Expert{Abbrev: "tcp.urgent_pointer.non_zero", Group: field.GroupProtocol, Severity: field.SeverityNote, Summary: "The urgent pointer field is nonzero while the URG flag is not set"}
	eOptionLenInvalid       = field.Expert{Abbrev: "tcp.option.len.invalid", Group: field.GroupProtocol, Severity: field.SeverityError, Summary: "Invalid length for option"}
	eWScaleShiftInvalid     = field.Expert{Abbrev: "tcp.options.wscale.shift.invalid", Group: field.GroupProtocol, Severity: field.SeverityWarning, Summary: "Window scale shift exceeds 14"}
)
