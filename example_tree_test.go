package wsdissect_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// The packet details of a frame, as tshark -2 -V shows them, and one field
// read back from the tree.
func ExampleRecord_FillTree() {
	d, err := wsdissect.Open("testdata/node-fragmented-ping-between.pcap", wsdissect.Options{KeepFrames: true, TwoPass: true})
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	tree := field.NewTree() // reused: building and printing allocate nothing per packet
	rtt := wsdissect.Registry().Lookup("tcp.analysis.ack_rtt")
	for rec, err := range d.Records() {
		if err != nil {
			log.Fatal(err)
		}
		if rec.Frame != 10 {
			continue
		}
		rec.FillTree(tree, rec.Delta)
		// the protocols' top lines only, as tshark -O with no protocol
		fmt.Print(string(tree.AppendDetails(nil, func(*field.Field) bool { return false })))
		fmt.Printf("ACK after %s s\n", wsdissect.AppendTreeField(nil, tree, rtt, ",", wsdissect.AllOccurrences))
		n := tree.Find("tcp.flags.str")
		fmt.Println(strings.TrimSpace(string(tree.AppendLabel(nil, n))))
	}
	// Output:
	// Frame 10: 66 bytes on wire (528 bits), 66 bytes captured (528 bits)
	// Ethernet II, Src: ee:15:3d:fe:c4:3c (ee:15:3d:fe:c4:3c), Dst: 26:66:0c:ea:82:5d (26:66:0c:ea:82:5d)
	// Internet Protocol Version 4, Src: 10.77.0.1, Dst: 10.77.0.2
	// Transmission Control Protocol, Src Port: 8080, Dst Port: 45738, Seq: 1, Ack: 156, Len: 0
	// ACK after 0.000047000 s
	// TCP Flags: ·······A····
}
