package reassembly_test

import (
	"fmt"

	"github.com/wsdissect/wsdissect/reassembly"
)

// A 12-byte PDU carried by three segments, the middle one out of order:
// it completes in frame 12, the frame that filled the hole, and its frames
// are listed by sequence number.
func Example() {
	s := reassembly.NewStream(reassembly.Config{})
	s.Add(1000, nil, 10, reassembly.SYN)    // payload starts at 1001
	s.Add(1001, []byte("hell"), 11, 0)      // readable at once
	r := s.Add(1009, []byte("rld!"), 13, 0) // after a hole: held
	fmt.Println("held:", r.Buffered, "readable:", string(s.Bytes()))
	s.Add(1005, []byte("o wo"), 12, 0) // fills the hole
	fmt.Println("readable:", string(s.Bytes()))

	pdu := s.Consume(12)
	fmt.Println("frames:", pdu.Frames, "length:", pdu.Length, "completes in:", pdu.Frame, "multi:", pdu.Multi)
	// Output:
	// held: true readable: hell
	// readable: hello world!
	// frames: [11 12 13] length: 12 completes in: 12 multi: true
}

// A pipeline holds a frame's record back while its bytes are pending, so
// that it knows the frame's tcp.reassembled_in when it prints it.
func ExampleStream_Pending() {
	s := reassembly.NewStream(reassembly.Config{})
	s.Add(1, []byte("GET / HTTP/1.1\r\n"), 4, 0)
	frame, ok := s.Pending()
	fmt.Println("pending:", frame, ok)
	s.Add(17, []byte("\r\n"), 6, 0)
	pdu := s.Consume(len(s.Bytes()))
	_, ok = s.Pending()
	fmt.Println("frames:", pdu.Frames, "reassembled in:", pdu.Frame, "pending:", ok)
	// Output:
	// pending: 4 true
	// frames: [4 6] reassembled in: 6 pending: false
}

// Flush releases what a hole that never fills holds back.
func ExampleStream_Flush() {
	s := reassembly.NewStream(reassembly.Config{})
	s.Add(100, []byte("abc"), 1, 0)
	s.Add(110, []byte("xyz"), 3, 0) // bytes 103..109 never arrive
	r := s.Flush()
	fmt.Printf("dropped %d, gap %d, released %d: %q\n", r.Dropped, r.Gap, r.Released, s.Bytes())
	// Output:
	// dropped 3, gap 7, released 3: "xyz"
}
