// Package tls reads TLS as Wireshark's TLS dissector does, from the
// reassembled bytes of a TCP connection: the record layer (records that
// span segments, several in a segment), the handshake messages sent in the
// clear (ClientHello with SNI, ALPN and supported versions, ServerHello,
// HelloRetryRequest, the TLS 1.2 flight), and, given the session secrets of
// an NSS key log (SSLKEYLOGFILE), the decryption of TLS 1.2 (AES-GCM,
// ChaCha20-Poly1305, AES-CBC with HMAC) and TLS 1.3 (AES-GCM,
// ChaCha20-Poly1305, KeyUpdate) records.
//
// A Session follows one connection: hand it each complete record of either
// direction (ParseHeader tells where a record ends) and it returns what the
// record holds, decrypted when the key log has its secrets. Every
// record's authentication tag is checked: a record that fails is reported
// (Record.Err), never returned as data.
//
// FillTree adds the records to a packet tree as tshark shows them; under a
// Certificate message each certificate's X.509 tree (the x509af, x509if,
// x509sat, x509ce and pkcs-1 items, X509Fields), read by a small DER walker
// in place.
//
// The package imports none of wsdissect's other layers; secrets never
// appear in an error message.
package tls
