package main

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/stats"
)

// config is what the command line asks for.
type config struct {
	file      string
	filter    string
	format    string
	fields    []string
	header    bool
	bom       bool
	quote     byte // 0 for none
	separator string
	occ       wsdissect.Occurrence
	aggregate string
	count     uint64 // stop after this many packets read; 0 reads them all
	quiet     bool
	flush     bool
	messages  bool
	workers   int
	// maxConns is --max-connections: Options.MaxConnections (0, the default)
	maxConns int
	// cpuProfile is --cpuprofile's file: where the run's CPU profile goes
	cpuProfile string
	twoPass    bool     // -2
	verbose    bool     // -V: packet details
	expand     []string // -O: the protocols whose details show whole
	summary    bool     // -P: the summary line too
	noResolve  bool     // -n
	// keyLogFile is the NSS key log of -o tls.keylog_file ("" for none).
	keyLogFile string
	readFilter string // -R (with -2)
	save       string // -w FILE
	saveFormat string // -F pcap|pcapng
	display    *displayFilter

	hex       bool       // -x, --hexdump: the bytes of each packet
	dump      field.Dump // --hexdump's options
	protocols []string   // -j, -J: the protocols -T json shows
	children  bool       // -J: with all their children
	dupKeys   bool       // --duplicate-keys
	stats     []string   // -z: the statistics, in order

	fieldRegistry *field.Registry // see registry
	tapSet        *stats.Set      // the -z statistics, fed every record
}

// errHelp and errVersion ask run to print the usage or the version.
var (
	errHelp    = errors.New("help requested")
	errVersion = errors.New("version requested")
)

// group is a heading of the usage and the options under it.
type group struct {
	title string
	opts  []option
}

// groups are the options of wsdump, as tshark's -h groups them; getopt and
// the usage both read them.
var groups = [...]group{
	{"Input file", []option{
		{short: 'r', arg: "<infile>", usage: "set the filename to read from (or '-' for stdin)"},
	}},
	{"Processing", []option{
		{short: '2', usage: "perform a two-pass analysis: -V and -T json show each\nTCP stream's completeness and iRTT on every frame"},
		{short: 'R', arg: "<read filter>", usage: "packet Read filter in Wireshark display filter syntax\n(requires -2)"},
		{short: 'Y', arg: "<display filter>", usage: "packet displaY filter in Wireshark display filter\nsyntax (the words after the options are one too)"},
		{short: 'n', usage: "disable all name resolutions (wsdump resolves only\nwell-known Ethernet addresses)"},
		{long: "max-connections", arg: "<n>", usage: "connections tracked at once (def: 32768); beyond them\nthe one that closed first, or else the least recently\nactive one, is forgotten (wsdump's own)"},
		{short: 'o', arg: "<name>:<value>", usage: "override preference setting, with a value under which\ntshark prints what wsdump prints:\n   tcp.reassemble_out_of_order     tcp.relative_sequence_numbers\n   tcp.analyze_sequence_numbers    tcp.calculate_timestamps\n   tls.keylog_file                 websocket.decompress\n   websocket.text_type"},
	}},
	{"Capture stop conditions", []option{
		{short: 'c', arg: "<packet count>", usage: "stop after n packets read (def: infinite)"},
	}},
	{"Output", []option{
		{short: 'V', usage: "add output of packet tree        (Packet Details)"},
		{short: 'O', arg: "<protocols>", usage: "Only show packet details of these protocols, comma\nseparated"},
		{short: 'P', usage: "print packet summary even when writing to a file"},
		{short: 'w', arg: "<outfile|->", usage: "write the packets that pass the filters to outfile\n(or '-' for stdout)"},
		{short: 'F', arg: "<output file type>", usage: "set the output file type: pcap or pcapng (def: as\nthe input)"},
		{short: 'x', usage: "add output of hex and ASCII dump (Packet Bytes)"},
		{long: "hexdump", arg: "<hexoption>", usage: "add hexdump, set options for data source and ASCII dump\n   all                   dump all data sources (-x default)\n   frames                dump only frame data source\n   ascii                 include ASCII dump text (-x default)\n   delimit               delimit ASCII dump text with '|' characters\n   noascii               exclude ASCII dump text\n   help                  display help for --hexdump and exit"},
		{short: 'T', arg: "text|fields|json", usage: "format of text output (def: text)"},
		{short: 'j', arg: "<protocolfilter>", usage: "protocols layers filter if -T json selected\n(e.g. \"ip ip.flags text\", filter does not expand child\nnodes, unless child is specified also in the filter)"},
		{short: 'J', arg: "<protocolfilter>", usage: "top level protocol filter if -T json selected\n(e.g. \"http tcp\", filter which expands all child nodes)"},
		{long: "no-duplicate-keys", usage: "If -T json is specified, merge duplicate keys in an object\ninto a single key with as value a json array containing all\nvalues (wsdump's default)"},
		{long: "duplicate-keys", usage: "If -T json is specified, write each member under its key,\nduplicates one after the other (tshark's default)"},
		{short: 'e', arg: "<field>", usage: "field to print if -Tfields selected (e.g.\nwebsocket.opcode, _ws.col.Info); this option can be\nrepeated"},
		{short: 'E', arg: "<fieldsoption>=<value>", usage: "set options for output when -Tfields selected:\n   bom=y|n               print a UTF-8 BOM\n   header=y|n            switch headers on and off\n   separator=/t|/s|<char> select tab, space, printable character as separator\n   occurrence=f|l|a      print first, last or all occurrences of each field\n   aggregator=,|/s|<char> select comma, space, printable character as\n                         aggregator\n   quote=d|s|n           select double, single, no quotes for values"},
		{short: 'l', usage: "flush standard output after each packet"},
		{short: 'q', usage: "be more quiet on stdout: no summary lines"},
		{short: 'z', arg: "<statistics>", usage: "various statistics, printed at the end (repeatable):\n   follow,tcp|websocket|http,ascii|hex|raw|yaml,<stream>\n   conv,tcp|ip|ipv6|eth   endpoints,tcp|ip|ipv6|eth\n   expert[,error|warn|note|chat|comment]\n   io,stat,<interval>[,<protocol>...]   ws,conn[,json]"},
		{long: "messages", usage: "print one JSON line per complete WebSocket message"},
	}},
	{"Performance (the output is the same)", []option{
		{long: "parallel", usage: "dissect the connections on every core, sharded by\ntcp.stream (pays when payloads are printed)"},
		{long: "workers", arg: "<n>", usage: "0 dissects on one goroutine; 1 decodes and tracks TCP\non a second one (the default with two cores or more);\nn>1 dissects the connections on n goroutines"},
		{long: "cpuprofile", arg: "<file>", usage: "write a CPU profile of the run to file (go tool pprof)"},
	}},
	{"Miscellaneous", []option{
		{short: 'G', arg: "[report]", usage: "dump one of several available reports and exit\n(first option only): fields (the default), protocols,\nvalues, fieldcount; use \"-G help\" for more help"},
		{short: 'h', long: "help", usage: "display this help and exit"},
		{short: 'v', long: "version", usage: "display version info and exit"},
	}},
}

// options lists every option of groups, for getopt.
func options() []option {
	var all []option
	for _, g := range groups {
		all = append(all, g.opts...)
	}
	return all
}

// usage is the text -h prints, laid out as tshark's: the option in a
// column of 25, its description beside it or, when the option is longer,
// below it.
func usage() string {
	var b strings.Builder
	b.WriteString("Usage: wsdump [options] ... [ <display filter> ]\n")
	for _, g := range groups {
		fmt.Fprintf(&b, "\n%s:\n", g.title)
		for _, o := range g.opts {
			var names []string
			if o.short != 0 {
				names = append(names, "-"+string(o.short)+spaced(o.arg))
			}
			if o.long != "" {
				names = append(names, "--"+o.long+spaced(o.arg))
			}
			head := "  " + strings.Join(names, ", ")
			lines := strings.Split(o.usage, "\n")
			if len(head) > 26 {
				fmt.Fprintf(&b, "%s\n", head)
				head = ""
			}
			for _, l := range lines {
				if strings.HasPrefix(l, " ") {
					// a list under the option, as tshark's -E has
					fmt.Fprintf(&b, "  %s\n", l)
					continue
				}
				fmt.Fprintf(&b, "%-27s%s\n", head, l)
				head = ""
			}
		}
	}
	return b.String()
}

func spaced(arg string) string {
	if arg == "" {
		return ""
	}
	return " " + arg
}

// parseArgs reads the command line as tshark reads its own (see getopt):
// a mistake is a *usageError; -h and -v return errHelp and errVersion.
func parseArgs(args []string) (*config, error) {
	cfg := &config{format: "text", separator: "\t", aggregate: ",", occ: wsdissect.AllOccurrences, workers: -1}
	parallel := false
	rest, err := getopt(options(), args, func(o *option, v string) error {
		var err error
		switch o.name() {
		case "r":
			cfg.file = v
		case "Y":
			cfg.filter = v
		case "R":
			cfg.readFilter = v
		case "w":
			cfg.save = v
		case "F":
			cfg.saveFormat = v
		case "T":
			cfg.format = v
		case "e":
			cfg.fields = append(cfg.fields, v)
		case "E":
			err = cfg.setFieldOption(v)
		case "c":
			cfg.count, err = parseCount(v)
		case "o":
			err = cfg.setPref(v)
		case "q":
			cfg.quiet = true
		case "z":
			cfg.stats = append(cfg.stats, v)
		case "l":
			cfg.flush = true
		case "2":
			cfg.twoPass = true
		case "V":
			cfg.verbose = true
		case "O":
			cfg.verbose = true // -O implies -V, as in tshark
			cfg.expand = strings.Split(v, ",")
		case "P":
			cfg.summary = true
		case "n":
			cfg.noResolve = true
		case "x":
			cfg.hex = true
		case "hexdump":
			err = cfg.setHexdump(v)
		case "j", "J":
			cfg.setProtocolFilter(v, o.short == 'J')
		case "no-duplicate-keys":
			cfg.dupKeys = false
		case "duplicate-keys":
			cfg.dupKeys = true
		case "messages":
			cfg.messages = true
		case "parallel":
			parallel = true
		case "workers":
			cfg.workers, err = strconv.Atoi(v)
			if err != nil || cfg.workers < 0 {
				err = fmt.Errorf("--workers %q: want a number of goroutines, 0 or more", v)
			}
		case "max-connections":
			cfg.maxConns, err = strconv.Atoi(v)
			if err != nil || cfg.maxConns < 1 {
				err = fmt.Errorf("--max-connections %q: want a number of connections, 1 or more", v)
			}
		case "cpuprofile":
			cfg.cpuProfile = v
		case "h":
			return errHelp
		case "v":
			return errVersion
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		if cfg.filter != "" {
			return nil, errors.New(`Display filters were specified both with "-Y" and with additional command-line arguments.`)
		}
		cfg.filter = strings.Join(rest, " ")
	}
	if err := cfg.check(); err != nil {
		return cfg, err
	}
	if cfg.workers < 0 {
		switch cores := runtime.GOMAXPROCS(0); {
		case parallel:
			cfg.workers = cores
		case cores > 1 && !cfg.messages && !cfg.treeView():
			// decoding and tracking on a second core cost the dissection
			// nothing: the output is the same, sooner. With payloads too
			// since the first stage got cheaper: the payload command on the
			// realistic captures in 0.39 s rather than 0.50 (100 MB), 1.82
			// rather than 2.10 (500 MB), at 58-61 MiB rather than 55-56
			cfg.workers = 1
		default:
			// --messages is heavier per message and gains nothing (3.8 s
			// against 4.0 on 500 MB, for a fifth more CPU); the tree views
			// put the other cores to work building and printing trees
			cfg.workers = 0
		}
	}
	return cfg, nil
}

// treeView reports whether the output is built from packet trees: packet
// details (-V, -O), -x, or -T json without -e.
func (c *config) treeView() bool {
	return c.verbose || c.hex || c.format == "json" && len(c.fields) == 0
}

// check refuses what wsdump cannot do, and what tshark refuses.
func (c *config) check() error {
	if c.file == "" {
		return errors.New("-r FILE is required")
	}
	if err := c.compileFilter(); err != nil {
		return err
	}
	if c.save != "" && !c.summary {
		c.quiet = true // tshark -w prints the summary lines only with -P
	}
	switch c.format {
	case "text", "fields", "json":
	default:
		return fmt.Errorf("-T %q: only text, fields and json are supported", c.format)
	}
	if err := c.checkHex(); err != nil {
		return err
	}
	var unknown []string
	for _, f := range c.fields {
		if !wsdissect.KnownField(f) && c.registry().Lookup(f) == nil {
			unknown = append(unknown, f)
		}
	}
	if unknown != nil {
		// tshark's words (it exits 1 here, wsdump 2 for any mistake on the
		// command line)
		return fmt.Errorf("Some fields aren't valid:\n\t%s", strings.Join(unknown, "\n\t"))
	}
	switch {
	case c.format == "fields" && len(c.fields) == 0:
		return errors.New(`"-Tfields" was specified, but no fields were specified with "-e".`)
	case c.format == "text" && len(c.fields) > 0:
		return errors.New(`Output fields were specified with "-e", but "-Tek, -Tfields, -Tjson or -Tpdml" was not specified.`)
	}
	return nil
}

// parseCount reads -c as tshark does: a decimal number from 1 to 2^31-1.
func parseCount(v string) (uint64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-"),
		err == nil && n > 1<<31-1:
		return 0, fmt.Errorf("The specified packet count %q is too large (greater than 2147483647)", v)
	case err != nil:
		return 0, fmt.Errorf("The specified packet count %q isn't a decimal number", v)
	case n < 0:
		return 0, fmt.Errorf("The specified packet count %q is a negative number", v)
	case n == 0:
		return 0, errors.New("The specified packet count is zero")
	}
	return uint64(n), nil
}

// setFieldOption reads one -E key=value as tshark does: only the first
// character of a value counts (header=yes is y, separator=ab is a), and a
// slash spells tab (/t) and space (/s), or else stands for a backslash.
func (c *config) setFieldOption(o string) error {
	k, v, _ := strings.Cut(o, "=")
	ok := v != ""
	if ok {
		switch k {
		case "bom", "header":
			set := &c.bom
			if k == "header" {
				set = &c.header
			}
			*set, ok = v[0] == 'y', v[0] == 'y' || v[0] == 'n'
		case "separator":
			c.separator = unescapeSeparator(v, true)
		case "aggregator":
			c.aggregate = unescapeSeparator(v, false)
		case "occurrence":
			switch v[0] {
			case 'f':
				c.occ = wsdissect.FirstOccurrence
			case 'l':
				c.occ = wsdissect.LastOccurrence
			case 'a':
				c.occ = wsdissect.AllOccurrences
			default:
				ok = false
			}
		case "quote":
			switch v[0] {
			case 'd':
				c.quote = '"'
			case 's':
				c.quote = '\''
			case 'n':
				c.quote = 0
			default:
				ok = false
			}
		default:
			ok = false
		}
	}
	if !ok {
		return fmt.Errorf("%q is not a valid field output option=value pair.", k)
	}
	return nil
}

// unescapeSeparator reads tshark's spelling of a separator (tab allowed)
// or an aggregator (it is not): one character, or a slash and a letter.
func unescapeSeparator(v string, tab bool) string {
	if v[0] != '/' {
		return v[:1]
	}
	switch {
	case len(v) == 1:
	case v[1] == 's':
		return " "
	case v[1] == 't' && tab:
		return "\t"
	}
	return `\`
}
