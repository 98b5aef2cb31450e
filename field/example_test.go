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
