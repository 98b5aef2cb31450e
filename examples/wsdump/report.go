package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// reports are the -G reports wsdump has, each as tshark 4.0.17 prints it
// for the protocols wsdump dissects; -G alone is -G fields.
var reports = []struct {
	name   string
	append func(*field.Registry, []byte) []byte
}{
	{"fields", (*field.Registry).AppendRegistrations},
	{"protocols", (*field.Registry).AppendProtocols},
	{"values", (*field.Registry).AppendValues},
	{"fieldcount", (*field.Registry).AppendFieldCount},
}

// writeReport prints the -G report name.
func writeReport(name string, stdout, stderr io.Writer) int {
	if name == "" {
		name = "fields"
	}
	for _, r := range reports {
		if r.name == name {
			w := bufio.NewWriter(stdout)
			w.Write(r.append(wsdissect.Registry(), nil))
			w.Flush()
			return 0
		}
	}
	if name == "help" {
		fmt.Fprint(stdout, reportHelp)
		return 0
	}
	// tshark's words (it exits 0 here)
	fmt.Fprintf(stderr, "wsdump: Invalid %q option for -G flag, enter -G help for more help.\n", name)
	return 2
}

// reportHelp is what -G help prints: tshark's list, cut to the reports
// wsdump has.
const reportHelp = `Usage: wsdump -G [report]

Glossary table reports:
  -G fieldcount            dump count of header fields and exit
  -G fields                dump fields glossary and exit
  -G protocols             dump protocols in registration database and exit
  -G values                dump value, range, true/false strings and exit
`
