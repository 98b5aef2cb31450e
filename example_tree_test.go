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

// The WebSocket frame that ends a fragmented text message, as tshark -V
// shows it, and the data sources its tree built, by name.
func ExampleRecord_FillTree_webSocket() {
	d, err := wsdissect.Open("testdata/node-fragmented-ping-between.pcap", wsdissect.Options{KeepFrames: true, TwoPass: true})
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	tree := field.NewTree()
	whole := func(f *field.Field) bool {
		return f != nil && (strings.HasPrefix(f.Abbrev, "websocket") || f.Abbrev == "data-text-lines")
	}
	for rec, err := range d.Records() {
		if err != nil {
			log.Fatal(err)
		}
		if rec.Frame != 16 {
			continue
		}
		rec.FillTree(tree, rec.Delta)
		fmt.Print(string(tree.AppendDetails(nil, whole)))
		for _, s := range tree.Sources() {
			fmt.Printf("%s: %d bytes\n", s.Name, len(s.Data))
		}
	}
	// Output:
	// Frame 16: 102 bytes on wire (816 bits), 102 bytes captured (816 bits)
	// Ethernet II, Src: 26:66:0c:ea:82:5d (26:66:0c:ea:82:5d), Dst: ee:15:3d:fe:c4:3c (ee:15:3d:fe:c4:3c)
	// Internet Protocol Version 4, Src: 10.77.0.2, Dst: 10.77.0.1
	// Transmission Control Protocol, Src Port: 45738, Dst Port: 8080, Seq: 221, Ack: 130, Len: 36
	// WebSocket
	//     1... .... = Fin: True
	//     .000 .... = Reserved: 0x0
	//     .... 0000 = Opcode: Continuation (0)
	//     1... .... = Mask: True
	//     .001 1110 = Payload length: 30
	//     Masking-Key: 7c389713
	//     Masked payload
	//     Payload
	//         Text: tab\therebbalpha alpha betaowrthéllo gamma tab\there wörldqd
	// [3 Reassembled websocket Fragments (60 bytes): #13(10), #15(20), #16(30)]
	//     [Frame: 13, payload: 0-9 (10 bytes)]
	//     [Frame: 15, payload: 10-29 (20 bytes)]
	//     [Frame: 16, payload: 30-59 (30 bytes)]
	//     [Fragment count: 3]
	//     [Reassembled websocket Payload length: 60]
	// Line-based text data (1 lines)
	//     tab\therebbalpha alpha betaowrthéllo gamma tab\there wörldqd
	// Frame: 102 bytes
	// Unmasked data: 30 bytes
	// Reassembled Message: 60 bytes
}

// Records held (Dissector.Hold) outlive the iterator's step: here a second
// goroutine builds each record's tree and counts its lines of packet
// details while the next records are dissected, then gives the record
// back (Release).
func ExampleDissector_Hold() {
	d, err := wsdissect.Open("testdata/node-fragmented-ping-between.pcap", wsdissect.Options{KeepFrames: true})
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	held := make(chan *wsdissect.Record, 8)
	lines := make(chan int)
	go func() {
		tree := field.NewTree()
		n := 0
		for rec := range held {
			rec.FillTree(tree, rec.Delta)
			n += strings.Count(string(tree.AppendDetails(nil, nil)), "\n")
			d.Release(rec)
		}
		lines <- n
	}()
	frames := 0
	for rec, err := range d.Records() {
		if err != nil {
			log.Fatal(err)
		}
		d.Hold(rec)
		held <- rec
		frames++
	}
	close(held)
	fmt.Println(frames, "frames,", <-lines, "lines of packet details")
	// Output: 70 frames, 6700 lines of packet details
}
