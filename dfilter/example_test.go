package dfilter_test

import (
	"errors"
	"fmt"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/dfilter"
)

// A dissector that hands out only the records a display filter selects.
func Example() {
	f, err := dfilter.Compile("tcp.flags.syn == 1 && tcp.flags.ack == 0", wsdissect.Registry())
	if err != nil {
		panic(err)
	}
	d, err := wsdissect.Open("../testdata/node-fragmented-ping-between.pcap", wsdissect.Options{Filter: f})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	for rec, err := range d.Records() {
		if err != nil {
			panic(err)
		}
		fmt.Println(rec.Frame, rec.Info())
	}
	// Output:
	// 6 45738 → 8080 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=746382084 TSecr=0 WS=1024
}

// A filter that does not compile, reported as tshark reports it.
func ExampleError() {
	_, err := dfilter.Compile("tcp.port == 99999999", wsdissect.Registry())
	var fe *dfilter.Error
	if errors.As(err, &fe) {
		fmt.Println(fe.Underlined())
	}
	// Output:
	// "99999999" too big for this field, maximum 65535.
	//     tcp.port == 99999999
	//                 ^~~~~~~~
}
