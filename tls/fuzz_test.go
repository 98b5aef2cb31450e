package tls

import (
	"bytes"
	"os"
	"testing"
)

// FuzzSession reads any bytes as the records of both sides of a
// connection, with a key log that has the corpus sessions' secrets: no
// panic, no unbounded growth.
func FuzzSession(f *testing.F) {
	keys, err := os.ReadFile("testdata/s-echo-tls13-chacha20-443.keys")
	if err != nil {
		f.Fatal(err)
	}
	keyLog, _ := ReadKeyLog(bytes.NewReader(keys))
	for _, name := range []string{"s-echo-tls13-chacha20-443", "s-pingclose-tls12-chacha20-4443"} {
		var seed [2][]byte
		for _, c := range readStream(f, name) {
			seed[c.side] = append(seed[c.side], c.data...)
		}
		f.Add(seed[0][:min(len(seed[0]), 4096)], seed[1][:min(len(seed[1]), 4096)])
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		s := NewSession(keyLog)
		bufs := [2][]byte{bytes.Clone(a), bytes.Clone(b)} // Read decrypts in place
		for progress := true; progress; {
			progress = false
			for side := range bufs {
				h, err := ParseHeader(bufs[side])
				if err != nil || len(bufs[side]) < HeaderLen+h.Length {
					continue
				}
				n := HeaderLen + h.Length
				r := s.Read(side, bufs[side][:n])
				if r.Decrypted && r.Err != nil {
					t.Fatalf("decrypted record with error %v", r.Err)
				}
				if len(s.sides[side].hs) > MaxHandshakeMessage+MaxRecordLength {
					t.Fatalf("handshake buffer of %d bytes", len(s.sides[side].hs))
				}
				bufs[side] = bufs[side][n:]
				progress = true
			}
		}
	})
}

// FuzzParseHello reads any bytes as a hello of either side.
func FuzzParseHello(f *testing.F) {
	var cr, sr [32]byte
	ch, sh := hellos13(cr, sr, 0x1301)
	f.Add(ch[HeaderLen+4:], true)
	f.Add(sh[HeaderLen+4:], false)
	f.Fuzz(func(t *testing.T, b []byte, client bool) {
		h, _ := ParseHello(b, client)
		if len(h.CipherSuites) > len(b) {
			t.Fatalf("%d suites from %d bytes", len(h.CipherSuites), len(b))
		}
		ParseEncryptedExtensions(b)
	})
}

// FuzzKeyLog reads any bytes as a key log.
func FuzzKeyLog(f *testing.F) {
	keys, err := os.ReadFile("testdata/s-coalesced-tls13-aes256gcm-443.keys")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(keys)
	f.Add([]byte("CLIENT_RANDOM 00 00\n\n#\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := ReadKeyLog(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if k.Skipped > k.Lines || k.Sessions() > k.Lines {
			t.Fatalf("%d skipped, %d sessions of %d lines", k.Skipped, k.Sessions(), k.Lines)
		}
	})
}
