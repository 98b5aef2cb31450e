package field

// Severity grades an expert info as Wireshark grades it (PI_CHAT ...
// PI_ERROR). The values are Wireshark's, as -T json prints them
// (_ws.expert.severity).
type Severity uint32

// Severities, from the mildest.
const (
	SeverityComment Severity = 0x00100000 // PI_COMMENT
	SeverityChat    Severity = 0x00200000 // PI_CHAT: usual workflow, e.g. a TCP SYN
	SeverityNote    Severity = 0x00400000 // PI_NOTE: notable, e.g. a retransmission
	SeverityWarning Severity = 0x00600000 // PI_WARN: a problem, e.g. a lost segment
	SeverityError   Severity = 0x00800000 // PI_ERROR: a serious problem, e.g. a malformed packet
)

// String returns Wireshark's name of the severity: "Comment", "Chat",
// "Note", "Warning" or "Error", as in "[Severity level: Warning]".
func (s Severity) String() string {
	switch s {
	case SeverityComment:
		return "Comment"
	case SeverityChat:
		return "Chat"
	case SeverityNote:
		return "Note"
	case SeverityWarning:
		return "Warning"
	case SeverityError:
		return "Error"
	}
	return "Unknown"
}

// Group is the kind of an expert info (PI_CHECKSUM ... PI_DEPRECATED), with
// Wireshark's values (_ws.expert.group).
type Group uint32

// Groups.
const (
	GroupChecksum     Group = 0x01000000 // PI_CHECKSUM: a checksum is wrong
	GroupSequence     Group = 0x02000000 // PI_SEQUENCE: a sequence number is suspicious
	GroupResponseCode Group = 0x03000000 // PI_RESPONSE_CODE: an application response code
	GroupRequestCode  Group = 0x04000000 // PI_REQUEST_CODE: an application request
	GroupUndecoded    Group = 0x05000000 // PI_UNDECODED: data not dissected
	GroupReassemble   Group = 0x06000000 // PI_REASSEMBLE: a reassembly problem
	GroupMalformed    Group = 0x07000000 // PI_MALFORMED: a malformed packet
	GroupDebug        Group = 0x08000000 // PI_DEBUG
	GroupProtocol     Group = 0x09000000 // PI_PROTOCOL: a violation of the protocol's specification
	GroupSecurity     Group = 0x0a000000 // PI_SECURITY: a security problem
	GroupComments     Group = 0x0b000000 // PI_COMMENTS_GROUP: a packet comment
	GroupDecryption   Group = 0x0c000000 // PI_DECRYPTION: a decryption problem
	GroupAssumption   Group = 0x0d000000 // PI_ASSUMPTION: the dissector had to assume
	GroupDeprecated   Group = 0x0e000000 // PI_DEPRECATED: a deprecated use
)

// String returns Wireshark's name of the group, as in "[Group: Sequence]".
func (g Group) String() string {
	switch g {
	case GroupChecksum:
		return "Checksum"
	case GroupSequence:
		return "Sequence"
	case GroupResponseCode:
		return "Response"
	case GroupRequestCode:
		return "Request"
	case GroupUndecoded:
		return "Undecoded"
	case GroupReassemble:
		return "Reassemble"
	case GroupMalformed:
		return "Malformed"
	case GroupDebug:
		return "Debug"
	case GroupProtocol:
		return "Protocol"
	case GroupSecurity:
		return "Security"
	case GroupComments:
		return "Comment"
	case GroupDecryption:
		return "Decryption"
	case GroupAssumption:
		return "Assumption"
	case GroupDeprecated:
		return "Deprecated"
	}
	return "Unknown"
}

// Expert describes one kind of expert info, as Wireshark's ei_register_info
// entry: its filter name (tcp.analysis.retransmission), group, severity and
// default message.
type Expert struct {
	Abbrev   string
	Group    Group
	Severity Severity
	Summary  string
}

// AddExpert adds an expert info of kind e under parent with message msg
// (e.Summary when msg is nil). Views print it as tshark does:
// "[Expert Info (Note/Sequence): msg]" with the message, severity and group
// under it in packet details, a "_ws.expert" object in -T json.
func (t *Tree) AddExpert(parent Node, e *Expert, start, length int, msg []byte) Node {
	n, it := t.place(parent, nil, start, length)
	it.expert = e
	it.flags |= flagGenerated
	if msg == nil {
		it.text = t.keepString(e.Summary)
	} else {
		it.text = t.keep(msg)
	}
	return n
}

// ExpertMessage returns the message of an expert info item.
func (t *Tree) ExpertMessage(n Node) []byte {
	s := t.at(n).text
	return t.buf[s.off : s.off+s.n : s.off+s.n]
}
