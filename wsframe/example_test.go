package wsframe_test

import (
	"fmt"

	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/wsframe"
)

// A masked client Text frame "Hello" (the example of RFC 6455 §5.7).
var maskedHello = []byte{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}

func ExampleParseHeader() {
	var h wsframe.Header
	n, err := wsframe.ParseHeader(maskedHello, &h)
	if err != nil {
		panic(err)
	}
	fmt.Println(n, h.Opcode, h.Fin, h.Masked, h.Length)
	fmt.Printf("masking key %x\n", h.Key)

	// Two bytes are not enough for a masked header: ask for more.
	n, err = wsframe.ParseHeader(maskedHello[:2], &h)
	fmt.Println(n, err)
	// Output:
	// 6 Text true true 5
	// masking key 37fa213d
	// 6 wsframe: short frame header
}

func ExampleMask() {
	var h wsframe.Header
	n, _ := wsframe.ParseHeader(maskedHello, &h)
	payload := append([]byte(nil), maskedHello[n:]...)

	// The payload arrives in two pieces; the key position carries over.
	pos := wsframe.Mask(h.Key, 0, payload[:2])
	wsframe.Mask(h.Key, pos, payload[2:])
	fmt.Printf("%s\n", payload)
	// Output: Hello
}

func ExampleAssembler() {
	// A fragmented server message with a Ping in between (RFC 6455 §5.6:
	// "Hel" + "lo" as Text and Continuation frames).
	stream := []byte{
		0x01, 0x03, 'H', 'e', 'l',
		0x89, 0x05, 'H', 'e', 'l', 'l', 'o',
		0x80, 0x02, 'l', 'o',
	}
	a := wsframe.NewAssembler(wsframe.Config{FromClient: false})
	var h wsframe.Header
	for id := uint64(1); len(stream) > 0; id++ {
		n, err := wsframe.ParseHeader(stream, &h)
		if err != nil || h.Length > uint64(len(stream)-n) {
			break // a real reader would wait for more bytes here
		}
		payload := stream[n : n+int(h.Length)]
		stream = stream[n+int(h.Length):]
		if h.Masked {
			wsframe.Mask(h.Key, 0, payload)
		}
		if m := a.Frame(&h, payload, id); m != nil {
			fmt.Printf("%s %q from frames %v\n", m.Opcode, m.Data, m.Frames)
		}
	}
	// Output:
	// Ping "Hello" from frames [2]
	// Text "Hello" from frames [1 3]
}

func ExampleAssembler_permessageDeflate() {
	// "Hello" compressed by a permessage-deflate server (RFC 7692 §7.2.3.1),
	// then the same message again, shorter thanks to context takeover
	// (RFC 7692 §7.2.3.2).
	first := []byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}
	second := []byte{0xf2, 0x00, 0x11, 0x00, 0x00}

	a := wsframe.NewAssembler(wsframe.Config{Extensions: "permessage-deflate"})
	h := wsframe.Header{Fin: true, Rsv: 0x4, Opcode: wsframe.OpText}
	for id, p := range [][]byte{first, second} {
		m := a.Frame(&h, p, uint64(id))
		fmt.Printf("%q compressed=%v anomalies=%d\n", m.Data, m.Compressed, len(m.Anomalies))
	}
	// Output:
	// "Hello" compressed=true anomalies=0
	// "Hello" compressed=true anomalies=0
}

func ExampleCheckHeader() {
	var h wsframe.Header
	// An unmasked client frame with RSV1 set but no extension negotiated.
	wsframe.ParseHeader([]byte{0xc1, 0x00}, &h)
	for _, a := range wsframe.CheckHeader(&h, true, 0, nil) {
		fmt.Println(a.Severity, a)
	}
	// Output:
	// Error wsframe: reserved bits set: rsv 0x04 not negotiated
	// Error wsframe: client frame not masked
}

func ExampleParseClose() {
	code, reason, ok, err := wsframe.ParseClose([]byte("\x03\xe8bye"))
	fmt.Println(code, int(code), string(reason), ok, err)
	// Output: Normal Closure 1000 bye true <nil>
}

func ExampleParseDeflateParams() {
	p, ok := wsframe.ParseDeflateParams("permessage-deflate; server_no_context_takeover; client_max_window_bits=10")
	fmt.Printf("%v %+v\n", ok, p)
	// Output: true {ServerNoContextTakeover:true ClientNoContextTakeover:false ServerMaxWindowBits:15 ClientMaxWindowBits:10 PerFrame:false}
}

// The packet tree of a frame, as tshark -V shows it: FillTree adds the
// frame's items, unmasks its payload into the "Unmasked data" source and
// hands back the message's body for the layer above (Wireshark's
// data-text-lines for text).
func ExampleFillTree() {
	var h wsframe.Header
	n, _ := wsframe.ParseHeader(maskedHello, &h)
	payload := append([]byte(nil), maskedHello[n:]...)
	wsframe.Mask(h.Key, 0, payload)
	m := wsframe.NewAssembler(wsframe.Config{FromClient: true}).Frame(&h, payload, 1)

	tree := field.NewTree()
	tree.AddSource("Frame", maskedHello)
	body, ok := wsframe.FillTree(tree, &wsframe.TreeFrame{Header: h, Payload: payload,
		Ends: m != nil, Opcode: m.Opcode, Data: m.Data})
	fmt.Print(string(tree.AppendDetails(nil, nil)))
	fmt.Printf("%v %s %q in %s\n", ok, body.Opcode, body.Data, tree.Sources()[body.Source].Name)
	// Output:
	// WebSocket
	//     1... .... = Fin: True
	//     .000 .... = Reserved: 0x0
	//     .... 0001 = Opcode: Text (1)
	//     1... .... = Mask: True
	//     .000 0101 = Payload length: 5
	//     Masking-Key: 37fa213d
	//     Masked payload
	//     Payload
	//         Text: Hello
	// true Text "Hello" in Unmasked data
}
