package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/wsframe"
)

// writeMessages prints one JSON line per complete WebSocket message, -Y
// or not, and writes to notes how many bytes of each TLS connection stayed
// encrypted (noteEncrypted).
//
// A line holds the keys frame, stream, from, opcode, frames, compressed
// (when set), length, sha256, data (when not empty: the text, with invalid
// UTF-8 shown as U+FFFD as tshark shows text, or the base64 of a binary
// payload), close_code and close_reason (when the Close message has a code)
// and anomalies (when there are any), as encoding/json would encode them
// with SetEscapeHTML(false). The payload is written as it is encoded, a
// piece at a time: a 4 MB message costs no copy of its text or base64.
func writeMessages(w *bufio.Writer, d *wsdissect.Dissector, cfg *config, notes io.Writer) error {
	var mw messageWriter
	err := each(w, d, cfg, func(rec *wsdissect.Record) bool {
		for _, m := range rec.Messages {
			mw.write(w, m)
		}
		for _, c := range rec.Closed() {
			noteEncrypted(notes, c)
		}
		return len(rec.Messages) > 0
	})
	if err != nil {
		return err
	}
	return mw.err
}

// messageWriter writes the lines of --messages; buf is its scratch.
type messageWriter struct {
	buf []byte
	err error
}

// messageChunk is how many payload bytes are encoded at a time: a multiple
// of 3, so that base64 needs no padding before the last piece.
const messageChunk = 3 * 4096

// write prints the line of one message.
func (mw *messageWriter) write(w *bufio.Writer, m *wsdissect.Message) {
	if mw.err != nil {
		return
	}
	sum := sha256.Sum256(m.Data)
	b := mw.buf[:0]
	b = append(b, `{"frame":`...)
	b = strconv.AppendUint(b, m.Frame, 10)
	b = append(b, `,"stream":`...)
	b = strconv.AppendUint(b, m.Stream, 10)
	if m.FromClient {
		b = append(b, `,"from":"client","opcode":`...)
	} else {
		b = append(b, `,"from":"server","opcode":`...)
	}
	if name := opcodeName(m.Opcode); name != "" {
		b = append(append(append(b, '"'), name...), '"')
	} else {
		b = strconv.AppendUint(b, uint64(m.Opcode), 10)
	}
	b = append(b, `,"frames":`...)
	if m.Frames == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, f := range m.Frames {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, f, 10)
		}
		b = append(b, ']')
	}
	if m.Compressed {
		b = append(b, `,"compressed":true`...)
	}
	b = append(b, `,"length":`...)
	b = strconv.AppendInt(b, int64(len(m.Data)), 10)
	b = append(b, `,"sha256":"`...)
	b = hex.AppendEncode(b, sum[:])
	b = append(b, '"')
	if len(m.Data) > 0 {
		b = append(b, `,"data":"`...)
		if m.Opcode == wsframe.OpText {
			b = mw.text(w, b, m.Data)
		} else {
			for p := m.Data; len(p) > 0; {
				n := min(len(p), messageChunk)
				b = base64.StdEncoding.AppendEncode(b, p[:n])
				p = p[n:]
				b = mw.spill(w, b)
			}
		}
		b = append(b, '"')
	}
	if m.HasCloseCode {
		b = append(b, `,"close_code":`...)
		b = strconv.AppendInt(b, int64(m.CloseCode), 10)
		if m.CloseReason != "" {
			b = append(b, `,"close_reason":`...)
			b = appendJSONString(b, m.CloseReason)
		}
	}
	if len(m.Anomalies) > 0 {
		b = append(b, `,"anomalies":[`...)
		for i, a := range m.Anomalies {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, a.String())
		}
		b = append(b, ']')
	}
	b = append(b, "}\n"...)
	mw.buf = mw.flush(w, b)
}

// spill writes b out once it holds a chunk's worth, and returns it emptied
// then.
func (mw *messageWriter) spill(w *bufio.Writer, b []byte) []byte {
	if len(b) < messageChunk {
		return b
	}
	return mw.flush(w, b)
}

// flush writes b out and returns it emptied.
func (mw *messageWriter) flush(w *bufio.Writer, b []byte) []byte {
	if _, err := w.Write(b); err != nil && mw.err == nil {
		mw.err = err
	}
	return b[:0]
}

// text appends the JSON string contents of a text payload to b, writing
// out as it goes: invalid UTF-8 shows as one U+FFFD per run of invalid
// bytes (strings.ToValidUTF8, as tshark shows text).
func (mw *messageWriter) text(w *bufio.Writer, b, p []byte) []byte {
	invalid := false
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			b = appendJSONByte(b, c)
			i++
			invalid = false
		} else if r, size := utf8.DecodeRune(p[i:]); r == utf8.RuneError && size == 1 {
			if !invalid {
				b = append(b, "\uFFFD"...)
			}
			i++
			invalid = true
		} else {
			b = appendJSONRune(b, r, p[i:i+size])
			i += size
			invalid = false
		}
		b = mw.spill(w, b)
	}
	return b
}

// appendJSONString appends s as encoding/json encodes a string with
// SetEscapeHTML(false); s is valid UTF-8.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			b = appendJSONByte(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = appendJSONRune(b, r, []byte(s[i:i+size]))
		}
		i += size
	}
	return append(b, '"')
}

// appendJSONByte appends an ASCII byte of a JSON string, escaped as
// encoding/json escapes it.
func appendJSONByte(b []byte, c byte) []byte {
	switch {
	case c == '\\' || c == '"':
		return append(b, '\\', c)
	case c >= 0x20:
		return append(b, c)
	case c == '\b':
		return append(b, '\\', 'b')
	case c == '\f':
		return append(b, '\\', 'f')
	case c == '\n':
		return append(b, '\\', 'n')
	case c == '\r':
		return append(b, '\\', 'r')
	case c == '\t':
		return append(b, '\\', 't')
	}
	const hexDigits = "0123456789abcdef"
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// appendJSONRune appends a valid rune of a JSON string, enc its UTF-8:
// encoding/json escapes the line and paragraph separators.
func appendJSONRune(b []byte, r rune, enc []byte) []byte {
	switch r {
	case '\u2028':
		return append(b, `\u2028`...)
	case '\u2029':
		return append(b, `\u2029`...)
	}
	return append(b, enc...)
}

// noteEncrypted says how many bytes of a TLS connection's application
// data stayed encrypted: the messages they hold are missing from the
// output (no secrets for the session, or a capture that began after the
// handshake). It goes to standard error: standard output keeps one
// message a line.
func noteEncrypted(w io.Writer, c *wsdissect.Connection) {
	t := c.TLS
	if t == nil || t.Encrypted[0]+t.Encrypted[1] == 0 {
		return
	}
	fmt.Fprintf(w, "wsdump: tcp.stream %d: %d bytes of TLS application data stayed encrypted (%d from the client, %d from the server): its messages are not listed\n",
		c.Stream, t.Encrypted[0]+t.Encrypted[1], t.Encrypted[0], t.Encrypted[1])
}

// opcodeName names an opcode for --messages: text, binary, close, ping,
// pong, or "" for a reserved one, which is printed as its number.
func opcodeName(op wsframe.Opcode) string {
	switch op {
	case wsframe.OpText:
		return "text"
	case wsframe.OpBinary:
		return "binary"
	case wsframe.OpClose:
		return "close"
	case wsframe.OpPing:
		return "ping"
	case wsframe.OpPong:
		return "pong"
	}
	return ""
}
