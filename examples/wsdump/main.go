// Command wsdump prints the WebSocket traffic of a packet capture the way
// tshark does. It takes tshark's own flags for what it supports:
//
//	wsdump -r FILE                        one summary line per packet (tshark's default)
//	wsdump -r FILE -Y websocket -T fields -e frame.number -e websocket.opcode -E header=y
//	wsdump -r FILE -Y websocket -T json   the shape of tshark -T json --no-duplicate-keys
//	wsdump -r FILE --messages             one JSON line per complete WebSocket message
//	wsdump --parallel ...                 dissect the connections on every core (same output; --workers N to choose)
//	wsdump --workers 0 ...                dissect on one goroutine (by default, with two cores, a second one decodes)
//
// -Y takes one of websocket, http, tcp. -E takes header=y|n, separator=C,
// occurrence=f|l|a and aggregator=C. Unknown flags and fields are errors
// (exit 2); a damaged capture is reported after everything before the
// damage has been printed (exit 1).
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/wsdissect/wsdissect"
)

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// config is what the command line asks for.
type config struct {
	file      string
	filter    string
	format    string
	fields    []string
	header    bool
	separator string
	occ       wsdissect.Occurrence
	aggregate string
	messages  bool
	workers   int
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "wsdump:", err)
		}
		return 2
	}
	opt := wsdissect.Options{Workers: cfg.workers, SkipPayloads: !cfg.needsPayload()}
	d, stop, err := open(cfg.file, opt, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "wsdump:", err)
		return 1
	}
	defer d.Close()
	defer stop()
	w := bufio.NewWriterSize(stdout, 64<<10)
	defer w.Flush()
	switch {
	case cfg.messages:
		err = writeMessages(w, d)
	case cfg.format == "fields":
		err = writeFields(w, d, cfg)
	case cfg.format == "json":
		err = writeJSON(w, d, cfg)
	default:
		err = writeText(w, d, cfg)
	}
	if err != nil {
		w.Flush()
		if !strings.Contains(err.Error(), cfg.file) {
			err = fmt.Errorf("%s: %w", cfg.file, err)
		}
		fmt.Fprintln(stderr, "wsdump:", err)
		return 1
	}
	return 0
}

// needsPayload reports whether the output prints payloads of data frames:
// when it does not, the dissector can leave them out (Options.SkipPayloads).
func (c *config) needsPayload() bool {
	switch {
	case c.messages, c.format == "json":
		return true
	case c.format == "fields":
		for _, f := range c.fields {
			if wsdissect.NeedsPayload(f) {
				return true
			}
		}
	}
	return false
}

// open opens the capture; for a large file read while stderr is a terminal
// it also starts a progress line, which stop ends.
func open(path string, opt wsdissect.Options, stderr io.Writer) (d *wsdissect.Dissector, stop func(), err error) {
	stop = func() {}
	f, ok := stderr.(*os.File)
	if path == "-" || !ok || !isTerminal(f) {
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

func parseArgs(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("wsdump", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{separator: "\t", aggregate: ",", occ: wsdissect.AllOccurrences}
	var fields, opts listFlag
	fs.StringVar(&cfg.file, "r", "", "read packets from `file` (pcap or pcapng; - for standard input)")
	fs.StringVar(&cfg.filter, "Y", "", "display only packets of `protocol`: websocket, http or tcp")
	fs.StringVar(&cfg.format, "T", "text", "output `format`: text, fields or json")
	fs.Var(&fields, "e", "print `field` with -T fields (repeatable)")
	fs.Var(&opts, "E", "fields option `key=value`: header=y|n, separator=C, occurrence=f|l|a, aggregator=C")
	fs.BoolVar(&cfg.messages, "messages", false, "print one JSON line per complete WebSocket message")
	parallel := fs.Bool("parallel", false, "dissect the connections in parallel on every core, sharded by tcp.stream (same output): pays when payloads are printed")
	fs.IntVar(&cfg.workers, "workers", -1, "Options.Workers (same output whatever `n`): 0 dissects on one goroutine; 1 decodes and tracks TCP on a second one (the default with two cores or more); n>1 dissects the connections on n goroutines")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if cfg.workers < 0 {
		switch cores := runtime.GOMAXPROCS(0); {
		case *parallel:
			cfg.workers = cores
		case cores > 1:
			// decoding and tracking on a second core cost the dissection
			// nothing: the output is the same, sooner
			cfg.workers = 1
		default:
			cfg.workers = 0
		}
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if cfg.file == "" {
		return nil, errors.New("-r FILE is required")
	}
	switch cfg.filter {
	case "", "websocket", "http", "tcp":
	default:
		return nil, fmt.Errorf("-Y %q: only websocket, http and tcp are supported", cfg.filter)
	}
	switch cfg.format {
	case "text", "fields", "json":
	default:
		return nil, fmt.Errorf("-T %q: only text, fields and json are supported", cfg.format)
	}
	for _, f := range fields {
		if !wsdissect.KnownField(f) {
			return nil, fmt.Errorf("-e %q: unknown field", f)
		}
	}
	cfg.fields = fields
	if cfg.format == "fields" && len(fields) == 0 {
		return nil, errors.New("-T fields needs at least one -e FIELD")
	}
	for _, o := range opts {
		k, v, ok := strings.Cut(o, "=")
		if !ok {
			return nil, fmt.Errorf("-E %q: want key=value", o)
		}
		switch k {
		case "header":
			cfg.header = v == "y"
		case "separator":
			cfg.separator = unescapeSeparator(v)
		case "aggregator":
			cfg.aggregate = unescapeSeparator(v)
		case "occurrence":
			switch v {
			case "f":
				cfg.occ = wsdissect.FirstOccurrence
			case "l":
				cfg.occ = wsdissect.LastOccurrence
			case "a":
				cfg.occ = wsdissect.AllOccurrences
			default:
				return nil, fmt.Errorf("-E occurrence=%q: want f, l or a", v)
			}
		default:
			return nil, fmt.Errorf("-E %q: unknown option", k)
		}
	}
	return cfg, nil
}

// unescapeSeparator reads tshark's /t and /s spellings.
func unescapeSeparator(v string) string {
	switch v {
	case "/t":
		return "\t"
	case "/s":
		return " "
	}
	return v
}

// matches applies the -Y filter.
func matches(r *wsdissect.Record, filter string) bool {
	return filter == "" || r.Has(filter)
}

func writeFields(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	if cfg.header {
		w.WriteString(strings.Join(cfg.fields, cfg.separator))
		w.WriteByte('\n')
	}
	var line []byte
	for rec, err := range d.Records() {
		if err != nil {
			return err
		}
		if !matches(rec, cfg.filter) {
			continue
		}
		line = line[:0]
		for i, f := range cfg.fields {
			if i > 0 {
				line = append(line, cfg.separator...)
			}
			line = rec.AppendField(line, f, cfg.aggregate, cfg.occ)
		}
		line = append(line, '\n')
		w.Write(line)
	}
	return nil
}

func writeText(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	var line []byte
	for rec, err := range d.Records() {
		if err != nil {
			return err
		}
		if !matches(rec, cfg.filter) {
			continue
		}
		line = rec.AppendSummary(line[:0])
		line = append(line, '\n')
		w.Write(line)
	}
	return nil
}
