package wsframe

import "strings"

// DeflateParams are the permessage-deflate parameters (RFC 7692 §7.1) of a
// negotiated Sec-WebSocket-Extensions value. The server_* parameters govern
// the messages the server sends, the client_* ones those the client sends.
// (Wireshark 4.0 applies them the other way round.) A window size is the one
// in effect, 15 when its parameter is absent, as in httpupgrade.DeflateParams,
// the handshake's strict reading of the same parameters.
type DeflateParams struct {
	// ServerNoContextTakeover: the server compresses each message with a
	// fresh LZ77 window (server_no_context_takeover).
	ServerNoContextTakeover bool
	// ClientNoContextTakeover: the client compresses each message with a
	// fresh LZ77 window (client_no_context_takeover).
	ClientNoContextTakeover bool
	// ServerMaxWindowBits is the server's LZ77 window size, 8 to 15
	// (server_max_window_bits; 15 when absent).
	ServerMaxWindowBits int
	// ClientMaxWindowBits is the client's LZ77 window size, 8 to 15
	// (client_max_window_bits; 15 when absent or given without a value).
	ClientMaxWindowBits int
	// PerFrame is set for x-webkit-deflate-frame, the pre-standard extension
	// of older Safari and Chrome: each frame with RSV1 set is compressed on its
	// own. Its no_context_takeover and max_window_bits parameters describe the
	// server's compressor and are reported in the Server fields.
	PerFrame bool
}

// ParseDeflateParams finds permessage-deflate (or x-webkit-deflate-frame) in
// the Sec-WebSocket-Extensions value of a 101 answer and returns its parameters;
// ok is false when neither extension was negotiated. Extension and parameter
// names are matched without regard to case; window bits outside 8..15 are
// clamped and unparsable ones read as 15, as Wireshark does.
func ParseDeflateParams(extensions string) (p DeflateParams, ok bool) {
	for ext := range strings.SplitSeq(extensions, ",") {
		params := strings.Split(ext, ";")
		name := strings.TrimSpace(params[0])
		var perFrame bool
		switch {
		case strings.EqualFold(name, "permessage-deflate"):
		case strings.EqualFold(name, "x-webkit-deflate-frame"):
			perFrame = true
		default:
			continue
		}
		p = DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15, PerFrame: perFrame}
		for _, param := range params[1:] {
			key, value, _ := strings.Cut(param, "=")
			key = strings.ToLower(strings.TrimSpace(key))
			value = strings.Trim(strings.TrimSpace(value), `"`)
			if perFrame {
				// The per-frame draft names the parameters without a side.
				switch key {
				case "no_context_takeover":
					key = "server_no_context_takeover"
				case "max_window_bits":
					key = "server_max_window_bits"
				}
			}
			switch key {
			case "server_no_context_takeover":
				p.ServerNoContextTakeover = true
			case "client_no_context_takeover":
				p.ClientNoContextTakeover = true
			case "server_max_window_bits":
				p.ServerMaxWindowBits = windowBits(value)
			case "client_max_window_bits":
				p.ClientMaxWindowBits = windowBits(value)
			}
		}
		return p, true
	}
	return DeflateParams{}, false
}

// windowBits reads a max_window_bits value the way Wireshark does: clamped to
// 8..15, and 15 when missing or not a number.
func windowBits(s string) int {
	if s == "" || len(s) > 3 {
		return 15
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 15
		}
		n = n*10 + int(c-'0')
	}
	return min(max(n, 8), 15)
}
