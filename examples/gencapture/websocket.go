package main

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"strconv"
)

// WebSocket opcodes (RFC 6455 §5.2).
const (
	opContinuation = 0x0
	opText         = 0x1
	opBinary       = 0x2
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xa
)

// acceptKey returns the Sec-WebSocket-Accept value answering key (RFC 6455 §4.2.2).
func acceptKey(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// appendFrame appends one WebSocket frame to dst. The payload length takes
// the shortest of the 7-, 16- and 64-bit forms; a client frame (masked) is
// masked with key.
func appendFrame(dst []byte, fin, rsv1 bool, op byte, payload []byte, masked bool, key uint32) []byte {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	if rsv1 {
		b0 |= 0x40
	}
	var m byte
	if masked {
		m = 0x80
	}
	switch n := len(payload); {
	case n < 126:
		dst = append(dst, b0, m|byte(n))
	case n <= 0xffff:
		dst = append(dst, b0, m|126, byte(n>>8), byte(n))
	default:
		dst = append(dst, b0, m|127)
		dst = binary.BigEndian.AppendUint64(dst, uint64(n))
	}
	if !masked {
		return append(dst, payload...)
	}
	var k [4]byte
	binary.BigEndian.PutUint32(k[:], key)
	dst = append(dst, k[:]...)
	start := len(dst)
	dst = append(dst, payload...)
	mask(dst[start:], k)
	return dst
}

// mask XORs b with the masking key, eight bytes at a time.
func mask(b []byte, k [4]byte) {
	k32 := binary.LittleEndian.Uint32(k[:])
	k64 := uint64(k32) | uint64(k32)<<32
	i := 0
	for ; i+8 <= len(b); i += 8 {
		binary.LittleEndian.PutUint64(b[i:], binary.LittleEndian.Uint64(b[i:])^k64)
	}
	for ; i < len(b); i++ {
		b[i] ^= k[i&3]
	}
}

// closePayload is the body of a Close frame: the status code and a reason.
func closePayload(code uint16, reason string) []byte {
	return append(binary.BigEndian.AppendUint16(nil, code), reason...)
}

// userAgents are the clients the generator pretends to be.
var userAgents = [...]string{
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
	"Go-http-client/1.1",
	"Python/3.11 websockets/12.0",
}

// upgradeRequest returns the client's HTTP Upgrade request. offerDeflate
// adds a permessage-deflate offer.
func (c *conn) upgradeRequest(key string, offerDeflate bool) []byte {
	ua := c.rng.IntN(len(userAgents))
	b := []byte("GET /stream?v=2&session=")
	b = strconv.AppendUint(b, c.rng.Uint64()>>20, 36)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, c.host...)
	b = append(b, "\r\nUser-Agent: "...)
	b = append(b, userAgents[ua]...)
	b = append(b, "\r\nUpgrade: websocket\r\n"...)
	if ua == 1 {
		b = append(b, "Connection: keep-alive, Upgrade\r\n"...)
	} else {
		b = append(b, "Connection: Upgrade\r\n"...)
	}
	b = append(b, "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "...)
	b = append(b, key...)
	b = append(b, "\r\nOrigin: https://app.example.test\r\n"...)
	if offerDeflate {
		b = append(b, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"...)
	}
	return append(b, "\r\n"...)
}

// upgradeResponse returns the server's 101 answer to key. When the
// connection uses permessage-deflate it accepts the offer, with or without
// context takeover. Both no_context_takeover parameters are always set
// together: tshark 4.0 swaps the two directions' parameters.
func (c *conn) upgradeResponse(key string) []byte {
	b := []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ")
	b = append(b, acceptKey(key)...)
	b = append(b, "\r\n"...)
	switch {
	case c.deflate && c.noContext:
		b = append(b, "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n"...)
	case c.deflate:
		b = append(b, "Sec-WebSocket-Extensions: permessage-deflate\r\n"...)
	}
	return append(b, "\r\n"...)
}

// Words the JSON messages are made of.
var (
	symbols = [...]string{"EURUSD", "GBPUSD", "USDJPY", "BTCUSD", "ETHUSD", "AAPL", "MSFT", "NVDA", "XAUUSD", "SPX"}
	users   = [...]string{"alice", "bob", "chloé", "dmitri", "eve", "fatima", "günter", "hiro"}
	phrases = [...]string{
		"hello", "are you there?", "see the latest chart", "price looks good ✓",
		"let's meet at 3pm", "ok", "thanks!", "café at the corner?", "shipping now", "¿qué tal?",
	}
)

// appendTick appends a small server JSON update: a market tick.
func (c *conn) appendTick(b []byte) []byte {
	c.seq++
	b = append(b, `{"type":"tick","seq":`...)
	b = strconv.AppendInt(b, c.seq, 10)
	b = append(b, `,"symbol":"`...)
	b = append(b, symbols[c.rng.IntN(len(symbols))]...)
	b = append(b, `","bid":`...)
	bid := 1 + c.rng.Float64()*1000
	b = strconv.AppendFloat(b, bid, 'f', 5, 64)
	b = append(b, `,"ask":`...)
	b = strconv.AppendFloat(b, bid*1.0002, 'f', 5, 64)
	b = append(b, `,"ts":`...)
	b = strconv.AppendInt(b, c.t/1000, 10)
	return append(b, '}')
}

// appendChat appends a small client JSON request: a chat line.
func (c *conn) appendChat(b []byte) []byte {
	c.seq++
	b = append(b, `{"type":"chat","id":`...)
	b = strconv.AppendInt(b, c.seq, 10)
	b = append(b, `,"user":"`...)
	b = append(b, users[c.rng.IntN(len(users))]...)
	b = append(b, `","text":"`...)
	b = append(b, phrases[c.rng.IntN(len(phrases))]...)
	return append(b, `"}`...)
}

// appendAck appends the server's JSON acknowledgement of request id.
func appendAck(b []byte, id int64, n int) []byte {
	b = append(b, `{"type":"ack","id":`...)
	b = strconv.AppendInt(b, id, 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, `,"ok":true}`...)
}

// appendSnapshot appends a JSON array of ticks of about n bytes: a medium
// text message that spans several segments and compresses well.
func (c *conn) appendSnapshot(b []byte, n int) []byte {
	start := len(b)
	b = append(b, `{"type":"snapshot","ticks":[`...)
	for len(b)-start < n {
		b = c.appendTick(b)
		b = append(b, ',')
	}
	b[len(b)-1] = ']'
	return append(b, '}')
}

// appendBlob appends n bytes of binary data. On a connection that
// compresses, the data is a run of sensor records that deflate shrinks a
// few times; elsewhere it is random.
func (c *conn) appendBlob(b []byte, n int) []byte {
	start := len(b)
	if !c.deflate {
		for len(b)-start < n {
			b = binary.LittleEndian.AppendUint64(b, c.rng.Uint64())
		}
		return b[:start+n]
	}
	var sensor, value uint32
	for len(b)-start < n {
		sensor = (sensor + 1) % 64
		value += uint32(c.rng.IntN(16))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(b)-start))
		b = binary.LittleEndian.AppendUint32(b, sensor)
		b = binary.LittleEndian.AppendUint32(b, value)
		b = binary.LittleEndian.AppendUint32(b, 0x00ff0000|uint32(c.rng.IntN(4)))
	}
	return b[:start+n]
}
