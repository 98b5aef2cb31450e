package wsdissect_test

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

	"github.com/wsdissect/wsdissect"
)

// tlsWrites logs what each end of a TLS connection writes, in order: one
// TLS record (or a flight of them) per write.
type tlsWrites struct {
	mu     sync.Mutex
	chunks []tlsChunk
}

type tlsChunk struct {
	fromClient bool
	data       []byte
}

type writeLogConn struct {
	net.Conn
	log        *tlsWrites
	fromClient bool
}

func (c writeLogConn) Write(b []byte) (int, error) {
	c.log.mu.Lock()
	c.log.chunks = append(c.log.chunks, tlsChunk{c.fromClient, bytes.Clone(b)})
	c.log.mu.Unlock()
	return c.Conn.Write(b)
}

// wssChat runs one wss:// conversation between Go's crypto/tls client and
// server over loopback: the Upgrade, then n masked client messages of size
// bytes, each answered by the server, in lockstep so that every write is a
// record of its own. It returns the capture (each write one segment) and
// the key log the client wrote.
func wssChat(t *testing.T, version uint16, n, size int) (capture, keyLog []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "wss.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"wss.test"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	var keys bytes.Buffer
	client := &gotls.Config{InsecureSkipVerify: true, KeyLogWriter: &keys, MinVersion: version, MaxVersion: version,
		CipherSuites: []uint16{gotls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}, SessionTicketsDisabled: true}
	server := &gotls.Config{Certificates: []gotls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: version, MaxVersion: version}

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
	log := &tlsWrites{}
	cc := gotls.Client(writeLogConn{a, log, true}, client)
	sc := gotls.Server(writeLogConn{b, log, false}, server)
	defer sc.Close()
	defer cc.Close()

	msg := func(i int, fromClient bool) []byte {
		m := []byte(fmt.Sprintf(`{"seq":%d,"text":"hello"}`, i))
		if len(m) < size {
			m = append(m, bytes.Repeat([]byte{' '}, size-len(m))...)
		}
		if fromClient {
			return frames(clientFrame(0x1, m))
		}
		return frames(serverFrame(0x1, m))
	}
	// exchange writes w on from and reads it whole on to
	exchange := func(from, to *gotls.Conn, w []byte) {
		done := make(chan error, 1)
		go func() {
			_, err := io.ReadFull(to, make([]byte, len(w)))
			done <- err
		}()
		_, err := from.Write(w)
		require.NoError(t, err)
		require.NoError(t, <-done)
	}
	exchange(cc, sc, upgradeRequest(""))
	exchange(sc, cc, upgradeResponse(""))
	for i := range n {
		exchange(cc, sc, msg(i, true))
		exchange(sc, cc, msg(i, false))
	}

	c := newPcap()
	tc := c.conn("10.0.0.1:40000", "10.0.0.2:443")
	tc.handshake()
	log.mu.Lock()
	for _, ch := range log.chunks {
		tc.send(ch.fromClient, ch.data, 1460)
	}
	log.mu.Unlock()
	tc.close()
	return c.bytes(), keys.Bytes()
}

// TestSteadyStateTLSAllocatesNothing: over wss://, decrypted with its key
// log, ten times more messages on the same connection cost no more
// allocations: records are decrypted in place with the direction's AEAD,
// their plaintext goes through the decrypted stream without an allocation
// of its own, as for ws:// (TestSteadyStateAllocatesNothing).
func TestSteadyStateTLSAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector: .ci/run runs this test without it")
	}
	if testing.Short() {
		t.Skip("runs TLS connections over loopback")
	}
	for _, version := range []uint16{gotls.VersionTLS12, gotls.VersionTLS13} {
		for _, size := range []int{0, 20 << 10} {
			n := 1000
			if size > 0 {
				n = 100
			}
			small, smallKeys := wssChat(t, version, n, size)
			large, largeKeys := wssChat(t, version, 10*n, size)
			for _, opt := range []wsdissect.Options{{}, {SkipPayloads: true}} {
				withKeys := func(keys []byte) wsdissect.Options {
					o := opt
					o.KeyLog = bytes.NewReader(keys)
					return o
				}
				// the key log is read again in each run: a reader per run
				var got [2]int
				a := testing.AllocsPerRun(3, func() { got[0] = dissectAll(t, small, withKeys(smallKeys)) })
				b := testing.AllocsPerRun(3, func() { got[1] = dissectAll(t, large, withKeys(largeKeys)) })
				require.Equal(t, [2]int{2 * n, 20 * n}, got, "every message decrypted and dissected")
				t.Logf("TLS 0x%04x, messages of %d B, skip=%v: %.0f allocations for %d messages each way, %.0f for %d",
					version, size, opt.SkipPayloads, a, n, b, 10*n)
				assert.Less(t, b-a, 20.0, "TLS 0x%04x, size %d, %+v", version, size, opt)
			}
		}
	}
}

// dissectAll dissects a capture and prints the speed target's fields of
// every WebSocket record; it returns how many there were.
func dissectAll(t *testing.T, capture []byte, opt wsdissect.Options) int {
	fields := []string{"frame.number", "tcp.stream", "websocket.opcode", "websocket.payload_length", "websocket.masking_key"}
	var line [256]byte
	d, err := wsdissect.New(bytes.NewReader(capture), opt)
	require.NoError(t, err)
	n := 0
	for r, err := range d.Records() {
		require.NoError(t, err)
		if !r.Has("websocket") {
			continue
		}
		n++
		for _, f := range fields {
			_ = r.AppendField(line[:0], f, ",", wsdissect.AllOccurrences)
		}
	}
	require.NoError(t, d.Close())
	return n
}
