package httpupgrade

import "github.com/wsdissect/wsdissect/field"

// The expert infos of the HTTP dissector: filter name, group, severity and
// message as Wireshark 4.0 registers them (its fields, of type FT_NONE, are
// in Fields, as tshark -G fields lists them).
var (
	eChat                  = field.Expert{Abbrev: "http.chat", Group: field.GroupSequence, Severity: field.SeverityChat, Summary: "Formatted text"}
	eTEAndLength           = field.Expert{Abbrev: "http.te_and_length", Group: field.GroupMalformed, Severity: field.SeverityWarning, Summary: hfHttpTeAndLength.Name}
	eTEUnknown             = field.Expert{Abbrev: "http.te_unknown", Group: field.GroupUndecoded, Severity: field.SeverityWarning, Summary: hfHttpTeUnknown.Name}
	eSubdissectorFailed    = field.Expert{Abbrev: "http.subdissector_failed", Group: field.GroupMalformed, Severity: field.SeverityNote, Summary: hfHttpSubdissectorFailed.Name}
	eTLSPort               = field.Expert{Abbrev: "http.tls_port", Group: field.GroupSecurity, Severity: field.SeverityWarning, Summary: hfHttpTlsPort.Name}
	eLeadingCRLF           = field.Expert{Abbrev: "http.leading_crlf", Group: field.GroupMalformed, Severity: field.SeverityError, Summary: hfHttpLeadingCrlf.Name}
	eBadHeaderName         = field.Expert{Abbrev: "http.bad_header_name", Group: field.GroupProtocol, Severity: field.SeverityWarning, Summary: hfHttpBadHeaderName.Name}
	eDecompressionFailed   = field.Expert{Abbrev: "http.decompression_failed", Group: field.GroupUndecoded, Severity: field.SeverityWarning, Summary: hfHttpDecompressionFailed.Name}
	eDecompressionDisabled = field.Expert{Abbrev: "http.decompression_disabled", Group: field.GroupUndecoded, Severity: field.SeverityChat, Summary: hfHttpDecompressionDisabled.Name}
)
