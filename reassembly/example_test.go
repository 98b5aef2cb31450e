package reassembly_test

import (
	"encoding/binary"
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

// A consumer that needs PDU headers but not payloads (one that prints
// WebSocket frame headers only) elides each payload: a 1 MiB frame costs
// the stream its 4-byte header, and its PDU is the one reading it would
// give.
func ExampleStream_Elide() {
	const size = 1 << 20
	capture := binary.BigEndian.AppendUint32(nil, size) // the header: a length
	capture = append(capture, make([]byte, size)...)    // the payload
	capture = append(capture, "next"...)                // the next frame's first bytes
	s := reassembly.NewStream(reassembly.Config{})
	most := 0
	for off, frame := 0, uint64(1); off < len(capture); off, frame = off+1448, frame+1 {
		s.Add(uint32(1000+off), capture[off:min(off+1448, len(capture))], frame, 0)
		total := 4 + int(binary.BigEndian.Uint32(s.Bytes())) // the header stays in Bytes
		if s.Readable() < total {
			s.Elide(4, total) // repeated on every segment: changes nothing
		} else {
			pdu := s.Consume(total)
			fmt.Println("PDU:", pdu.Length, "bytes,", len(pdu.Frames), "frames, completes in", pdu.Frame, "multi:", pdu.Multi)
		}
		most = max(most, s.Buffered())
	}
	fmt.Println("most bytes stored between segments:", most)
	fmt.Printf("then: %q\n", s.Bytes())
	// Output:
	// PDU: 1048580 bytes, 725 frames, completes in 725 multi: true
	// most bytes stored between segments: 4
	// then: "next"
}
