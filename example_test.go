package wsdissect_test

import (
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/google/gopacket/pcapgo"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/tcp"
	"github.com/wsdissect/wsdissect/wsframe"
)

// Read a capture and print each WebSocket message: who sent it, its type
// and its payload.
func ExampleDissector_Messages() {
	d, err := wsdissect.Open("testdata/node-welcome-after-101-same-segment.pcap", wsdissect.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	for m, err := range d.Messages() {
		if err != nil {
			log.Fatal(err)
		}
		from := "server"
		if m.FromClient {
			from = "client"
		}
		switch m.Opcode {
		case wsframe.OpText:
			fmt.Printf("frame %d %s text %q\n", m.Frame, from, m.Data)
		case wsframe.OpClose:
			fmt.Printf("frame %d %s close %d %q\n", m.Frame, from, m.CloseCode, m.CloseReason)
		default:
			fmt.Printf("frame %d %s %v, %d bytes\n", m.Frame, from, m.Opcode, len(m.Data))
		}
	}
	// Output:
	// frame 10 server text "welcome! first message sent right after the 101"
	// frame 12 client text "naïve naïve héllo"
	// frame 13 server text "naïve naïve héllo"
	// frame 14 client Binary, 20 bytes
	// frame 15 server Binary, 20 bytes
	// frame 16 client text "naïve beta quote\"dx"
	// frame 17 server text "naïve beta quote\"dx"
	// frame 18 client close 1000 ""
	// frame 19 server close 1000 ""
}

// List the connections of a capture with their close handshakes.
func ExampleDissector_Connections() {
	d, err := wsdissect.Open("testdata/node-ping-pong-close-codes.pcap", wsdissect.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	for c, err := range d.Connections() {
		if err != nil {
			log.Fatal(err)
		}
		if !c.WebSocket {
			continue
		}
		fmt.Printf("stream %d %v: closed by %v", c.Stream, c.TCP.Client, c.ClosedBy)
		if m := c.ClientClose; m != nil && m.HasCloseCode {
			fmt.Printf(", client code %d %q", m.CloseCode, m.CloseReason)
		}
		if m := c.ServerClose; m != nil && m.HasCloseCode {
			fmt.Printf(", server code %d %q", m.CloseCode, m.CloseReason)
		}
		fmt.Println()
	}
	// Output:
	// stream 0 10.77.0.2:45748: closed by client, client code 1000 "normal closure", server code 1000 "normal closure"
	// stream 1 10.77.0.2:45760: closed by server, client code 1008 "policy violation: ünïcode ✓", server code 1008 "policy violation: ünïcode ✓"
	// stream 2 10.77.0.2:45766: closed by client, client code 4000 "app-specific 四千", server code 4000 "app-specific 四千"
}

// Print the frames whose bytes were "TCP segments of a reassembled PDU"
// (the PDU completes in a later frame), and where each PDU completes.
func ExampleRecord_reassembledIn() {
	d, err := wsdissect.Open("testdata/node-loss-retrans.pcap", wsdissect.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	for r, err := range d.Records() {
		if err != nil {
			log.Fatal(err)
		}
		if r.Frame > 24 {
			break
		}
		if r.ReassembledIn != 0 {
			fmt.Printf("frame %d: TCP segment of a reassembled PDU, reassembled in %d\n", r.Frame, r.ReassembledIn)
		}
		if len(r.Segments) > 0 {
			fmt.Printf("frame %d: %d-byte PDU from frames %v: %s\n",
				r.Frame, r.ReassembledLength, r.Segments, strings.TrimSpace(r.Info()))
		}
	}
	// Output:
	// frame 18: TCP segment of a reassembled PDU, reassembled in 21
	// frame 19: TCP segment of a reassembled PDU, reassembled in 21
	// frame 21: 3008-byte PDU from frames [18 19 21]: WebSocket Text [FIN] [MASKED]
	// frame 22: TCP segment of a reassembled PDU, reassembled in 24
	// frame 23: TCP segment of a reassembled PDU, reassembled in 24
	// frame 24: 3004-byte PDU from frames [22 23 24]: WebSocket Text [FIN]
}

// Print fields of each WebSocket frame exactly as tshark -T fields does.
func ExampleRecord_AppendField() {
	d, err := wsdissect.Open("testdata/node-fragmented-ping-between.pcap", wsdissect.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	var line []byte
	for r, err := range d.Records() {
		if err != nil {
			log.Fatal(err)
		}
		if !r.Has("websocket") || r.Frame > 16 {
			continue
		}
		line = line[:0]
		for i, f := range []string{"frame.number", "websocket.opcode", "websocket.payload.text", "websocket.masking_key"} {
			if i > 0 {
				line = append(line, '\t')
			}
			line = r.AppendField(line, f, ",", wsdissect.AllOccurrences)
		}
		fmt.Println(string(line))
	}
	// Output:
	// 13	1		f44cc578
	// 14	9		7355d51c
	// 15	0		3e1646c7
	// 16	0	tab\therebbalpha alpha betaowrthéllo gamma tab\there wörldqd	7c389713
}

// Dissect packets from any gopacket source, here pcapgo's reader.
func ExampleNewSource() {
	f, err := os.Open("testdata/node-port9001.pcap")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	src, err := pcapgo.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	d := wsdissect.NewSource(src, tcp.LinkTypeEthernet, wsdissect.Options{})
	n := 0
	for m, err := range d.Messages() {
		if err != nil {
			log.Fatal(err)
		}
		if m.Opcode == wsframe.OpText {
			n++
		}
	}
	fmt.Println(n, "text messages")
	// Output: 6 text messages
}

// Count the messages of each kind and their bytes as sent, without keeping
// their payloads: Options.SkipPayloads leaves them out (Message.Length still
// tells their size), and Options.Workers dissects the connections on two
// goroutines besides the one reading the capture.
func ExampleOptions_skipPayloads() {
	d, err := wsdissect.Open("testdata/node-loss-retrans.pcap", wsdissect.Options{SkipPayloads: true, Workers: 2})
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	count := map[wsframe.Opcode]int{}
	var sent int64
	for m, err := range d.Messages() {
		if err != nil {
			log.Fatal(err)
		}
		count[m.Opcode]++
		sent += m.Length
		if m.Data != nil && !m.Opcode.IsControl() {
			log.Fatal("payload kept")
		}
	}
	fmt.Println(count[wsframe.OpText], "text,", count[wsframe.OpBinary], "binary,", count[wsframe.OpClose], "close;", sent, "payload bytes")
	// Output:
	// 6 text, 4 binary, 2 close; 506632 payload bytes
}
