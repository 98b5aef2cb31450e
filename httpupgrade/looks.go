package httpupgrade

import (
	"bytes"
	"strings"
)

// LooksLikeRequest reports whether b can be the start of an HTTP request:
// it begins with a method Wireshark's HTTP dissector knows followed by a
// space, or, when shorter, with the beginning of one. It is a cheap test
// for deciding that a stream carries HTTP; Parse accepts any method.
func LooksLikeRequest(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	if sp := bytes.IndexByte(b, ' '); sp >= 0 {
		return sp > 0 && sp <= maxMethodLen && strings.Contains(knownMethods, " "+string(b[:sp+1]))
	}
	return len(b) <= maxMethodLen && bytes.IndexByte(b, 0) < 0 && strings.Contains(knownMethods, " "+string(b))
}

// LooksLikeResponse reports whether b can be the start of an HTTP response:
// "HTTP/" and a digit, or, when shorter, the beginning of that.
func LooksLikeResponse(b []byte) bool {
	const p = "HTTP/"
	if len(b) <= len(p) {
		return len(b) > 0 && p[:len(b)] == string(b)
	}
	return string(b[:len(p)]) == p && isDigit(b[len(p)])
}

// maxMethodLen is the length of the longest of knownMethods.
const maxMethodLen = 17

// knownMethods are the request methods Wireshark's HTTP dissector
// recognises (RFC 9110, WebDAV, UPnP), each preceded and followed by a
// space so that a substring search finds a method or its beginning.
const knownMethods = " GET HEAD POST PUT DELETE CONNECT OPTIONS TRACE PATCH" +
	" PROPFIND PROPPATCH MKCOL COPY MOVE LOCK UNLOCK SEARCH REPORT MERGE" +
	" CHECKIN CHECKOUT UNCHECKOUT MKACTIVITY MKWORKSPACE VERSION-CONTROL" +
	" BASELINE-CONTROL LABEL UPDATE ACL POLL BCOPY BMOVE BDELETE BPROPFIND" +
	" BPROPPATCH NOTIFY SUBSCRIBE UNSUBSCRIBE M-SEARCH MKCALENDAR ORDERPATCH" +
	" MKREDIRECTREF UPDATEREDIRECTREF PRI "
