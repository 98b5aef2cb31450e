package tls_test

import (
	"fmt"
	"strings"

	"github.com/wsdissect/wsdissect/tls"
)

// Reading a key log: lines of other labels, comments and garbage are
// counted and skipped.
func ExampleReadKeyLog() {
	log := "# written by SSLKEYLOGFILE\n" +
		"CLIENT_RANDOM " + strings.Repeat("ab", 32) + " " + strings.Repeat("01", 48) + "\n" +
		"not a key log line\n"
	k, err := tls.ReadKeyLog(strings.NewReader(log))
	if err != nil {
		panic(err)
	}
	fmt.Println(k.Sessions(), "session,", k.Skipped, "line skipped")
	// Output: 1 session, 1 line skipped
}

// A Session reads whole records; ParseHeader says where each ends.
func ExampleSession() {
	clientHello := []byte{
		22, 3, 1, 0, 47, // a handshake record of 47 bytes
		1, 0, 0, 43, // ClientHello
		3, 3, // legacy version
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // random
		0,             // no session id
		0, 2, 0x13, 1, // TLS_AES_128_GCM_SHA256
		1, 0, // no compression
		0, 0, // no extensions
	}
	h, err := tls.ParseHeader(clientHello)
	if err != nil {
		panic(err)
	}
	s := tls.NewSession(nil)
	r := s.Read(0, clientHello[:tls.HeaderLen+h.Length])
	fmt.Println(r.Type, r.Handshakes, fmt.Sprintf("0x%04x", s.Client.CipherSuites[0]))
	// Output: Handshake [Client Hello] 0x1301
}
