package main

import (
	"errors"
	"fmt"

	"github.com/wsdissect/wsdissect/field"
)

// errHexdumpHelp asks run to print --hexdump help (hexdumpHelp).
var errHexdumpHelp = errors.New("--hexdump help requested")

// setHexdump reads one --hexdump option as tshark does: each adds the
// packet bytes to the output and sets what of them it shows; the last of
// frames and all, and of ascii, delimit and noascii, wins.
func (c *config) setHexdump(v string) error {
	switch v {
	case "all":
		c.dump.FrameOnly = false
	case "frames":
		c.dump.FrameOnly = true
	case "ascii":
		c.dump.ASCII = field.DumpASCIIPlain
	case "delimit":
		c.dump.ASCII = field.DumpASCIIDelimited
	case "noascii":
		c.dump.ASCII = field.DumpNoASCII
	case "help":
		return errHexdumpHelp
	default:
		// tshark's two lines
		return fmt.Errorf("%q is an invalid value for --hexdump <hexoption>\nFor valid <hexoption> values enter: wsdump --hexdump help", v)
	}
	c.hex = true
	return nil
}

// hexdumpHelp is what --hexdump help prints, on standard output, as
// tshark does.
const hexdumpHelp = `Valid --hexdump <hexoption> values include:

Data source options:
  all                      add hexdump, dump all data sources (-x default)
  frames                   add hexdump, dump only frame data source

ASCII options:
  ascii                    add hexdump, include ASCII dump text (-x default)
  delimit                  add hexdump, delimit ASCII dump text with '|' characters
  noascii                  add hexdump, exclude ASCII dump text

Miscellaneous:
  help                     display this help and exit

Example:

    $ wsdump ... --hexdump frames --hexdump delimit ...
`

// checkHex refuses -x where tshark does (with -T fields), and where wsdump
// does not print what tshark prints (the "_raw" members of -T json -x).
func (c *config) checkHex() error {
	switch {
	case !c.hex:
	case c.format == "fields":
		return errors.New("Raw packet hex data can only be printed as text, PostScript, JSON, JSONRAW or EK JSON")
	case c.format == "json":
		return errors.New("-x with -T json (the _raw members) is not implemented")
	}
	return nil
}
