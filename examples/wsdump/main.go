package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/wsdissect/wsdissect"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command: it returns the exit status. A mistake on the
// command line is status 2, a capture that cannot be read or is damaged
// status 1 (after everything before the damage was printed).
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args)
	var ue *usageError
	switch {
	case errors.Is(err, errHelp):
		// tshark -h prints to standard output and exits 0
		fmt.Fprintf(stdout, "wsdump: the WebSocket traffic of a capture, printed as TShark 4.0.17 prints it.\n\n%s", usage())
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
	opt := wsdissect.Options{Workers: cfg.workers, SkipPayloads: !cfg.needsPayload()}
	d, stop, err := open(cfg.file, opt, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "wsdump:", err)
		return 1
	}
	defer d.Close()
	w := bufio.NewWriterSize(stdout, 64<<10)
	switch {
	case cfg.messages:
		err = writeMessages(w, d, cfg)
	case cfg.format == "fields":
		err = writeFields(w, d, cfg)
	case cfg.format == "json":
		err = writeJSON(w, d, cfg)
	default:
		err = writeText(w, d, cfg)
	}
	w.Flush()
	// the progress line is cleared before anything else reaches stderr
	stop()
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

// matches applies the -Y filter.
func matches(r *wsdissect.Record, filter string) bool {
	return filter == "" || r.Has(filter)
}

// each calls print for the record of every packet read, up to the -c
// count, and flushes w after each record print reports printed when -l
// asks for it.
func each(w *bufio.Writer, d *wsdissect.Dissector, cfg *config, print func(*wsdissect.Record) bool) error {
	for rec, err := range d.Records() {
		if err != nil {
			return err
		}
		if print(rec) && cfg.flush {
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
	return each(w, d, cfg, func(rec *wsdissect.Record) bool {
		if !matches(rec, cfg.filter) {
			return false
		}
		line = line[:0]
		for i, f := range cfg.fields {
			if i > 0 {
				line = append(line, cfg.separator...)
			}
			start := len(line)
			line = rec.AppendField(line, f, cfg.aggregate, cfg.occ)
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
		return true
	})
}

func writeText(w *bufio.Writer, d *wsdissect.Dissector, cfg *config) error {
	var line []byte
	return each(w, d, cfg, func(rec *wsdissect.Record) bool {
		// -q leaves out the summary lines only: tshark -q -T fields still
		// prints the fields
		if cfg.quiet || !matches(rec, cfg.filter) {
			return false
		}
		line = rec.AppendSummary(line[:0])
		line = append(line, '\n')
		w.Write(line)
		return true
	})
}
