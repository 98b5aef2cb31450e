// Command tlscaps makes the wss:// conversations of testdata/tls's
// tlscap-* captures: a WebSocket server and client written by hand over
// crypto/tls on 127.0.0.1, so that each TLS case (a cipher suite, a
// HelloRetryRequest, a resumed session, a KeyUpdate) is a real
// conversation. Run it while tcpdump listens (scripts/tls-captures.sh does
// both). It writes the server's key log (-keys) and the server's record of
// every WebSocket message it received and sent (-truth, the
// X.messages.jsonl format: stream, from, opcode, length, sha256).
//
// In -sclient mode the client is `openssl s_client`, driven through its
// standard input: a line "K" (or "k") makes it send a TLS 1.3 KeyUpdate
// that requests (or does not request) one back, which crypto/tls answers
// but cannot start.
package main

import (
	"bufio"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// WebSocket opcodes (RFC 6455 §5.2).
const (
	opText   = 1
	opBinary = 2
	opClose  = 8
	opPing   = 9
	opPong   = 10
)

var opNames = map[byte]string{opText: "text", opBinary: "binary", opClose: "close", opPing: "ping", opPong: "pong"}

const wsGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

func main() {
	port := flag.Int("port", 8443, "TCP port on 127.0.0.1")
	suite := flag.String("suite", "", "TLS 1.2 cipher suite name (crypto/tls's); implies -tls12")
	tls12 := flag.Bool("tls12", false, "TLS 1.2 at most")
	hrr := flag.Bool("hrr", false, "server accepts only P-256, client offers an X25519 key share first: HelloRetryRequest")
	conns := flag.Int("conns", 1, "connections one after the other; the client keeps a session cache, so the later ones resume")
	sclient := flag.Bool("sclient", false, "the client is openssl s_client, which sends KeyUpdates")
	keys := flag.String("keys", "", "key log the server writes")
	truth := flag.String("truth", "", "messages.jsonl the server writes")
	flag.Parse()

	cert := selfSigned()
	var keyLog io.Writer = io.Discard
	if *keys != "" && !*sclient { // s_client writes its own
		f, err := os.Create(*keys)
		check(err)
		defer f.Close()
		keyLog = &onceWriter{w: f, seen: map[string]bool{}}
	}
	var out io.Writer = io.Discard
	if *truth != "" {
		f, err := os.Create(*truth)
		check(err)
		defer f.Close()
		out = f
	}
	srvCfg := &tls.Config{Certificates: []tls.Certificate{cert}, KeyLogWriter: keyLog}
	cliCfg := &tls.Config{InsecureSkipVerify: true, ServerName: "localhost", ClientSessionCache: tls.NewLRUClientSessionCache(4),
		KeyLogWriter: keyLog} // crypto/tls's server logs no secret of a resumed TLS 1.2 session
	if *suite != "" || *tls12 {
		srvCfg.MaxVersion, cliCfg.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
	}
	if *suite != "" {
		id := suiteID(*suite)
		srvCfg.CipherSuites, cliCfg.CipherSuites = []uint16{id}, []uint16{id}
	}
	if *hrr {
		srvCfg.CurvePreferences = []tls.CurveID{tls.CurveP256}
		cliCfg.CurvePreferences = []tls.CurveID{tls.X25519, tls.CurveP256}
	}
	ln, err := tls.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port), srvCfg)
	check(err)
	record := &truthLog{w: out}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range *conns {
			c, err := ln.Accept()
			check(err)
			serve(c, i, record)
		}
	}()
	addr := ln.Addr().String()
	for i := range *conns {
		if *sclient {
			runSClient(addr, i, *tls12, *keys)
		} else {
			runClient(addr, cliCfg, i)
		}
		time.Sleep(100 * time.Millisecond)
	}
	<-done
	ln.Close()
}

// onceWriter writes each key log line once: both sides log the same secrets.
type onceWriter struct {
	mu   sync.Mutex
	w    io.Writer
	seen map[string]bool
}

func (o *onceWriter) Write(b []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.seen[string(b)] {
		return len(b), nil
	}
	o.seen[string(b)] = true
	return o.w.Write(b)
}

// truthLog writes the server's record of each message, one JSON line each.
type truthLog struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *truthLog) add(stream int, fromClient bool, op byte, payload []byte) {
	from := "server"
	if fromClient {
		from = "client"
	}
	sum := sha256.Sum256(payload)
	b, err := json.Marshal(struct {
		Stream int    `json:"stream"`
		From   string `json:"from"`
		Opcode string `json:"opcode"`
		Length int    `json:"length"`
		SHA256 string `json:"sha256"`
	}{stream, from, opNames[op], len(payload), hex.EncodeToString(sum[:])})
	check(err)
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err = l.w.Write(append(b, '\n'))
	check(err)
}

// serve answers one connection: the upgrade, a welcome text, an echo of
// each data message, a pong to each ping, a server ping, the close.
func serve(c net.Conn, stream int, record *truthLog) {
	defer c.Close()
	br := bufio.NewReader(c)
	var key string
	for {
		line, err := br.ReadString('\n')
		check(err)
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "Sec-WebSocket-Key") {
			key = strings.TrimSpace(v)
		}
	}
	sum := sha1.Sum([]byte(key + wsGUID))
	_, err := fmt.Fprintf(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
		base64.StdEncoding.EncodeToString(sum[:]))
	check(err)
	send := func(op byte, p []byte) {
		check(writeFrame(c, op, p, false))
		record.add(stream, false, op, p)
	}
	send(opText, []byte(fmt.Sprintf("welcome, connection %d", stream)))
	pinged := false
	for {
		op, p, err := readFrame(br)
		if errors.Is(err, io.EOF) {
			return
		}
		check(err)
		record.add(stream, true, op, p)
		switch op {
		case opText, opBinary:
			send(op, p)
			if !pinged {
				pinged = true
				send(opPing, []byte("server ping"))
			}
		case opPing:
			send(opPong, p)
		case opClose:
			send(opClose, p)
			return
		}
	}
}

// runClient talks to the server over crypto/tls: the upgrade, then text,
// binary, a ping and a close.
func runClient(addr string, cfg *tls.Config, stream int) {
	c, err := tls.Dial("tcp", addr, cfg)
	check(err)
	defer c.Close()
	br := bufio.NewReader(c)
	_, err = io.WriteString(c, upgradeRequest(addr))
	check(err)
	readResponse(br)
	reply := func() {
		for {
			op, p, err := readFrame(br)
			check(err)
			if op == opPing {
				check(writeFrame(c, opPong, p, true))
				continue
			}
			return
		}
	}
	reply() // welcome
	for _, m := range conversation(stream) {
		time.Sleep(20 * time.Millisecond)
		check(writeFrame(c, m.op, m.p, true))
		reply()
	}
	c.Close()
}

type message struct {
	op byte
	p  []byte
}

// conversation is what a client says on connection stream; the server
// echoes each message.
func conversation(stream int) []message {
	bin := make([]byte, 300)
	for i := range bin {
		bin[i] = byte(i*31 + stream)
	}
	return []message{
		{opText, []byte(fmt.Sprintf("hello from the client, connection %d", stream))},
		{opBinary, bin},
		{opPing, []byte("client ping")},
		{opText, []byte(strings.Repeat("a longer text message; ", 60))},
		{opClose, append([]byte{0x03, 0xe8}, "bye"...)},
	}
}

// runSClient drives openssl s_client through the same conversation. In
// TLS 1.3, a KeyUpdate that requests one back goes before the binary
// message and one that does not before the long text. The connections
// after the first resume the first one's session (-sess_in), which
// s_client, unlike crypto/tls, logs in TLS 1.2 too.
func runSClient(addr string, stream int, tls12 bool, keys string) {
	args := []string{"s_client", "-connect", addr, "-servername", "localhost", "-tls1_3"}
	if tls12 {
		args[len(args)-1] = "-tls1_2"
	}
	if keys != "" {
		args = append(args, "-keylogfile", keys)
	}
	sess := keys + ".session"
	if stream == 0 {
		args = append(args, "-sess_out", sess)
	} else {
		args = append(args, "-sess_in", sess)
	}
	cmd := exec.Command("openssl", args...)
	in, err := cmd.StdinPipe()
	check(err)
	stdout, err := cmd.StdoutPipe()
	check(err)
	cmd.Stderr = os.Stderr
	check(cmd.Start())
	go io.Copy(io.Discard, stdout)
	pause := func() { time.Sleep(300 * time.Millisecond) }
	pause()
	_, err = io.WriteString(in, upgradeRequest(addr))
	check(err)
	for i, m := range conversation(stream) {
		pause()
		switch {
		case tls12:
		case i == 1:
			_, err = io.WriteString(in, "K\n")
		case i == 3:
			_, err = io.WriteString(in, "k\n")
		}
		check(err)
		pause()
		check(writeFrame(in, m.op, m.p, true))
	}
	pause()
	in.Close()
	cmd.Wait()
}

func upgradeRequest(addr string) string {
	var k [16]byte
	rand.Read(k[:])
	return "GET /chat HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + base64.StdEncoding.EncodeToString(k[:]) + "\r\nSec-WebSocket-Version: 13\r\n\r\n"
}

func readResponse(br *bufio.Reader) {
	for {
		line, err := br.ReadString('\n')
		check(err)
		if line == "\r\n" {
			return
		}
	}
}

// writeFrame writes one unfragmented frame, masked when from the client.
func writeFrame(w io.Writer, op byte, p []byte, mask bool) error {
	b := []byte{0x80 | op}
	m := byte(0)
	if mask {
		m = 0x80
	}
	switch n := len(p); {
	case n < 126:
		b = append(b, m|byte(n))
	case n < 1<<16:
		b = binary.BigEndian.AppendUint16(append(b, m|126), uint16(n))
	default:
		b = binary.BigEndian.AppendUint64(append(b, m|127), uint64(n))
	}
	if mask {
		var k [4]byte
		rand.Read(k[:])
		b = append(b, k[:]...)
		for i, c := range p {
			b = append(b, c^k[i%4])
		}
	} else {
		b = append(b, p...)
	}
	_, err := w.Write(b)
	return err
}

// readFrame reads one unfragmented frame and unmasks it.
func readFrame(r *bufio.Reader) (byte, []byte, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var x [2]byte
		if _, err := io.ReadFull(r, x[:]); err != nil {
			return 0, nil, err
		}
		n = uint64(binary.BigEndian.Uint16(x[:]))
	case 127:
		var x [8]byte
		if _, err := io.ReadFull(r, x[:]); err != nil {
			return 0, nil, err
		}
		n = binary.BigEndian.Uint64(x[:])
	}
	var k [4]byte
	masked := h[1]&0x80 != 0
	if masked {
		if _, err := io.ReadFull(r, k[:]); err != nil {
			return 0, nil, err
		}
	}
	if n > 1<<20 {
		return 0, nil, errors.New("frame too long")
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(r, p); err != nil {
		return 0, nil, err
	}
	if masked {
		for i := range p {
			p[i] ^= k[i%4]
		}
	}
	return h[0] & 0x0f, p, nil
}

func suiteID(name string) uint16 {
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		if s.Name == name {
			return s.ID
		}
	}
	log.Fatalf("no cipher suite %s", name)
	return 0
}

// selfSigned makes a throwaway RSA-2048 certificate for localhost.
func selfSigned() tls.Certificate {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	check(err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	check(err)
	cert, err := tls.X509KeyPair(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	check(err)
	return cert
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
