package httpupgrade

import (
	"crypto/sha1"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/wsdissect/wsdissect/field"
)

// websocketGUID is the GUID of RFC 6455 §1.3, appended to the key before
// hashing.
const websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// AcceptKey returns the Sec-WebSocket-Accept value a server must answer to
// key: base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
func AcceptKey(key string) string {
	h := sha1.New()
	h.Write([]byte(key))
	h.Write([]byte(websocketGUID))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// Switches reports whether the connection switches to WebSocket after resp,
// by Wireshark's rule: resp is a 101 answer whose Upgrade header (the last
// one, with white space after the colon removed) is "websocket" in any
// case, and a request was seen before it on the connection (req != nil).
// Wireshark looks at nothing else: not the request's headers, not the
// method, not Sec-WebSocket-Accept (see [Check] for those). The reason says
// why, either way.
func Switches(req, resp *Message) (ok bool, reason string) {
	switch {
	case resp == nil:
		return false, "no answer"
	case resp.IsRequest:
		return false, "the answer is a request"
	case req == nil:
		return false, "101 answer without a request before it"
	case !req.IsRequest:
		return false, "the request is a response"
	case resp.StatusCode != 101:
		return false, "answer is " + strconv.Itoa(resp.StatusCode) + " " + resp.Reason + ", not 101 Switching Protocols"
	}
	ups := resp.Values("Upgrade")
	if len(ups) == 0 {
		return false, "101 answer without an Upgrade header"
	}
	// Wireshark keeps the value of the last Upgrade header and compares it
	// whole, trailing white space included.
	if up := ups[len(ups)-1]; !strings.EqualFold(up, "websocket") {
		return false, "101 answer upgrades to " + strconv.Quote(up) + ", not websocket"
	}
	return true, "101 answer with Upgrade: websocket"
}

// AnomalyKind says which check an anomaly comes from.
type AnomalyKind uint8

// Kinds of anomalies found by [Check].
const (
	KindMethod             AnomalyKind = iota + 1 // request method is not GET
	KindHTTPVersion                               // request is not HTTP/1.1 or later
	KindUpgradeToken                              // Upgrade lacks the websocket token
	KindConnectionToken                           // Connection lacks the upgrade token
	KindMissingKey                                // no Sec-WebSocket-Key in the request
	KindDuplicateKey                              // several Sec-WebSocket-Key headers
	KindBadKey                                    // key is not 16 bytes in base64
	KindVersion                                   // Sec-WebSocket-Version missing or not 13
	KindMissingAccept                             // no Sec-WebSocket-Accept in the 101 answer
	KindDuplicateAccept                           // several Sec-WebSocket-Accept headers
	KindAcceptMismatch                            // Sec-WebSocket-Accept is not the key's
	KindUnofferedExtension                        // answer accepts an extension not offered
	KindBadExtension                              // malformed extension list or parameters
	KindUnofferedProtocol                         // answer selects a subprotocol not offered
)

// String names the kind of anomaly.
func (k AnomalyKind) String() string {
	switch k {
	case KindMethod:
		return "method"
	case KindHTTPVersion:
		return "http-version"
	case KindUpgradeToken:
		return "upgrade-token"
	case KindConnectionToken:
		return "connection-token"
	case KindMissingKey:
		return "missing-key"
	case KindDuplicateKey:
		return "duplicate-key"
	case KindBadKey:
		return "bad-key"
	case KindVersion:
		return "version"
	case KindMissingAccept:
		return "missing-accept"
	case KindDuplicateAccept:
		return "duplicate-accept"
	case KindAcceptMismatch:
		return "accept-mismatch"
	case KindUnofferedExtension:
		return "unoffered-extension"
	case KindBadExtension:
		return "bad-extension"
	case KindUnofferedProtocol:
		return "unoffered-protocol"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Anomaly is a departure from RFC 6455 §4 found in a handshake: an expert
// info of Wireshark's Protocol group (field.GroupProtocol).
type Anomaly struct {
	Kind AnomalyKind
	// Severity is Note for something unusual but allowed, Warning for what
	// goes against a SHOULD or is likely to break some peers, Error for
	// what goes against a MUST: a conforming peer fails the connection.
	Severity field.Severity
	Detail   string // what was expected and what was found
}

// Error formats the anomaly as "httpupgrade: kind: detail", so an Anomaly
// can be returned or wrapped as an error.
func (a Anomaly) Error() string {
	return "httpupgrade: " + a.Kind.String() + ": " + a.Detail
}

// Check makes the checks of RFC 6455 §4 that Wireshark does not make and
// returns what it finds, in order, or nil. Either message may be nil: the
// request is checked alone (no answer yet, or a refusal), the answer alone
// (its request not captured). The answer is checked only when it is a 101.
func Check(req, resp *Message) []Anomaly {
	var as []Anomaly
	add := func(k AnomalyKind, s field.Severity, detail string) {
		as = append(as, Anomaly{Kind: k, Severity: s, Detail: detail})
	}
	if req != nil && req.IsRequest {
		checkRequest(req, add)
	}
	if resp != nil && !resp.IsRequest && resp.StatusCode == 101 {
		checkResponse(req, resp, add)
	}
	return as
}

type addFunc func(AnomalyKind, field.Severity, string)

func checkRequest(req *Message, add addFunc) {
	if req.Method != "GET" {
		add(KindMethod, field.SeverityError, "request method is "+strconv.Quote(req.Method)+", expected GET")
	}
	if req.Proto < "HTTP/1.1" {
		add(KindHTTPVersion, field.SeverityError, "request is "+req.Proto+", expected HTTP/1.1 or later")
	}
	checkTokens(req, "request", add)
	switch keys := req.Values("Sec-WebSocket-Key"); {
	case len(keys) == 0:
		add(KindMissingKey, field.SeverityError, "request has no Sec-WebSocket-Key")
	case len(keys) > 1:
		add(KindDuplicateKey, field.SeverityError, "request has "+strconv.Itoa(len(keys))+" Sec-WebSocket-Key headers: "+strings.Join(keys, ", "))
	default:
		if raw, err := base64.StdEncoding.DecodeString(req.Key); err != nil || len(raw) != 16 {
			add(KindBadKey, field.SeverityWarning, "Sec-WebSocket-Key "+strconv.Quote(req.Key)+" is not 16 bytes in base64")
		}
	}
	switch vs := req.Values("Sec-WebSocket-Version"); {
	case len(vs) == 0:
		add(KindVersion, field.SeverityError, "request has no Sec-WebSocket-Version, expected 13")
	case len(vs) > 1 || req.WSVersion != "13":
		add(KindVersion, field.SeverityError, "Sec-WebSocket-Version is "+strconv.Quote(strings.Join(vs, ","))+", expected 13")
	}
	if req.ExtensionsErr != nil {
		add(KindBadExtension, field.SeverityWarning, "request: "+req.ExtensionsErr.Error())
	}
}

func checkResponse(req, resp *Message, add addFunc) {
	checkTokens(resp, "101 answer", add)
	accepts := resp.Values("Sec-WebSocket-Accept")
	switch {
	case len(accepts) == 0:
		add(KindMissingAccept, field.SeverityError, "101 answer has no Sec-WebSocket-Accept")
	case len(accepts) > 1:
		add(KindDuplicateAccept, field.SeverityError, "101 answer has "+strconv.Itoa(len(accepts))+" Sec-WebSocket-Accept headers: "+strings.Join(accepts, ", "))
	case req != nil && req.Key != "" && req.count("Sec-WebSocket-Key") == 1:
		if want := AcceptKey(req.Key); resp.Accept != want {
			add(KindAcceptMismatch, field.SeverityError, "Sec-WebSocket-Accept is "+strconv.Quote(resp.Accept)+
				", expected "+strconv.Quote(want)+" for key "+strconv.Quote(req.Key))
		}
	}
	if resp.ExtensionsErr != nil {
		add(KindBadExtension, field.SeverityError, "101 answer: "+resp.ExtensionsErr.Error())
	}
	if req == nil {
		return
	}
	for _, e := range resp.Extensions {
		if _, offered := req.Extension(e.Name); !offered {
			add(KindUnofferedExtension, field.SeverityError, "101 answer accepts extension "+strconv.Quote(e.Name)+
				", request offered "+quoteOrNone(req.ExtensionsRaw))
		} else if strings.EqualFold(e.Name, PerMessageDeflate) {
			if _, err := e.Deflate(); err != nil {
				add(KindBadExtension, field.SeverityError, "101 answer: "+err.Error())
			}
		}
	}
	switch len(resp.Protocols) {
	case 0:
	case 1:
		p := resp.Protocols[0]
		offered := false
		for _, o := range req.Protocols {
			offered = offered || o == p
		}
		if !offered {
			add(KindUnofferedProtocol, field.SeverityError, "101 answer selects subprotocol "+strconv.Quote(p)+
				", request offered "+quoteOrNone(req.ProtocolRaw))
		}
	default:
		add(KindUnofferedProtocol, field.SeverityError, "101 answer selects "+strconv.Itoa(len(resp.Protocols))+
			" subprotocols "+strconv.Quote(resp.ProtocolRaw)+", expected one")
	}
}

// checkTokens checks that Upgrade names websocket and Connection names
// upgrade, as comma-separated tokens in any case (RFC 6455 §4.1, §4.2.2).
func checkTokens(m *Message, who string, add addFunc) {
	if !hasToken(m.Values("Upgrade"), "websocket") {
		add(KindUpgradeToken, field.SeverityError, who+" has Upgrade "+quoteOrNone(strings.Join(m.Values("Upgrade"), ","))+", expected websocket")
	}
	if !hasToken(m.Values("Connection"), "upgrade") {
		add(KindConnectionToken, field.SeverityError, who+" has Connection "+quoteOrNone(strings.Join(m.Values("Connection"), ","))+", expected a token upgrade")
	}
}

// hasToken reports whether one of the comma-separated lists in values
// holds token (lower case), ignoring case.
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			if equalFoldASCII(trimOWS(t), token) {
				return true
			}
		}
	}
	return false
}

func quoteOrNone(s string) string {
	if s == "" {
		return "none"
	}
	return strconv.Quote(s)
}
