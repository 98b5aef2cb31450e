// Package dfilter is Wireshark 4.0's display-filter language: a filter is
// compiled once against a field.Registry (the fields the dissectors
// declare, as tshark -G fields lists them) and evaluated on each packet's
// field.Tree. It is the language of tshark -Y, and reads and refuses
// filters as tshark 4.0 does, with tshark's messages.
//
//	reg := wsdissect.Registry()
//	f, err := dfilter.Compile(`websocket.opcode == 1 && tcp.stream in {1, 2, 3}`, reg)
//	// per packet:
//	f.Prime(tree) // once: build only what the filter reads
//	rec.FillTree(tree, delta)
//	if f.Match(tree) { ... }
//
// Or let the dissector do it: wsdissect.Options{Filter: f}.
//
// # The language
//
// A field's or protocol's name alone tests that the packet has it:
// "websocket", "tcp.analysis.flags", "_ws.expert" (any expert info; also
// _ws.expert.message, .severity and .group), or an expert info's own name
// ("tcp.analysis.retransmission").
//
// Comparisons: == (eq, any_eq), != (ne, all_ne), === (all_eq), !== (~=,
// any_ne), > (gt), >= (ge), < (lt), <= (le). A field that occurs several
// times in a packet (ip.addr, tcp.port, websocket.opcode) has several
// values: == is true when any of them is equal, != when all differ (the
// meaning 4.0 gave it), === when all are equal, !== when any differs. A field the packet lacks makes every
// comparison false, != too (tcp.port != 80 does not select UDP), and count
// of it has no value. a == b == c is a == b && b == c.
//
// contains tests a string or byte string for a part (http.upgrade contains
// "websocket", tcp.payload contains 81:7e); matches tests it against a
// regular expression, case-insensitively unless it says (?-i)
// (websocket.payload.text matches "^\\{"). in tests membership of a set of
// values and ranges: tcp.stream in {0, 2, 5..9}, and not in its absence.
//
// Logic: and (&&), or (||), not (!), with parentheses; and binds tighter
// than or. Wireshark 4.0 has no xor: "xor" and "^^" are refused as tshark
// refuses them.
//
// Slices take bytes of a string, byte string or protocol: [i] one byte,
// [i:n] n bytes from i, [i-j] bytes i to j, [i:] to the end, [:n] the
// first n; negative offsets count from the end (tcp.payload[-1]); several
// ranges are joined (frame[0:2,12-13]).
//
// Arithmetic on numbers: + - * / % and unary minus, with braces to group
// ({tcp.srcport + 1} * 2); bitwise and with & (bitwise_and), which alone
// tests for a bit set (tcp.flags & 0x02, tcp.payload[0] & 0x80).
//
// The layer operator picks an instance of the protocol a field is in:
// ip.addr#2 is the inner address of IP in IP, ip.addr#[1-2] either.
//
// Functions: len (of a string, byte string or protocol), count (of a
// field's occurrences), upper, lower, string (a field's value as tshark
// -T fields prints it), max, min, abs.
//
// Field references (${ip.src}) compile, and, as in tshark, which has no
// selected packet, have no value.
//
// # Literals
//
// A literal is read as the type of what it is compared with:
//   - integers: decimal, 0x hex, 0 octal, 0b binary, a character ('A',
//     '\x41', '\101'), or a name of the field's values (websocket.opcode ==
//     Text, eth.type == "IPv4", case-insensitive), with tshark's range checks;
//   - Booleans: 1 (any non-zero) or 0, True, False, or the field's names
//     for them (tcp.flags.syn == Set);
//   - floats: 2.5; relative times: seconds (frame.time_relative > 0.5);
//   - absolute times, in local time: "Nov 12, 1999 08:55:44.123",
//     "2011-07-04 12:34:56", "2011-07-04"; " UTC" at the end for UTC;
//   - strings: "..." with the escapes \\ \" \' \a \b \f \n \r \t \v \xHH
//     \NNN (octal) \uXXXX \UXXXXXXXX; raw strings r"..." without escapes;
//   - byte strings: 81:7e, 81.7e, 81-7e or 817e; a string for its bytes;
//     0x81 for one byte;
//   - MAC addresses: 02:00:00:00:00:01, 02-00-..., 0200.0000.0001,
//     020000000001; IPv4 and IPv6 addresses, with a CIDR prefix
//     (ip.addr == 10.0.0.0/8, ipv6.addr == fd77::/16).
//
// # Where wsdissect differs from Wireshark
//
// matches uses Go's regexp (RE2 syntax), not PCRE2. Most patterns mean
// the same; a match always takes linear time, so no pattern is
// catastrophic. What RE2 lacks is refused with an error that says so:
// lookahead and lookbehind ((?=, (?!, (?<=, (?<!), atomic groups (?>,
// possessive quantifiers (a*+), back references (\1, \g, \k), recursion
// and conditionals, \K. A byte string is matched as UTF-8 text, so a
// byte that is not UTF-8 matches only \x{FFFD}-tolerant patterns such as
// "." where PCRE2 would match the byte.
//
// Hostile filters are bounded: a filter longer than 1 MiB or of more than
// 100,000 tokens, nesting deeper than 200 levels, a pattern longer than
// 10,000 bytes are errors (tshark has its own limits there, with other
// words), and arithmetic on repeated fields makes at most 4,096 values.
//
// # Errors
//
// A filter that does not compile is an *Error with tshark's message and
// the run of the filter it is about; Underlined prints it as tshark does:
//
//	"99999999" too big for this field, maximum 65535.
//	    tcp.port == 99999999
//	                ^~~~~~~~
//
// # Cost
//
// Requires lists protocols a packet must have to pass, so that a caller
// that knows cheaply that a packet lacks one (wsdump asks the record) need
// not build its tree. Compile does all the work that does not depend on the packet: names
// looked up, literals converted, sets built, expressions compiled. Match
// gathers the items of the fields the filter names in one pass over the
// tree, then evaluates; it allocates nothing once its scratch buffers have
// grown. Protocols lists the protocols the filter names, for
// field.Tree.Want. A Filter keeps its scratch: use one per goroutine.
//
// Wireshark's manual of the language: https://www.wireshark.org/docs/man-pages/wireshark-filter.html
package dfilter
