package httpupgrade

import "strings"

// Summary returns the text Wireshark shows in the Info column for this
// message: the start line as sent and a space ("GET /ws HTTP/1.1 ",
// "HTTP/1.1 101 Switching Protocols "), followed, when the message has a
// body of a media type Wireshark dissects, by what that dissector adds:
// " (text/html)" for line-based text and a few others, ", JavaScript Object
// Notation (application/json)" for JSON. Media types Wireshark hands to
// dissectors that add nothing (XML, application/octet-stream, unknown
// types) add nothing here either.
func (m *Message) Summary() string {
	s := m.startLine + " "
	if m.bodyBytes == 0 {
		return s
	}
	ct, ok := m.mediaType()
	if !ok {
		return s
	}
	switch mediaInfo(ct) {
	case infoJSON:
		return s + ", JavaScript Object Notation (" + ct + ")"
	case infoParen:
		return s + " (" + ct + ")"
	}
	return s
}

type mediaKind uint8

const (
	infoNone  mediaKind = iota // the dissector adds nothing to Info
	infoParen                  // " (type)": line-based text, form data, images
	infoJSON                   // ", JavaScript Object Notation (type)"
)

// mediaInfo says what Wireshark 4.0's dissector for media type ct adds to
// the Info column. Verified with tshark 4.0.17 for the common types; rare
// types fall back to adding nothing.
func mediaInfo(ct string) mediaKind {
	switch {
	case ct == "application/json", strings.HasSuffix(ct, "+json"),
		ct == "application/json-rpc", ct == "application/jsonrequest":
		return infoJSON
	case strings.HasSuffix(ct, "+xml"):
		return infoNone
	case strings.HasPrefix(ct, "image/"):
		return infoParen
	}
	switch ct {
	case "text/plain", "text/html", "text/css", "text/javascript", "text/csv",
		"text/event-stream", "text/richtext", "text/enriched", "text/parameters",
		"application/javascript", "application/x-javascript",
		"application/x-www-form-urlencoded", "application/x-ns-proxy-autoconfig":
		return infoParen
	}
	return infoNone
}

// BodyProtocol returns the name frame.protocols gives the dissector of the
// message's body: "data-text-lines" for line-based text, "json" for JSON;
// "" for a message without a body, or one of a media type not known here.
func (m *Message) BodyProtocol() string {
	if m.bodyBytes == 0 {
		return ""
	}
	ct, _ := m.mediaType()
	switch mediaInfo(ct) {
	case infoJSON:
		return "json"
	case infoParen:
		if !strings.HasPrefix(ct, "image/") && ct != "application/x-www-form-urlencoded" {
			return "data-text-lines"
		}
	}
	return ""
}

// mediaType returns the message's media type: its Content-Type without
// parameters, in lower case; false without the header.
func (m *Message) mediaType() (string, bool) {
	ct, ok := m.Get("Content-Type")
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(trimOWS(ct)), ok
}
