package main

import (
	"fmt"
	"strings"
)

// pref is a tshark preference that -o may set: what wsdump does is what
// tshark prints with the value accepted; any other value, which would make
// tshark print something else, is refused.
type pref struct {
	name string
	// accepts reports whether wsdump prints what tshark prints with value
	accepts func(value string) bool
	// unsupported says what wsdump does not do, for the error
	unsupported string
}

// prefs are the preferences -o takes: those of tshark 4.0.17 that decide
// what the layers we dissect print (tshark -G defaultprefs).
var prefs = [...]pref{
	// tshark's default is FALSE; wsdump always holds out-of-order segments
	// until the hole fills, as the corpus' goldens were made
	{"tcp.reassemble_out_of_order", isTrue, "wsdump always reassembles out-of-order segments (tcp.reassemble_out_of_order:TRUE)"},
	{"tcp.relative_sequence_numbers", isTrue, "absolute sequence numbers are not implemented"},
	{"tcp.analyze_sequence_numbers", isTrue, "turning off the TCP sequence analysis is not implemented"},
	// the timestamps are fields of their own (tcp.time_relative, tcp.time_delta),
	// which wsdump does not print: either value prints the same
	{"tcp.calculate_timestamps", func(string) bool { return true }, ""},
	// the NSS key log to decrypt TLS with: any path (setPref keeps it)
	{"tls.keylog_file", func(string) bool { return true }, ""},
	{"websocket.decompress", isTrue, "showing compressed payloads is not implemented"},
	{"websocket.text_type", isNoSubdissection, "dissecting WebSocket text as line based text, JSON or SIP is not implemented"},
}

// isTrue reads a boolean preference as tshark 4.0 does: TRUE in any case;
// every other word, "1" and "yes" included, is FALSE.
func isTrue(v string) bool { return strings.EqualFold(v, "true") }

// isNoSubdissection reports whether websocket.text_type keeps its default:
// tshark takes an enumerated value by name in any case, and leaves the
// preference as it is for a name it does not know.
func isNoSubdissection(v string) bool {
	for _, other := range []string{"Line based text", "As json", "As SIP"} {
		if strings.EqualFold(v, other) {
			return false
		}
	}
	return true
}

// setPref checks one -o NAME:VALUE, with tshark's messages for a malformed
// or unknown one.
func (c *config) setPref(arg string) error {
	name, value, ok := strings.Cut(arg, ":")
	if !ok {
		return fmt.Errorf("Invalid -o flag %q", arg)
	}
	value = strings.TrimSpace(value) // tshark takes "name: value"
	for _, p := range prefs {
		if p.name != name {
			continue
		}
		if !p.accepts(value) {
			return fmt.Errorf("-o %s:%s: %s", name, value, p.unsupported)
		}
		if name == "tls.keylog_file" {
			c.keyLogFile = value
		}
		return nil
	}
	return fmt.Errorf("-o flag %q specifies unknown preference", arg)
}
