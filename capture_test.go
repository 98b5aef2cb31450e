package wsdissect_test

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"
)

// This file builds captures in memory for the tests: pcap and pcapng files
// of Ethernet/IPv4/TCP segments with correct lengths and checksums left at
// zero (nothing checks them), TCP connections that keep their own sequence
// numbers, HTTP Upgrade heads and WebSocket frames. Everything is
// deterministic: timestamps advance by one millisecond per packet.

// TCP flag bits as they sit in the header's flags byte.
const (
	flagFIN = 0x01
	flagSYN = 0x02
	flagRST = 0x04
	flagPSH = 0x08
	flagACK = 0x10
)

// capture is a pcap (or pcapng) file being written in memory.
type capture struct {
	buf    []byte
	ng     bool
	ts     time.Time
	frames int
}

// newPcap starts a little-endian microsecond pcap file of Ethernet frames.
func newPcap() *capture {
	c := &capture{ts: time.Unix(1700000000, 0)}
	le := binary.LittleEndian
	c.buf = le.AppendUint32(c.buf, 0xa1b2c3d4)
	c.buf = le.AppendUint16(c.buf, 2)
	c.buf = le.AppendUint16(c.buf, 4)
	c.buf = le.AppendUint64(c.buf, 0) // thiszone, sigfigs
	c.buf = le.AppendUint32(c.buf, 262144)
	c.buf = le.AppendUint32(c.buf, 1) // LINKTYPE_ETHERNET
	return c
}

// newPcapng starts a little-endian pcapng file with one Ethernet interface.
func newPcapng() *capture {
	c := &capture{ts: time.Unix(1700000000, 0), ng: true}
	le := binary.LittleEndian
	shb := le.AppendUint32(nil, 0x1a2b3c4d)
	shb = le.AppendUint16(shb, 1)
	shb = le.AppendUint16(shb, 0)
	shb = le.AppendUint64(shb, ^uint64(0))
	c.block(0x0a0d0d0a, shb)
	idb := le.AppendUint16(nil, 1) // LINKTYPE_ETHERNET
	idb = le.AppendUint16(idb, 0)
	idb = le.AppendUint32(idb, 262144)
	c.block(1, idb)
	return c
}

// block appends one pcapng block with its body padded to 32 bits.
func (c *capture) block(typ uint32, body []byte) {
	le := binary.LittleEndian
	pad := (4 - len(body)%4) % 4
	n := uint32(12 + len(body) + pad)
	c.buf = le.AppendUint32(c.buf, typ)
	c.buf = le.AppendUint32(c.buf, n)
	c.buf = append(c.buf, body...)
	c.buf = append(c.buf, make([]byte, pad)...)
	c.buf = le.AppendUint32(c.buf, n)
}

// packet appends one record holding the first snap bytes of data (all of
// them when snap <= 0 or larger than data); frame.len is len(data).
func (c *capture) packet(data []byte, snap int) {
	c.ts = c.ts.Add(time.Millisecond)
	c.frames++
	captured := data
	if snap > 0 && snap < len(data) {
		captured = data[:snap]
	}
	le := binary.LittleEndian
	if c.ng {
		us := uint64(c.ts.UnixMicro())
		body := le.AppendUint32(nil, 0)
		body = le.AppendUint32(body, uint32(us>>32))
		body = le.AppendUint32(body, uint32(us))
		body = le.AppendUint32(body, uint32(len(captured)))
		body = le.AppendUint32(body, uint32(len(data)))
		c.block(6, append(body, captured...))
		return
	}
	c.buf = le.AppendUint32(c.buf, uint32(c.ts.Unix()))
	c.buf = le.AppendUint32(c.buf, uint32(c.ts.Nanosecond()/1000))
	c.buf = le.AppendUint32(c.buf, uint32(len(captured)))
	c.buf = le.AppendUint32(c.buf, uint32(len(data)))
	c.buf = append(c.buf, captured...)
}

// bytes returns the file written so far.
func (c *capture) bytes() []byte { return c.buf }

// tcpPacket encodes an Ethernet/IPv4/TCP packet.
func tcpPacket(src, dst netip.AddrPort, seq, ack uint32, flags byte, payload []byte) []byte {
	b := make([]byte, 0, 54+len(payload))
	b = append(b, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00) // Ethernet
	ipLen := 20 + 20 + len(payload)
	s, d := src.Addr().As4(), dst.Addr().As4()
	b = append(b, 0x45, 0, byte(ipLen>>8), byte(ipLen), 0, 0, 0x40, 0, 64, 6, 0, 0)
	b = append(b, s[:]...)
	b = append(b, d[:]...)
	b = binary.BigEndian.AppendUint16(b, src.Port())
	b = binary.BigEndian.AppendUint16(b, dst.Port())
	b = binary.BigEndian.AppendUint32(b, seq)
	b = binary.BigEndian.AppendUint32(b, ack)
	b = append(b, 5<<4, flags, 0xff, 0xff, 0, 0, 0, 0) // offset, flags, window, checksum, urgent
	return append(b, payload...)
}

// tcpConn is one TCP connection in a capture; it keeps each side's next
// sequence number. Side 0 is the client.
type tcpConn struct {
	c    *capture
	ends [2]netip.AddrPort
	next [2]uint32
	snap int // snap length of the records written, 0 for whole packets
}

// conn starts a connection from client to server ("10.0.0.1:40000").
func (c *capture) conn(client, server string) *tcpConn {
	return &tcpConn{
		c:    c,
		ends: [2]netip.AddrPort{netip.MustParseAddrPort(client), netip.MustParseAddrPort(server)},
		next: [2]uint32{1000, 5000},
	}
}

func side(fromClient bool) int {
	if fromClient {
		return 0
	}
	return 1
}

// raw writes one segment with an explicit sequence number; it does not
// move the side's next sequence number.
func (t *tcpConn) raw(fromClient bool, seq uint32, flags byte, payload []byte) {
	s := side(fromClient)
	t.c.packet(tcpPacket(t.ends[s], t.ends[1-s], seq, t.next[1-s], flags, payload), t.snap)
}

// handshake writes SYN, SYN-ACK and ACK.
func (t *tcpConn) handshake() {
	t.raw(true, t.next[0], flagSYN, nil)
	t.next[0]++
	t.raw(false, t.next[1], flagSYN|flagACK, nil)
	t.next[1]++
	t.raw(true, t.next[0], flagACK, nil)
}

// send writes payload from one side in segments of at most mss bytes
// (all in one when mss <= 0).
func (t *tcpConn) send(fromClient bool, payload []byte, mss int) {
	s := side(fromClient)
	for len(payload) > 0 {
		n := len(payload)
		if mss > 0 && n > mss {
			n = mss
		}
		t.raw(fromClient, t.next[s], flagPSH|flagACK, payload[:n])
		t.next[s] += uint32(n)
		payload = payload[n:]
	}
}

// skip moves a side's sequence number on as if n bytes were sent but not
// captured.
func (t *tcpConn) skip(fromClient bool, n int) { t.next[side(fromClient)] += uint32(n) }

// close writes FIN from the client, FIN-ACK from the server and the last ACK.
func (t *tcpConn) close() {
	t.raw(true, t.next[0], flagFIN|flagACK, nil)
	t.next[0]++
	t.raw(false, t.next[1], flagFIN|flagACK, nil)
	t.next[1]++
	t.raw(true, t.next[0], flagACK, nil)
}

// testKey is the Sec-WebSocket-Key of every handshake the builder writes.
const testKey = "dGhlIHNhbXBsZSBub25jZQ=="

// upgradeRequest is an HTTP Upgrade request head.
func upgradeRequest(ext string) []byte {
	h := "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + testKey + "\r\nSec-WebSocket-Version: 13\r\n"
	if ext != "" {
		h += "Sec-WebSocket-Extensions: " + ext + "\r\n"
	}
	return []byte(h + "\r\n")
}

// upgradeResponse is the 101 answer to upgradeRequest.
func upgradeResponse(ext string) []byte {
	sum := sha1.Sum([]byte(testKey + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	h := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + base64.StdEncoding.EncodeToString(sum[:]) + "\r\n"
	if ext != "" {
		h += "Sec-WebSocket-Extensions: " + ext + "\r\n"
	}
	return []byte(h + "\r\n")
}

// upgrade writes the handshake, the Upgrade request and its 101 answer.
func (t *tcpConn) upgrade(ext string) {
	t.handshake()
	t.send(true, upgradeRequest(ext), 0)
	t.send(false, upgradeResponse(ext), 0)
}

// wsFrame describes one WebSocket frame to encode.
type wsFrame struct {
	fin     bool
	rsv     byte // RSV bits in websocket.rsv's layout: 0x4 is RSV1
	op      byte
	masked  bool
	key     [4]byte
	payload []byte // sent as is: masked by encode when masked is set
	// lenBits forces the length encoding: 7, 16 or 64 (0: the shortest).
	lenBits int
	// length, when set, is the length the header claims instead of
	// len(payload).
	length uint64
}

// encode appends the frame to dst.
func (f wsFrame) encode(dst []byte) []byte {
	b0 := f.op&0x0f | f.rsv<<4
	if f.fin {
		b0 |= 0x80
	}
	n := uint64(len(f.payload))
	if f.length != 0 {
		n = f.length
	}
	bits := f.lenBits
	if bits == 0 {
		switch {
		case n < 126:
			bits = 7
		case n <= 0xffff:
			bits = 16
		default:
			bits = 64
		}
	}
	var m byte
	if f.masked {
		m = 0x80
	}
	dst = append(dst, b0)
	switch bits {
	case 7:
		dst = append(dst, m|byte(n))
	case 16:
		dst = binary.BigEndian.AppendUint16(append(dst, m|126), uint16(n))
	case 64:
		dst = binary.BigEndian.AppendUint64(append(dst, m|127), n)
	default:
		panic(fmt.Sprint("lenBits ", bits))
	}
	if !f.masked {
		return append(dst, f.payload...)
	}
	dst = append(dst, f.key[:]...)
	for i, c := range f.payload {
		dst = append(dst, c^f.key[i%4])
	}
	return dst
}

// clientFrame is a final, masked client frame.
func clientFrame(op byte, payload []byte) wsFrame {
	return wsFrame{fin: true, op: op, masked: true, key: [4]byte{1, 2, 3, 4}, payload: payload}
}

// serverFrame is a final, unmasked server frame.
func serverFrame(op byte, payload []byte) wsFrame {
	return wsFrame{fin: true, op: op, payload: payload}
}

// frames encodes several frames back to back.
func frames(fs ...wsFrame) []byte {
	var b []byte
	for _, f := range fs {
		b = f.encode(b)
	}
	return b
}
