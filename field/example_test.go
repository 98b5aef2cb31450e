package field_test

import (
	"fmt"

	"github.com/wsdissect/wsdissect/field"
)

// Severities print as in tshark's packet details and its JSON.
func ExampleSeverity() {
	s := field.SeverityWarning
	fmt.Printf("[Severity level: %s] %d\n", s, s)
	// Output: [Severity level: Warning] 6291456
}

// The fields of a layer are a table; a tree is built from typed values and
// printed as tshark prints it.
func ExampleTree() {
	var (
		udp     = field.Field{Name: "User Datagram Protocol", Abbrev: "udp", Type: field.Protocol}
		srcPort = field.Field{Name: "Source Port", Abbrev: "udp.srcport", Type: field.Uint16, Base: field.BaseDec, Parent: "udp"}
		length  = field.Field{Name: "Length", Abbrev: "udp.length", Type: field.Uint16, Base: field.BaseDec, Parent: "udp"}
	)
	t := field.NewTree()
	p := t.AddProtocol(field.NoNode, &udp, 34, 8, []byte("User Datagram Protocol, Src Port: 5353"))
	t.AddUint(p, &srcPort, 34, 2, 5353)
	t.AddUint(p, &length, 38, 2, 42)
	fmt.Print(string(t.AppendDetails(nil, nil)))

	n := t.Find("udp.length")
	_, start, size := t.Range(n)
	fmt.Printf("%s = %d, bytes %d-%d\n", t.Field(n).Abbrev, t.Uint(n), start, start+size-1)
	// Output:
	// User Datagram Protocol, Src Port: 5353
	//     Source Port: 5353
	//     Length: 42
	// udp.length = 42, bytes 38-39
}

// A tree's data sources print as tshark -x prints a packet: each headed by
// its name and size when there are several.
func ExampleTree_AppendDump() {
	t := field.NewTree()
	t.AddSource("Frame", []byte("\x45\x00\x00\x1e GET / HTTP/1.1"))
	t.AddSource("Reassembled TCP", []byte("GET / HTTP/1.1\r\n\r\n"))
	fmt.Print(string(t.AppendDump(nil, field.Dump{})))
	// Output:
	// Frame (19 bytes):
	// 0000  45 00 00 1e 20 47 45 54 20 2f 20 48 54 54 50 2f   E... GET / HTTP/
	// 0010  31 2e 31                                          1.1
	// Reassembled TCP (18 bytes):
	// 0000  47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a   GET / HTTP/1.1..
	// 0010  0d 0a                                             ..
}

// A Printer prints tree after tree, as -V prints a capture; -O's choice of
// protocols to expand is its Expand.
func ExamplePrinter() {
	var (
		udp     = field.Field{Name: "User Datagram Protocol", Abbrev: "udp", Type: field.Protocol}
		srcPort = field.Field{Name: "Source Port", Abbrev: "udp.srcport", Type: field.Uint16, Base: field.BaseDec, Parent: "udp"}
	)
	var p field.Printer
	t := field.NewTree()
	for _, port := range []uint64{5353, 5353, 53} {
		t.Reset()
		t.AddUint(t.AddProtocol(field.NoNode, &udp, 34, 8, nil), &srcPort, 34, 2, port)
		fmt.Print(string(p.AppendDetails(nil, t)))
	}
	p.Expand = func(f *field.Field) bool { return f.Abbrev != "udp" }
	fmt.Print(string(p.AppendDetails(nil, t)))
	// Output:
	// User Datagram Protocol
	//     Source Port: 5353
	// User Datagram Protocol
	//     Source Port: 5353
	// User Datagram Protocol
	//     Source Port: 53
	// User Datagram Protocol
}
