package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/wsdissect/wsdissect"
	capfile "github.com/wsdissect/wsdissect/capture"
	"github.com/wsdissect/wsdissect/dfilter"
	"github.com/wsdissect/wsdissect/field"
)

// displayFilter is -Y (or -R with -2), compiled once, and -w, which
// saves the frames that pass it.
type displayFilter struct {
	// bare is websocket, http, tcp or tls alone: the record itself knows
	// (Record.Has), faster than building a tree
	bare  string
	f     *dfilter.Filter // any other filter; nil for none
	read  *dfilter.Filter // -R, applied in a first pass (readFiltered)
	tree  *field.Tree
	shown displayed // frame.time_delta_displayed, as the filter sees it

	savePath string // -w; "-" is standard output
	format   string // -F: pcap or pcapng; "" is as the input
	saver    *capfile.Writer
	file     *os.File
	err      error // the first error writing
}

// filterError is a filter that does not compile, printed as tshark
// prints it: the message, then the filter with the place underlined.
type filterError struct{ e *dfilter.Error }

func (e filterError) Error() string { return e.e.Underlined() }

// compileFilter compiles the filter of -Y (or -R) against the registry.
func (c *config) compileFilter() error {
	d := &displayFilter{savePath: c.save, format: c.saveFormat}
	c.display = d
	switch d.format {
	case "", "pcap", "pcapng":
	default:
		return fmt.Errorf("-F %q: only pcap and pcapng are supported", d.format)
	}
	if c.readFilter != "" {
		if !c.twoPass {
			// tshark's words
			return errors.New("-R without -2 is deprecated. For single-pass filtering use -Y.")
		}
		f, err := compile(c.readFilter, c.registry())
		if err != nil {
			return err
		}
		d.read = f
	}
	expr := c.filter
	switch expr {
	case "":
		return nil
	case "websocket", "http", "tcp", "tls":
		d.bare = expr
		return nil
	}
	f, err := compile(expr, c.registry())
	if err != nil {
		return err
	}
	d.f, d.tree = f, field.NewTree()
	f.Prime(d.tree)
	return nil
}

// compile compiles a filter, with tshark's words for a mistake.
func compile(expr string, reg *field.Registry) (*dfilter.Filter, error) {
	f, err := dfilter.Compile(expr, reg)
	var de *dfilter.Error
	if errors.As(err, &de) {
		return nil, filterError{de}
	}
	return f, err
}

// readFiltered is -R with -2, as tshark does it: a first pass keeps the
// frames that pass the read filter, and the rest of the run reads only
// those, numbered from 1, as if the capture held no others (their TCP
// analysis and reassembly see no others either). They wait in a temporary
// file, which the returned cleanup removes; cfg.file names it meanwhile.
func (c *config) readFiltered() (cleanup func(), err error) {
	cleanup = func() {}
	d := c.display
	if d == nil || d.read == nil {
		return cleanup, nil
	}
	opt := wsdissect.Options{Filter: d.read, TwoPass: true, KeepFrames: true, NoNameResolution: c.noResolve} // the frames are saved
	if c.keyLogFile != "" {
		if f, err := os.Open(c.keyLogFile); err == nil {
			defer f.Close()
			opt.KeyLog = f
		}
	}
	in, err := wsdissect.Open(c.file, opt)
	if err != nil {
		return cleanup, err
	}
	defer in.Close()
	tmp, err := os.CreateTemp("", "wsdump-read-filter-*")
	if err != nil {
		return cleanup, err
	}
	cleanup = func() { os.Remove(tmp.Name()) }
	var w *capfile.Writer
	for r, err := range in.Records() {
		if err != nil {
			tmp.Close()
			return cleanup, err
		}
		if w == nil {
			format := capfile.Pcap
			if r.Section > 0 {
				format = capfile.PcapNG
			}
			w = capfile.NewWriter(tmp, format, r.TimeDigits)
		}
		ci := capfile.CaptureInfo{Frame: r.Frame, Timestamp: r.Time, CaptureLength: len(r.Data), Length: r.Len,
			LinkType: uint16(r.LinkType), InterfaceIndex: r.Interface, TimestampDigits: r.TimeDigits}
		if err := w.WritePacket(ci, r.InterfaceName, r.Data); err != nil {
			tmp.Close()
			return cleanup, err
		}
	}
	if w == nil {
		w = capfile.NewWriter(tmp, capfile.Pcap, 6)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return cleanup, err
	}
	c.file = tmp.Name()
	return cleanup, tmp.Close()
}

// needsTree reports whether the filter needs the frames' bytes
// (Options.KeepFrames): to build the packet tree it is evaluated on, unless
// every field it reads is one the records' typed values hold
// (wsdissect.FilterReadsFrames), or to save the frames (-w).
func (d *displayFilter) needsTree() bool {
	return d != nil && (d.savePath != "" || d.f != nil && wsdissect.FilterReadsFrames(d.f))
}

// matches applies the display filter to a record, and saves it (-w) when
// it passes.
func matches(r *wsdissect.Record, cfg *config) bool {
	d := cfg.display
	if d == nil {
		return true
	}
	ok := true
	switch {
	case d.bare != "":
		ok = r.Has(d.bare)
	case d.f != nil && !d.lacks(r):
		prev := d.shown
		r.FillTree(d.tree, d.shown.delta(r))
		if ok = d.f.Match(d.tree); !ok {
			d.shown = prev
		}
	case d.f != nil:
		ok = false
	}
	if ok && d.savePath != "" {
		d.write(r)
	}
	return ok
}

// needsPayload reports whether the filter names a field that needs the
// payloads of WebSocket data frames (wsdissect.FilterNeedsPayload).
func (d *displayFilter) needsPayload() bool {
	if d == nil || d.f == nil {
		return false
	}
	for _, f := range d.f.Fields() {
		if wsdissect.FilterNeedsPayload(f.Abbrev) {
			return true
		}
	}
	return false
}

// lacks reports whether the record lacks a protocol the filter requires,
// which it can tell without a tree.
func (d *displayFilter) lacks(r *wsdissect.Record) bool {
	for _, p := range d.f.Requires() {
		switch p.Abbrev {
		case "websocket", "http", "tcp", "tls":
			if !r.Has(p.Abbrev) {
				return true
			}
		}
	}
	return false
}

// write saves a record's frame to the -w file, opened with the first.
func (d *displayFilter) write(r *wsdissect.Record) {
	if d.err != nil {
		return
	}
	if d.saver == nil {
		format := capfile.Pcap
		if d.format == "pcapng" || d.format == "" && r.Section > 0 {
			format = capfile.PcapNG
		}
		if d.savePath == "-" {
			d.saver = capfile.NewWriter(os.Stdout, format, r.TimeDigits)
		} else {
			if d.file, d.err = os.Create(d.savePath); d.err != nil {
				return
			}
			d.saver = capfile.NewWriter(d.file, format, r.TimeDigits)
		}
	}
	ci := capfile.CaptureInfo{Frame: r.Frame, Timestamp: r.Time, CaptureLength: len(r.Data), Length: r.Len,
		LinkType: uint16(r.LinkType), InterfaceIndex: r.Interface, TimestampDigits: r.TimeDigits}
	d.err = d.saver.WritePacket(ci, r.InterfaceName, r.Data)
}

// close finishes the -w file: an empty capture still gets its header.
func (d *displayFilter) close() error {
	if d == nil || d.savePath == "" {
		return nil
	}
	if d.saver == nil && d.err == nil {
		format := capfile.Pcap
		if d.format == "pcapng" {
			format = capfile.PcapNG
		}
		out := os.Stdout
		if d.savePath != "-" {
			if out, d.err = os.Create(d.savePath); d.err != nil {
				return d.err
			}
			d.file = out
		}
		d.saver = capfile.NewWriter(out, format, 6)
	}
	err := d.saver.Flush()
	if d.file != nil {
		if e := d.file.Close(); err == nil {
			err = e
		}
	}
	if d.err != nil {
		return d.err
	}
	return err
}

// filters reports whether a display filter other than a bare protocol is
// set: it sees the values tshark -2 shows, as a tree does.
func (d *displayFilter) filters() bool { return d != nil && d.f != nil }
