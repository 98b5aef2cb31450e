// Command wsdump prints the WebSocket traffic of a packet capture the way
// tshark 4.0.17 does (-T fields and json byte for byte), and takes
// tshark's flags for what it supports, read the way tshark's getopt reads
// them: short options attached or not (-Tfields, -c5, -rFILE) and grouped
// (-qc5), long ones cut to any unique prefix, and the words after the
// options a display filter (wsdump -r FILE websocket is -Y websocket).
//
//	wsdump -r FILE                        one summary line per packet (tshark's default)
//	wsdump -r FILE -Y websocket -T fields -e frame.number -e websocket.opcode -E header=y
//	wsdump -r FILE -Y websocket -T json   the shape of tshark -T json --no-duplicate-keys (--duplicate-keys: of plain -T json)
//	wsdump -r FILE --messages             one JSON line per complete WebSocket message
//	wsdump --parallel ...                 dissect the connections on every core (same output; --workers N to choose)
//	wsdump --workers 0 ...                dissect on one goroutine (by default, with two cores, a second one decodes)
//
// The flags (wsdump -h lists them):
//
//	-r FILE        the capture, pcap or pcapng; - reads standard input
//	-Y FILTER      a display filter, in Wireshark 4.0's language (package dfilter)
//	-R FILTER      with -2, tshark's read filter: a first pass keeps the frames
//	               that pass, the run sees only those, numbered from 1 (tshark
//	               4.0 also keeps the first pass's TCP analysis values, and
//	               keeps nothing for frame.number > N or for a protocol whose
//	               handshake the filter drops, such as websocket)
//	-w FILE        write the frames that pass to FILE (- for standard output)
//	-F TYPE        -w's format: pcap or pcapng (by default the input's)
//	-T FORMAT      text (the summary lines), fields or json
//	-e FIELD       a field to print with -T fields (repeatable)
//	-E KEY=VALUE   -T fields options: header=y|n, separator=/t|/s|C,
//	               occurrence=f|l|a, aggregator=,|/s|C, quote=d|s|n, bom=y|n
//	               (tshark reads the first character of the value)
//	-x             the bytes of each packet as tshark -x dumps them: the frame,
//	               then each source the dissection built (Reassembled TCP...)
//	--hexdump OPT  -x with tshark's options: all|frames, ascii|delimit|noascii
//	-c N           stop after N packets read (displayed or not, as tshark counts)
//	-q             no summary lines (-T fields and json still print, as tshark's do)
//	-z STATISTIC   tshark's statistics at the end (repeatable): follow,tcp|websocket|http,MODE,FILTER,
//	               conv,KIND, endpoints,KIND, expert[,LEVEL], io,stat,INTERVAL[,PROTO...];
//	               and wsdump's ws,conn[,json]
//	-l             flush standard output after each packet
//	-n             accepted: wsdump resolves no names
//	-2             accepted: the one pass gives the two-pass results
//	-o NAME:VALUE  a preference: tcp.reassemble_out_of_order,
//	               tcp.relative_sequence_numbers, tcp.analyze_sequence_numbers,
//	               tcp.calculate_timestamps, tls.keylog_file, websocket.decompress,
//	               websocket.text_type; a value under which tshark would print
//	               something wsdump does not (tcp.reassemble_out_of_order:FALSE,
//	               a key log...) is refused, an unknown preference too
//	-h, --help     the usage, on standard output
//	-v, --version  the version
//	--messages, --parallel, --workers N  wsdump's own (see above)
//
// wsdump always reassembles as tshark -2 -o tcp.reassemble_out_of_order:TRUE
// does. A mistake on the command line prints one line (and the usage after
// a getopt error, as tshark does) and exits 2, where tshark exits 1; a
// capture that cannot be read, or is damaged, is reported after everything
// before the damage has been printed (exit 1). Reading a file of more than
// 64 MiB while stderr is a terminal and stdout is not, wsdump shows its
// progress on stderr, and clears the line at the end.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/stats"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, tuneGC))
}

// run is the command: it returns the exit status. A mistake on the
// command line is status 2, a capture that cannot be read or is damaged
// status 1 (after everything before the damage was printed). tune, when
// not nil, sets the collector up once the command line is read (tuneGC;
// the tests leave the runtime alone).
func run(args []string, stdout, stderr io.Writer, tune func(trees bool)) int {
	if len(args) > 0 && strings.HasPrefix(args[0], "-G") {
		return report(args, stdout, stderr)
	}
	cfg, err := parseArgs(args)
	var ue *usageError
	switch {
	case errors.Is(err, errHelp):
		// tshark -h prints to standard output and exits 0
		fmt.Fprintf(stdout, "wsdump: the WebSocket traffic of a capture, printed as TShark 4.0.17 prints it.\n\n%s", usage())
		return 0
	case errors.Is(err, errHexdumpHelp):
		fmt.Fprint(stdout, version()+"\n\n"+hexdumpHelp)
		return 0
	case errors.Is(err, errVersion):
		fmt.Fprintln(stdout, version())
		return 0
	case errors.As(err, &ue) && ue.withUsage:
		// tshark prints the error, a blank line, then the usage
		fmt.Fprintf(stderr, "wsdump: %v\n\n%s", err, usage())
		return 2
	case err != nil:
		fmt.Fprintln(stderr, "wsdump:", err)
		return 2
	}
	if tune != nil {
		// the tree views keep every frame of the records in flight: a
		// live heap far above the soft limit, where collecting less
		// often pays
		tune(cfg.treeView())
	}
	if cfg.cpuProfile != "" {
		stop, err := startCPUProfile(cfg.cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "wsdump:", err)
			return 1
		}
		defer stop()
	}
	taps, err := cfg.taps()
	if err != nil {
		// tshark's words and status
		fmt.Fprintln(stderr, "wsdump:", err)
		return 1
	}
	tree := cfg.verbose || cfg.hex || cfg.format == "json" || cfg.treeFields() != nil || taps.Needs()&stats.NeedTree != 0 || cfg.display.needsTree()
	opt := wsdissect.Options{Workers: cfg.workers, SkipPayloads: !cfg.needsPayload() && taps.Needs()&stats.NeedPayloads == 0,
		KeepFrames: tree || taps.Needs()&stats.NeedFrames != 0, TwoPass: (tree || cfg.display.filters()) && cfg.twoPass,
		MaxFrames: cfg.count, NoNameResolution: cfg.noResolve, MaxConnections: cfg.maxConns}
	opt.OnePass = cfg.onePass()
	cfg.tapSet = taps
	if cfg.keyLogFile != "" {
		// tshark reads a key log it can open and goes on without one it cannot
		if f, err := os.Open(cfg.keyLogFile); err == nil {
			defer f.Close()
			opt.KeyLog = f
		}
	}
	removeRead, err := cfg.readFiltered()
	defer removeRead()
	if err != nil {
		fmt.Fprintln(stderr, "wsdump:", err)
		return 1
	}
	d, stop, err := open(cfg.file, opt, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "wsdump:", err)
		return 1
	}
	defer d.Close()
	w := bufio.NewWriterSize(stdout, 64<<10)
	var notes bytes.Buffer // for stderr once the progress line is cleared
	switch {
	case cfg.messages:
		err = writeMessages(w, d, cfg, &notes)
	case cfg.format == "fields":
		err = writeFields(w, d, cfg)
	case cfg.format == "json" && len(cfg.fields) > 0:
		err = writeJSONFields(w, d, cfg)
	case cfg.format == "json":
		err = writeJSON(w, d, cfg)
	case cfg.verbose || cfg.hex:
		err = writeDetails(w, d, cfg)
	default:
		err = writeText(w, d, cfg)
	}
	if err == nil {
		w.Write(taps.AppendText(nil))
	}
	w.Flush()
	if e := cfg.display.close(); err == nil && e != nil {
		err = e
	}
	// the progress line is cleared before anything else reaches stderr
	stop()
	stderr.Write(notes.Bytes())
	if err != nil {
		if !strings.Contains(err.Error(), cfg.file) {
			err = fmt.Errorf("%s: %w", cfg.file, err)
		}
		fmt.Fprintln(stderr, "wsdump:", err)
		return 1
	}
	return 0
}

// version is what -v prints: the module's version and the tshark whose
// output wsdump reproduces.
func version() string {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	return "wsdump " + v + " (github.com/wsdissect/wsdissect), printing as TShark 4.0.17 does"
}

// needsPayload reports whether the output prints payloads of data frames:
// when it does not, the dissector can leave them out (Options.SkipPayloads).
func (c *config) needsPayload() bool {
	switch {
	case c.messages, c.format == "json", c.verbose, c.hex, c.display.needsPayload():
		return true
	case c.format == "fields":
		if c.treeFields() != nil {
			return true // the tree shows reassembled data
		}
		for _, f := range c.fields {
			if wsdissect.NeedsPayload(f) {
				return true
			}
		}
	}
	return false
}

// onePass reports whether what is printed needs no record held back until
// the PDUs its payload begins complete (Options.OnePass): --messages, or
// fields of WebSocket frames, frame numbers and tcp.stream, without
// statistics or a display filter that needs the frames. Such output is the
// same either way, with -2 too (none of those fields is one a second pass
// changes), and the records that would wait hold memory for every frame
// that passes while a large message arrives.
func (c *config) onePass() bool {
	if len(c.stats) > 0 || c.display.needsTree() {
		return false
	}
	if c.messages {
		return true
	}
	if c.format != "fields" {
		return false
	}
	for _, f := range c.fields {
		if f != "frame.number" && f != "tcp.stream" && !strings.HasPrefix(f, "websocket.") {
			return false
		}
	}
	return true
}

// open opens the capture; for a large file it may also start a progress
// line on stderr (see showProgress), which stop clears.
func open(path string, opt wsdissect.Options, stdout, stderr io.Writer) (d *wsdissect.Dissector, stop func(), err error) {
	stop = func() {}
	f, ok := stderr.(*os.File)
	if path == "-" || !ok || !showProgress(stdout, f) {
		d, err = wsdissect.Open(path, opt)
		return d, stop, err
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, stop, err
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, stop, err
	}
	c := &countingReader{r: file}
	d, err = wsdissect.New(c, opt)
	if err != nil {
		file.Close()
		return nil, stop, fmt.Errorf("%s: %w", path, err)
	}
	progress := func() {}
	if st.Size() > 64<<20 {
		progress = startProgress(f, c, st.Size())
	}
	// not stop itself: a closure that called the named result would call
	// itself once returned (the stack overflow of every run at a terminal)
	return d, func() { progress(); file.Close() }, nil
}

// each calls print for the record of every packet read, up to the -c
// count, and flushes w after each record print reports printed when -l
// asks for it (a nil w: print writes on a goroutine of its own, which
// flushes).
func each(w *bufio.Writer, d *wsdissect.Dissector, cfg *config, print func(*wsdissect.Record) bool) error {
	for rec, err := range d.Records() {
		if err != nil {
			return err
		}
		cfg.tapSet.Add(rec)
		if print(rec) && cfg.flush && w != nil {
			w.Flush()
		}
		if cfg.count > 0 && rec.Frame >= cfg.count {
			// tshark counts the packets read, displayed or not
			return nil
		}
	}
	return nil
}

// bom is the UTF-8 byte order mark -E bom=y prints first.
const bom = "\xef\xbb\xbf"

func writeFields(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	if cfg.bom {
		w.WriteString(bom)
	}
	if cfg.header {
		// tshark quotes the values, not the names
		w.WriteString(strings.Join(cfg.fields, cfg.separator))
		w.WriteByte('\n')
	}
	var line []byte
	tf := cfg.treeFields()
	tree := field.NewTree()
	// fields of interest: only their protocols are built
	var protocols []*field.Field
	for _, f := range tf {
		if f != nil {
			protocols = append(protocols, cfg.registry().Protocol(f))
		}
	}
	tree.Want(protocols...)
	refs := make([]wsdissect.FieldRef, len(cfg.fields)) // looked up once, not for every record
	for i, f := range cfg.fields {
		refs[i] = wsdissect.RefField(f)
	}
	var shown displayed
	return each(w, d, cfg, func(rec *wsdissect.Record) bool {
		if !matches(rec, cfg) {
			return false
		}
		if tf != nil {
			rec.FillTree(tree, shown.delta(rec))
		}
		line = line[:0]
		for i, f := range refs {
			if i > 0 {
				line = append(line, cfg.separator...)
			}
			start := len(line)
			switch {
			case tf != nil && tf[i] != nil:
				line = wsdissect.AppendTreeField(line, tree, tf[i], cfg.aggregate, cfg.occ)
			case cfg.quote == 0:
				// the text of a long message goes out as it is escaped
				line, _ = rec.WriteFieldRef(w, line, f, cfg.aggregate, cfg.occ)
			default:
				// the value is quoted whole once it is made
				line = rec.AppendFieldRef(line, f, cfg.aggregate, cfg.occ)
			}
			if cfg.quote != 0 && len(line) > start {
				// the whole value, all occurrences together; an empty
				// one stays unquoted
				line = append(line, 0)
				copy(line[start+1:], line[start:])
				line[start] = cfg.quote
				line = append(line, cfg.quote)
			}
		}
		line = append(line, '\n')
		w.Write(line)
		if cap(line) > maxKeptLine {
			line = nil // the line of a 4 MB text message is not kept for the next ones
		}
		return true
	})
}

// maxKeptLine is the largest line buffer writeFields keeps for the next line.
const maxKeptLine = 64 << 10

func writeText(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	var line []byte
	return each(w, d, cfg, func(rec *wsdissect.Record) bool {
		// -q leaves out the summary lines only: tshark -q -T fields still
		// prints the fields, and -P prints them even with -q
		if !matches(rec, cfg) || cfg.quiet && !cfg.summary {
			return false
		}
		line = rec.AppendSummary(line[:0])
		line = append(line, '\n')
		w.Write(line)
		return true
	})
}

// treeFields returns, by position in -e, the fields printed from the packet
// tree: those the record's own fields (wsdissect.Fields) do not have. nil
// when there are none.
func (c *config) treeFields() []*field.Field {
	var tf []*field.Field
	for i, name := range c.fields {
		if wsdissect.KnownField(name) {
			continue
		}
		if tf == nil {
			tf = make([]*field.Field, len(c.fields))
		}
		tf[i] = c.registry().Lookup(name)
	}
	return tf
}

// registry is every field wsdump knows, built once.
func (c *config) registry() *field.Registry {
	if c.fieldRegistry == nil {
		c.fieldRegistry = wsdissect.Registry()
	}
	return c.fieldRegistry
}

// report is -G, which must come first as in tshark (see reports).
func report(args []string, stdout, stderr io.Writer) int {
	name := strings.TrimPrefix(args[0], "-G")
	if name == "" && len(args) > 1 {
		name = args[1]
	}
	return writeReport(name, stdout, stderr)
}
