package tls

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	gotls "crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder logs what each end of a connection writes, in order.
type recorder struct {
	mu     sync.Mutex
	chunks []chunk
}

type recordingConn struct {
	net.Conn
	rec  *recorder
	side int
}

func (c recordingConn) Write(b []byte) (int, error) {
	c.rec.mu.Lock()
	c.rec.chunks = append(c.rec.chunks, chunk{c.side, bytes.Clone(b)})
	c.rec.mu.Unlock()
	return c.Conn.Write(b)
}

// testCert is a self-signed ECDSA certificate for the server.
func testCert(t *testing.T) gotls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "wss.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"wss.test"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return gotls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// exchange runs one connection between a Go client and server over a
// pipe: the client sends a request, the server answers. It returns what
// each side wrote.
func exchange(t *testing.T, client, server *gotls.Config) []chunk {
	t.Helper()
	// a loopback connection: its buffers let both ends write at once
	// (net.Pipe would block a ticket sent while the request is written)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			c = nil
		}
		accepted <- c
	}()
	a, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	b := <-accepted
	require.NotNil(t, b)
	rec := &recorder{}
	cc := gotls.Client(recordingConn{a, rec, 0}, client)
	sc := gotls.Server(recordingConn{b, rec, 1}, server)
	done := make(chan error, 1)
	go func() {
		defer sc.Close()
		buf := make([]byte, 64)
		n, err := io.ReadAtLeast(sc, buf, len("GET /ws HTTP/1.1\r\n"))
		if err == nil && !bytes.HasPrefix(buf[:n], []byte("GET /ws")) {
			err = io.ErrUnexpectedEOF
		}
		if err == nil {
			_, err = sc.Write([]byte("HTTP/1.1 101 Switching Protocols\r\n"))
		}
		done <- err
	}()
	_, err = cc.Write([]byte("GET /ws HTTP/1.1\r\n"))
	require.NoError(t, err)
	buf := make([]byte, 64)
	_, err = io.ReadAtLeast(cc, buf, len("HTTP/1.1 101 Switching Protocols\r\n"))
	require.NoError(t, err)
	require.NoError(t, <-done)
	cc.Close()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.chunks
}

// TestGoTLS decrypts what Go's crypto/tls sends: the suites the corpus
// lacks (AES-CBC with HMAC), a HelloRetryRequest, resumed sessions.
func TestGoTLS(t *testing.T) {
	cert := testCert(t)
	tests := []struct {
		name    string
		version uint16
		suite   uint16
		curves  [2][]gotls.CurveID // client's, server's
		resume  bool
		retry   bool
	}{
		{name: "tls12-aes128-cbc-sha", version: VersionTLS12, suite: 0xc009},
		{name: "tls12-aes256-cbc-sha", version: VersionTLS12, suite: 0xc00a},
		{name: "tls12-aes128-cbc-sha256", version: VersionTLS12, suite: 0xc023},
		{name: "tls12-aes128-gcm", version: VersionTLS12, suite: 0xc02b},
		{name: "tls12-aes256-gcm", version: VersionTLS12, suite: 0xc02c},
		{name: "tls12-chacha20", version: VersionTLS12, suite: 0xcca9},
		{name: "tls12-resumed", version: VersionTLS12, suite: 0xc02b, resume: true},
		{name: "tls13-aes128-gcm", version: VersionTLS13, suite: 0x1301},
		{name: "tls13-hello-retry", version: VersionTLS13, suite: 0x1301, retry: true,
			curves: [2][]gotls.CurveID{{gotls.X25519, gotls.CurveP256}, {gotls.CurveP256}}},
		{name: "tls13-resumed", version: VersionTLS13, suite: 0x1301, resume: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var keyLog bytes.Buffer
			client := &gotls.Config{InsecureSkipVerify: true, ServerName: "wss.test", KeyLogWriter: &keyLog,
				MinVersion: tt.version, MaxVersion: tt.version, CurvePreferences: tt.curves[0], NextProtos: []string{"http/1.1"}}
			server := &gotls.Config{Certificates: []gotls.Certificate{cert}, MinVersion: tt.version, MaxVersion: tt.version,
				CurvePreferences: tt.curves[1], NextProtos: []string{"http/1.1"}}
			if tt.version == VersionTLS12 {
				client.CipherSuites = []uint16{tt.suite}
				server.CipherSuites = []uint16{tt.suite}
			}
			if tt.resume {
				client.ClientSessionCache = gotls.NewLRUClientSessionCache(4)
				exchange(t, client, server)
			}
			chunks := exchange(t, client, server)
			if tt.resume && tt.version == VersionTLS12 {
				// Go logs no CLIENT_RANDOM for a resumed TLS 1.2 session;
				// OpenSSL does, with the master secret of the first one
				first := bytes.Fields(keyLog.Bytes())
				require.Len(t, first, 3)
				fmt.Fprintf(&keyLog, "CLIENT_RANDOM %x %s\n", chunks[0].data[11:43], first[2])
			}
			keys, err := ReadKeyLog(&keyLog)
			require.NoError(t, err)
			assert.Zero(t, keys.Skipped)
			s := NewSession(keys)
			out := replay(s, chunks)
			require.Empty(t, out.errs)
			assert.Equal(t, tt.version, s.Version)
			assert.Equal(t, tt.suite, s.Suite)
			assert.Equal(t, tt.retry, s.HelloRetry)
			assert.Equal(t, "wss.test", s.Client.ServerName)
			assert.Equal(t, []string{"http/1.1"}, s.Client.ALPN)
			assert.Equal(t, "http/1.1", s.ALPN)
			assert.Equal(t, "GET /ws HTTP/1.1\r\n", string(out.plain[0]))
			assert.Contains(t, string(out.plain[1]), "HTTP/1.1 101 Switching Protocols\r\n")
			if tt.resume && tt.version == VersionTLS12 {
				// an abbreviated handshake: no certificate
				for _, r := range out.records[1] {
					assert.NotContains(t, r.Handshakes, HandshakeCertificate)
				}
			}
			// tls.resumed: on the server's ChangeCipherSpec of a resumed
			// TLS 1.2 session, and there only
			resumed := [2]int{}
			for side, recs := range out.records {
				for _, r := range recs {
					if r.Resumed {
						assert.Equal(t, TypeChangeCipherSpec, r.Type)
						resumed[side]++
					}
				}
			}
			if tt.resume && tt.version == VersionTLS12 {
				assert.Equal(t, [2]int{0, 1}, resumed)
			} else {
				assert.Zero(t, resumed)
			}
		})
	}
}
