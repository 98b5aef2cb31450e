// Command heartbeat runs a WebSocket client and server on loopback with a
// fixed schedule, for a capture whose heartbeats and close are known:
//
//   - the client sends the text "1" every 200 ms, 6 times; the server
//     answers each with "2" after 20 ms;
//   - the client sends a ping ("p") every 300 ms, 3 times, between them;
//     the server answers each with its pong at once;
//   - then the client sends Close 1000 "bye", the server answers Close
//     1000 "bye" 50 ms later and closes the TCP connection first.
//
// With -reset, the schedule is the server's instead: the server pings
// every 250 ms, 4 times, and sends the text "tick" every 150 ms, 5 times,
// which the client answers "tock" after 10 ms; then the server sends Close
// 1001 "going away", and the client, without answering it, resets the
// connection 30 ms later.
//
// Record it with: tcpdump -i lo -w heartbeat.pcap port 18765 & go run . ; kill %1
package main

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"
)

const addr = "127.0.0.1:18765"

func frame(op byte, payload []byte, mask bool) []byte {
	b := []byte{0x80 | op}
	if mask {
		b = append(b, 0x80|byte(len(payload)))
		key := []byte{0x11, 0x22, 0x33, 0x44}
		b = append(b, key...)
		for i, c := range payload {
			b = append(b, c^key[i%4])
		}
		return b
	}
	return append(append(b, byte(len(payload))), payload...)
}

// readFrame reads one small frame: opcode and unmasked payload.
func readFrame(r *bufio.Reader) (byte, []byte, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := int(h[1] & 0x7f)
	var key [4]byte
	if h[1]&0x80 != 0 {
		io.ReadFull(r, key[:])
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(r, p); err != nil {
		return 0, nil, err
	}
	if h[1]&0x80 != 0 {
		for i := range p {
			p[i] ^= key[i%4]
		}
	}
	return h[0] & 0xf, p, nil
}

func server(l net.Listener, done *sync.WaitGroup) {
	defer done.Done()
	c, err := l.Accept()
	if err != nil {
		panic(err)
	}
	r := bufio.NewReader(c)
	req, err := http.ReadRequest(r)
	if err != nil {
		panic(err)
	}
	h := sha1.Sum([]byte(req.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	fmt.Fprintf(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
		base64.StdEncoding.EncodeToString(h[:]))
	var mu sync.Mutex
	write := func(b []byte) { mu.Lock(); c.Write(b); mu.Unlock() }
	for {
		op, p, err := readFrame(r)
		if err != nil {
			panic(err)
		}
		switch op {
		case 1:
			go func() { time.Sleep(20 * time.Millisecond); write(frame(1, []byte("2"), false)) }()
		case 9:
			write(frame(10, p, false))
		case 8:
			time.Sleep(50 * time.Millisecond)
			write(frame(8, p, false))
			time.Sleep(10 * time.Millisecond)
			c.Close()
			return
		}
	}
}

func main() {
	reset := flag.Bool("reset", false, "the server's schedule, ended by the client's reset")
	flag.Parse()
	if *reset {
		serverSchedule()
		return
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		panic(err)
	}
	var done sync.WaitGroup
	done.Add(1)
	go server(l, &done)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		panic(err)
	}
	fmt.Fprintf(c, "GET /beat HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", addr)
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil || resp.StatusCode != 101 {
		panic(fmt.Sprint(resp, err))
	}
	go func() {
		for {
			if _, _, err := readFrame(r); err != nil {
				return
			}
		}
	}()
	var mu sync.Mutex
	write := func(b []byte) { mu.Lock(); c.Write(b); mu.Unlock() }
	start := time.Now()
	var beats sync.WaitGroup
	beats.Add(2)
	go func() {
		defer beats.Done()
		for i := range 6 {
			time.Sleep(time.Until(start.Add(time.Duration(i+1) * 200 * time.Millisecond)))
			write(frame(1, []byte("1"), true))
		}
	}()
	go func() {
		defer beats.Done()
		for i := range 3 {
			time.Sleep(time.Until(start.Add(time.Duration(i)*300*time.Millisecond + 350*time.Millisecond)))
			write(frame(9, []byte("p"), true))
		}
	}()
	beats.Wait()
	time.Sleep(100 * time.Millisecond)
	write(frame(8, append([]byte{0x03, 0xe8}, "bye"...), true))
	done.Wait()
	time.Sleep(20 * time.Millisecond)
	c.Close()
	time.Sleep(50 * time.Millisecond)
	os.Exit(0)
}

// serverSchedule is the -reset schedule.
func serverSchedule() {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		panic(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := l.Accept()
		if err != nil {
			panic(err)
		}
		r := bufio.NewReader(c)
		req, err := http.ReadRequest(r)
		if err != nil {
			panic(err)
		}
		h := sha1.Sum([]byte(req.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		fmt.Fprintf(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: beat.v1\r\nSec-WebSocket-Accept: %s\r\n\r\n",
			base64.StdEncoding.EncodeToString(h[:]))
		var mu sync.Mutex
		write := func(b []byte) { mu.Lock(); c.Write(b); mu.Unlock() }
		go func() {
			for {
				if _, _, err := readFrame(r); err != nil {
					return
				}
			}
		}()
		start := time.Now()
		var beats sync.WaitGroup
		beats.Add(2)
		go func() {
			defer beats.Done()
			for i := range 4 {
				time.Sleep(time.Until(start.Add(time.Duration(i+1) * 250 * time.Millisecond)))
				write(frame(9, []byte("hb"), false))
			}
		}()
		go func() {
			defer beats.Done()
			for i := range 5 {
				time.Sleep(time.Until(start.Add(time.Duration(i+1)*150*time.Millisecond + 40*time.Millisecond)))
				write(frame(1, []byte("tick"), false))
			}
		}()
		beats.Wait()
		time.Sleep(100 * time.Millisecond)
		write(frame(8, append([]byte{0x03, 0xe9}, "going away"...), false))
		io.Copy(io.Discard, c)
	}()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		panic(err)
	}
	fmt.Fprintf(c, "GET /srv HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: beat.v1\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", addr)
	r := bufio.NewReader(c)
	if resp, err := http.ReadResponse(r, nil); err != nil || resp.StatusCode != 101 {
		panic(fmt.Sprint(resp, err))
	}
	for {
		op, p, err := readFrame(r)
		if err != nil {
			panic(err)
		}
		switch op {
		case 1:
			go func() { time.Sleep(10 * time.Millisecond); c.Write(frame(1, []byte("tock"), true)) }()
		case 9:
			c.Write(frame(10, p, true))
		case 8:
			time.Sleep(30 * time.Millisecond)
			c.(*net.TCPConn).SetLinger(0) // close with a reset
			c.Close()
			<-done
			time.Sleep(50 * time.Millisecond)
			os.Exit(0)
		}
	}
}
