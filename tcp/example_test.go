package tcp_test

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/wsdissect/wsdissect/capture"
	"github.com/wsdissect/wsdissect/tcp"
)

// Read a capture (package capture) and print, for each TCP segment, its stream, flags and
// relative sequence number.
func Example() {
	f, err := os.Open("../testdata/node-nanosec.pcap")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, err := capture.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	dec := tcp.NewDecoder()
	table := tcp.NewTable(tcp.TableConfig{})
	var seg tcp.Segment
	for i := 0; i < 5; {
		data, ci, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		// the Decoder takes plain values: any packet source can feed it
		info := tcp.CaptureInfo{Frame: ci.Frame, Timestamp: ci.Timestamp,
			CaptureLength: ci.CaptureLength, Length: ci.Length, LinkType: tcp.LinkType(ci.LinkType)}
		if err := dec.Decode(data, info, &seg); errors.Is(err, tcp.ErrNotTCP) {
			continue
		} else if err != nil {
			log.Fatal(err)
		}
		a := table.Track(&seg)
		fmt.Printf("frame %d stream %d %s seq=%d len=%d\n", seg.Frame, a.Stream, seg.Flags, a.RelSeq, a.Len)
		i++
	}
	// Output:
	// frame 6 stream 0 ··········S· seq=0 len=0
	// frame 7 stream 0 ·······A··S· seq=0 len=0
	// frame 8 stream 0 ·······A···· seq=1 len=0
	// frame 9 stream 0 ·······AP··· seq=1 len=155
	// frame 10 stream 0 ·······A···· seq=1 len=0
}

// AppendInfo writes tshark's Info column for a segment.
func ExampleAnalysis_AppendInfo() {
	f, err := os.Open("../testdata/node-nanosec.pcap")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, _ := capture.NewReader(f)
	dec := tcp.NewDecoder()
	table := tcp.NewTable(tcp.TableConfig{})
	var seg tcp.Segment
	var info []byte
	for {
		data, ci, err := r.Next()
		if err != nil {
			break
		}
		if dec.Decode(data, tcp.CaptureInfo{Frame: ci.Frame, Timestamp: ci.Timestamp,
			CaptureLength: ci.CaptureLength, Length: ci.Length, LinkType: tcp.LinkType(ci.LinkType)}, &seg) != nil {
			continue
		}
		a := table.Track(&seg)
		if seg.Flags&tcp.SYN != 0 {
			info = a.AppendInfo(info[:0], &seg)
			fmt.Println(string(info))
		}
	}
	// Output:
	// 54454 → 8080 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=1673863974 TSecr=0 WS=1024
	// 8080 → 54454 [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0 MSS=1460 SACK_PERM TSval=2381202674 TSecr=1673863974 WS=1024
}

// The connection's life is in its Conversation.
func ExampleConversation() {
	f, err := os.Open("../testdata/node-port9001.pcap")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, _ := capture.NewReader(f)
	dec := tcp.NewDecoder()
	table := tcp.NewTable(tcp.TableConfig{})
	var seg tcp.Segment
	for {
		data, ci, err := r.Next()
		if err != nil {
			break
		}
		if dec.Decode(data, tcp.CaptureInfo{Frame: ci.Frame, Timestamp: ci.Timestamp,
			CaptureLength: ci.CaptureLength, Length: ci.Length, LinkType: tcp.LinkType(ci.LinkType)}, &seg) != nil {
			continue
		}
		a := table.Track(&seg)
		if a.Events != 0 {
			fmt.Printf("frame %d %s: %s\n", seg.Frame, a.Events, a.Conv.State)
		}
	}
	// Output:
	// frame 5 new|syn: SynSent
	// frame 6 syn-ack: SynReceived
	// frame 7 handshake-ack|established: Established
	// frame 26 fin: FinWait
	// frame 27 fin: Closing
	// frame 28 closed: Closed
}
