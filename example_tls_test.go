package wsdissect_test

import (
	"fmt"
	"os"

	"github.com/wsdissect/wsdissect"
)

// Decrypting wss:// with the key log the applications wrote
// (SSLKEYLOGFILE): the messages are those of ws://, the connection tells
// its TLS facts.
func ExampleOptions_keyLog() {
	keys, err := os.Open("testdata/tls/s-coalesced-tls13-aes256gcm-443.keys")
	if err != nil {
		panic(err)
	}
	defer keys.Close()
	d, err := wsdissect.Open("testdata/tls/s-coalesced-tls13-aes256gcm-443.pcap", wsdissect.Options{KeyLog: keys})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	n := 0
	for rec, err := range d.Records() {
		if err != nil {
			panic(err)
		}
		n += len(rec.Messages)
		for _, c := range rec.Closed() {
			fmt.Printf("stream %d: TLS 0x%04x, suite 0x%04x, decrypted %v\n", c.Stream, c.TLS.Version, c.TLS.CipherSuite, c.TLS.Decrypted)
		}
	}
	fmt.Println(n, "messages")
	// Output:
	// stream 0: TLS 0x0304, suite 0x1302, decrypted true
	// 413 messages
}
