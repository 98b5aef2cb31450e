// Command wsdump prints the WebSocket traffic of a packet capture the way
// tshark does. It accepts tshark's own flags for what it supports.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	file := flag.String("r", "", "read packets from `file` (pcap or pcapng; - for stdin)")
	flag.Parse()
	if *file == "" {
		fmt.Fprintln(os.Stderr, "wsdump: -r FILE is required")
		os.Exit(2)
	}
	if _, err := os.Stat(*file); err != nil && *file != "-" {
		fmt.Fprintln(os.Stderr, "wsdump:", err)
		os.Exit(1)
	}
}
