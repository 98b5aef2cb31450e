package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
)

// TestParseArgs: argument lists as tshark 4.0.17 reads them (each fact in
// a comment was observed with tshark on a capture of testdata/).
func TestParseArgs(t *testing.T) {
	base := func(f func(*config)) *config {
		c := &config{file: capture, format: "text", separator: "\t", aggregate: ",", occ: wsdissect.AllOccurrences, workers: 0}
		if f != nil {
			f(c)
		}
		return c
	}
	tests := []struct {
		name string
		args []string
		want *config
	}{
		{"separate", []string{"-r", capture}, base(nil)},
		// tshark -r FILE -Ywebsocket -Tfields -eframe.number -Eheader=y -c5
		{"attached", []string{"-r" + capture, "-Ywebsocket", "-Tfields", "-eframe.number", "-Eheader=y", "-c5"},
			base(func(c *config) {
				c.filter, c.format, c.fields, c.header, c.count = "websocket", "fields", []string{"frame.number"}, true, 5
			})},
		// tshark -qV, -nqr FILE, -qc1, -qTfields: booleans group, the last
		// letter may take an argument, attached or next
		{"grouped", []string{"-nq2lr", capture, "-qc1"}, base(func(c *config) { c.quiet, c.flush, c.count, c.twoPass, c.noResolve = true, true, 1, true, true })},
		{"details", []string{"-2PVr", capture}, base(func(c *config) { c.twoPass, c.summary, c.verbose = true, true, true })},
		// -O implies -V, as in tshark
		{"only-protocols", []string{"-r", capture, "-Otcp,ip"}, base(func(c *config) { c.verbose, c.expand = true, []string{"tcp", "ip"} })},
		{"grouped-attached", []string{"-qTfields", "-eframe.number", "-r", capture}, base(func(c *config) {
			c.quiet, c.format, c.fields = true, "fields", []string{"frame.number"}
		})},
		// tshark -r FILE websocket == -Y websocket; "-r X -c1 tcp -V" makes
		// "tcp -V" the filter: options end at the first other word
		{"trailing-filter", []string{"-r", capture, "websocket"}, base(func(c *config) { c.filter = "websocket" })},
		{"double-dash", []string{"-r", capture, "--", "tcp"}, base(func(c *config) { c.filter = "tcp" })},
		// the last -r, -Y, -c wins (tshark -Y websocket -Y tcp shows tcp)
		{"last-wins", []string{"-r", "x", "-Y", "websocket", "-Y", "tcp", "-c", "2", "-c", "1", "-r", capture},
			base(func(c *config) { c.filter, c.count = "tcp", 1 })},
		// getopt_long takes a unique prefix (tshark --hel is --help)
		{"long-prefix", []string{"--mess", "--work=3", "-r", capture}, base(func(c *config) { c.messages, c.workers = true, 3 })},
		{"max-connections", []string{"--max-connections", "100000", "-r", capture}, base(func(c *config) { c.maxConns = 100000 })},
		// -E: the first character of a value counts (header=yes is y,
		// separator=ab is a, bom=yes is y), /s is a space, /t a tab for the
		// separator only, a slash with anything else a backslash
		{"fields-options", []string{"-r", capture, "-Tfields", "-e", "frame.number", "-Eheader=yes", "-Ebom=yes", "-Equote=dd", "-Eseparator=ab", "-Eaggregator=/t", "-Eoccurrence=fa"},
			base(func(c *config) {
				c.format, c.fields, c.header, c.bom, c.quote, c.separator, c.aggregate, c.occ = "fields", []string{"frame.number"}, true, true, '"', "a", `\`, wsdissect.FirstOccurrence
			})},
		{"separator-slashes", []string{"-r", capture, "-E", "separator=/s", "-E", "aggregator=/s", "-E", "quote=s", "-E", "quote=n", "-E", "separator=/"},
			base(func(c *config) { c.separator, c.aggregate = `\`, " " })},
		// -o values tshark reads as what wsdump does: booleans are TRUE in
		// any case, spaces after the colon are dropped, an unknown
		// websocket.text_type leaves the default
		{"prefs", []string{"-r", capture, "-o", "tcp.reassemble_out_of_order:TRUE", "-o", "tcp.relative_sequence_numbers:true",
			"-o", "tcp.analyze_sequence_numbers: True", "-o", "tcp.calculate_timestamps:FALSE", "-o", "tls.keylog_file:",
			"-o", "websocket.decompress:TRUE", "-o", "websocket.text_type:None", "-o", "websocket.text_type:json"}, base(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseArgs(append([]string{"--workers", "0"}, tt.args...))
			require.NoError(t, err)
			got.display = nil // the compiled filter: filter_test.go checks it
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestArgErrors: what a wrong command line prints on stderr and its exit
// status. tshark's own messages are kept where wsdump has the same reason
// to refuse; tshark exits 1 on a getopt error, -E, -c, -o or -T mistake
// and 2 on a bad filter, where wsdump exits 2 on every command line
// mistake (a capture it cannot read is 1).
func TestArgErrors(t *testing.T) {
	tests := []struct {
		args  []string
		msg   string // the first line of stderr, "wsdump: " left out
		usage bool   // the usage follows, after a blank line
	}{
		// tshark -Z: "tshark: unrecognized option: Z", blank, usage
		{[]string{"-Z", "-r", capture}, "unrecognized option: Z", true},
		{[]string{"-qZ", "-r", capture}, "unrecognized option: Z", true},
		// tshark --nosuch, --read-file=X (4.0.17 lists --read-file in -h but has no such option)
		{[]string{"--nosuch"}, "unrecognized option: nosuch", true},
		{[]string{"--read-file=x"}, "unrecognized option: read-file=x", true},
		{[]string{"--help=x"}, "option does not take an argument: help", true},
		{[]string{"-r", capture, "-c"}, "option requires an argument: c", true},
		{[]string{"-r"}, "option requires an argument: r", true},
		{[]string{"-r", capture, "--workers"}, "option requires an argument: workers", true},
		{[]string{"-r", capture, "-Y", "websocket", "websocket"}, `Display filters were specified both with "-Y" and with additional command-line arguments.`, false},
		{[]string{"-r", capture, "-c0"}, "The specified packet count is zero", false},
		{[]string{"-r", capture, "-c", "-1"}, `The specified packet count "-1" is a negative number`, false},
		{[]string{"-r", capture, "-c", "1x"}, `The specified packet count "1x" isn't a decimal number`, false},
		{[]string{"-r", capture, "-c", "99999999999999999999"}, `The specified packet count "99999999999999999999" is too large (greater than 2147483647)`, false},
		{[]string{"-r", capture, "-c", "2147483648"}, `The specified packet count "2147483648" is too large (greater than 2147483647)`, false},
		{[]string{"-r", capture, "-Tfields"}, `"-Tfields" was specified, but no fields were specified with "-e".`, false},
		{[]string{"-r", capture, "-e", "frame.number"}, `Output fields were specified with "-e", but "-Tek, -Tfields, -Tjson or -Tpdml" was not specified.`, false},
		{[]string{"-r", capture, "-x", "-Tfields", "-e", "frame.number"}, "Raw packet hex data can only be printed as text, PostScript, JSON, JSONRAW or EK JSON", false},
		{[]string{"-r", capture, "-Equote=x"}, `"quote" is not a valid field output option=value pair.`, false},
		{[]string{"-r", capture, "-Eheader=Y"}, `"header" is not a valid field output option=value pair.`, false},
		{[]string{"-r", capture, "-Ebom=q"}, `"bom" is not a valid field output option=value pair.`, false},
		{[]string{"-r", capture, "-Eseparator="}, `"separator" is not a valid field output option=value pair.`, false},
		{[]string{"-r", capture, "-Eoccurrence=x"}, `"occurrence" is not a valid field output option=value pair.`, false},
		{[]string{"-r", capture, "-Enoeq"}, `"noeq" is not a valid field output option=value pair.`, false},
		{[]string{"-r", capture, "-Efoo=q"}, `"foo" is not a valid field output option=value pair.`, false},
		// tshark -o foo.bar:1 / -o foo / -o :1
		{[]string{"-r", capture, "-o", "foo.bar:1"}, `-o flag "foo.bar:1" specifies unknown preference`, false},
		{[]string{"-r", capture, "-o", ":1"}, `-o flag ":1" specifies unknown preference`, false},
		{[]string{"-r", capture, "-o", "foo"}, `Invalid -o flag "foo"`, false},
		{[]string{"-r", capture, "-o", "tcp.reassemble_out_of_order"}, `Invalid -o flag "tcp.reassemble_out_of_order"`, false},
		// values under which tshark prints what wsdump does not: "yes" and
		// "1" are FALSE to tshark (tcp.seq absolute under
		// tcp.relative_sequence_numbers:yes)
		{[]string{"-r", capture, "-o", "tcp.reassemble_out_of_order:FALSE"}, "-o tcp.reassemble_out_of_order:FALSE: wsdump always reassembles out-of-order segments (tcp.reassemble_out_of_order:TRUE)", false},
		{[]string{"-r", capture, "-o", "tcp.relative_sequence_numbers:yes"}, "-o tcp.relative_sequence_numbers:yes: absolute sequence numbers are not implemented", false},
		{[]string{"-r", capture, "-o", "tcp.analyze_sequence_numbers:1"}, "-o tcp.analyze_sequence_numbers:1: turning off the TCP sequence analysis is not implemented", false},
		{[]string{"-r", capture, "-o", "websocket.decompress:FALSE"}, "-o websocket.decompress:FALSE: showing compressed payloads is not implemented", false},
		// "As json" makes the protocol column WebSocket/JSON
		{[]string{"-r", capture, "-o", "websocket.text_type:as JSON"}, "-o websocket.text_type:as JSON: dissecting WebSocket text as line based text, JSON or SIP is not implemented", false},
		{[]string{"-r", capture, "--workers", "-1"}, `--workers "-1": want a number of goroutines, 0 or more`, false},
		{[]string{"-r", capture, "--max-connections", "0"}, `--max-connections "0": want a number of connections, 1 or more`, false},
		{[]string{"-r", capture, "web", "socket"}, "\"socket\" was unexpected in this context.\n    web socket\n        ^~~~~~", false},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, stderr, code := runWsdump(t, tt.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, stdout)
			want := "wsdump: " + tt.msg + "\n"
			if tt.usage {
				want += "\n" + usage()
			}
			assert.Equal(t, want, stderr)
		})
	}
}

// TestHelpAndVersion: tshark -h prints its usage once on stdout and exits
// 0, before any option after it is looked at (tshark -h -Z is help,
// tshark -Z -h an error).
func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"--hel"}, {"-h", "-Z"}, {"-qh"}} {
		stdout, stderr, code := runWsdump(t, args...)
		assert.Equal(t, 0, code, "%v", args)
		assert.Empty(t, stderr, "%v", args)
		assert.Equal(t, 1, strings.Count(stdout, "Usage: wsdump [options]"), "%v", args)
		assert.True(t, strings.HasSuffix(stdout, usage()), "%v", args)
	}
	stdout, _, code := runWsdump(t, "-Z", "-h")
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout)
	stdout, stderr, code := runWsdump(t, "-v")
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "TShark 4.0.17")
}

// TestUsageListsEveryOption: -h names every option getopt takes.
func TestUsageListsEveryOption(t *testing.T) {
	u := usage()
	for _, o := range options() {
		if o.short != 0 {
			assert.Contains(t, u, "  -"+string(o.short), "-%c", o.short)
		}
		if o.long != "" {
			assert.Contains(t, u, "--"+o.long, "--%s", o.long)
		}
	}
}

// TestOutputOptions compares the output of -c, a trailing filter, -q and
// the -E options with tshark's, kept in testdata/: -c counts the packets
// read, not those displayed, -E quote quotes each non-empty value (every
// occurrence together) and not the header, bom comes first.
func TestOutputOptions(t *testing.T) {
	const coalesced = "../../testdata/node-coalesced-small-msgs-lo.pcap"
	tests := []struct {
		golden string
		args   []string
		fields bool // compare the summary words, not the column layout
	}{
		// tshark -r X -c 12 -Tfields -eframe.number -ewebsocket.opcode -etcp.reassembled_in
		//   -Eheader=y -Equote=d -Ebom=y -Eseparator=ab -Eaggregator=/s
		{"testdata/quote-bom-c12.tsv", []string{"-r", coalesced, "-c", "12", "-Tfields", "-eframe.number", "-ewebsocket.opcode",
			"-etcp.reassembled_in", "-Eheader=y", "-Equote=d", "-Ebom=y", "-Eseparator=ab", "-Eaggregator=/s"}, false},
		// tshark -r X -c 12 websocket
		{"testdata/c12-websocket.txt", []string{"-r", coalesced, "-c", "12", "websocket"}, true},
		{"testdata/c12-websocket.txt", []string{"-l", "-r", coalesced, "-c12", "-Y", "websocket"}, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			b, err := os.ReadFile(tt.golden)
			require.NoError(t, err)
			stdout, stderr, code := runWsdump(t, tt.args...)
			require.Equal(t, 0, code, stderr)
			if tt.fields {
				assert.Equal(t, words(string(b)), words(stdout))
			} else {
				assert.Equal(t, string(b), stdout)
			}
		})
	}
	// tshark -q prints no summary lines, and still the fields
	stdout, stderr, code := runWsdump(t, "-q", "-r", coalesced)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stdout)
	stdout, _, _ = runWsdump(t, "-q", "-r", coalesced, "-c3", "-Tfields", "-eframe.number")
	assert.Equal(t, "1\n2\n3\n", stdout)
	// --messages stops at the packets -c reads
	stdout, _, _ = runWsdump(t, "-r", coalesced, "--messages", "-c", "9")
	assert.Equal(t, 41, strings.Count(stdout, "\n"), "40 frames of packet 8, one of packet 9")
}

// words splits each line into its words: the summary's column layout is
// the library's business (TestSummaryMatchesTshark).
func words(s string) [][]string {
	var out [][]string
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		out = append(out, strings.Fields(l))
	}
	return out
}

// TestGetoptAmbiguous: a prefix of two long names is an error (tshark
// --dis: display-filter, disable-protocol), the full name of one is not.
func TestGetoptAmbiguous(t *testing.T) {
	opts := []option{{long: "display-filter", arg: "f"}, {long: "disable-protocol", arg: "p"}, {long: "dis"}}
	var got []string
	rest, err := getopt(opts, []string{"--dis", "--display=x", "--disa", "y", "z"}, func(o *option, v string) error {
		got = append(got, o.long+"="+v)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"dis=", "display-filter=x", "disable-protocol=y"}, got)
	assert.Equal(t, []string{"z"}, rest)
	_, err = getopt(opts[:2], []string{"--dis"}, func(*option, string) error { return nil })
	assert.EqualError(t, err, "option is ambiguous: dis")
}

// writeCounter counts the writes that reach it.
type writeCounter struct{ writes, bytes int }

func (w *writeCounter) Write(p []byte) (int, error) {
	w.writes++
	w.bytes += len(p)
	return len(p), nil
}

// TestFlushEachPacket: with -l every displayed packet reaches stdout in a
// write of its own; without, the output is buffered.
func TestFlushEachPacket(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		writes int
	}{
		{[]string{"-l", "-r", capture, "-Y", "websocket"}, 28}, // the 28 WebSocket packets
		{[]string{"-l", "-r", capture, "-Y", "websocket", "-Tfields", "-eframe.number"}, 28},
		{[]string{"-r", capture, "-Y", "websocket"}, 1},
	} {
		var out writeCounter
		var stderr strings.Builder
		require.Equal(t, 0, run(tc.args, &out, &stderr, nil), stderr.String())
		assert.Equal(t, tc.writes, out.writes, "%v", tc.args)
	}
}

// TestOnePassWithTwoPass: fields that a second pass does not change are
// printed from records handed out once dissected, with -2 as without it;
// a field that needs the held records (tcp.reassembled_in) or statistics
// keep them.
func TestOnePassWithTwoPass(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"-2", "-r", "x", "-Y", "websocket", "-T", "fields", "-e", "frame.number", "-e", "websocket.opcode"}, true},
		{[]string{"-r", "x", "-Y", "websocket.opcode == 1", "-T", "fields", "-e", "tcp.stream"}, true},
		{[]string{"-2", "-r", "x", "-T", "fields", "-e", "tcp.reassembled_in"}, false},
		{[]string{"-2", "-r", "x", "-T", "fields", "-e", "websocket.opcode", "-z", "expert"}, false},
		{[]string{"-r", "x", "-Y", "frame contains 81", "-T", "fields", "-e", "websocket.opcode"}, false},
	} {
		cfg, err := parseArgs(c.args)
		require.NoError(t, err, c.args)
		assert.Equal(t, c.want, cfg.onePass(), c.args)
	}
}
