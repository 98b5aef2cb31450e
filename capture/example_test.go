package capture_test

import (
	"fmt"
	"io"
	"log"
	"os"

	"github.com/wsdissect/wsdissect/capture"
)

// Read the records of a capture file: each record's bytes and what the
// file says of it.
func Example() {
	f, err := os.Open("../testdata/node-deflate-no-ctx-takeover.pcapng")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, err := capture.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	for range 3 {
		data, ci, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err) // a damaged file: every record before the damage was read
		}
		fmt.Printf("frame %d at %s (%d decimals): %d of %d bytes, link type %d, %x...\n", ci.Frame,
			ci.Timestamp.UTC().Format("15:04:05.000000000"), ci.TimestampDigits, ci.CaptureLength, ci.Length, ci.LinkType, data[:6])
	}
	// Output:
	// frame 1 at 03:57:33.072508113 (9 decimals): 110 of 110 bytes, link type 1, 333300000016...
	// frame 2 at 03:57:33.100562903 (9 decimals): 86 of 86 bytes, link type 1, 3333ff9da7cb...
	// frame 3 at 03:57:33.422574999 (9 decimals): 42 of 42 bytes, link type 1, ffffffffffff...
}

// Keep records past the next call, as a pipeline does that hands them to
// another goroutine: the reader reads ahead on a goroutine of its own and
// keeps the bytes of the records it returned until they are released.
func ExampleReader_Retain() {
	f, err := os.Open("../testdata/node-nanosec.pcap")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, err := capture.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	r.ReadAhead()
	r.Retain()
	var kept [][]byte
	var ci capture.CaptureInfo
	for {
		data, err := r.ReadRecord(&ci)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		kept = append(kept, data) // no copy: still valid after the next call
	}
	bytes := 0
	for _, data := range kept {
		bytes += len(data)
	}
	fmt.Printf("%d records, %d bytes kept\n", len(kept), bytes)
	r.Release(ci.Frame) // done with all of them: their memory may be read into again
	// Output:
	// 23 records, 1988 bytes kept
}
