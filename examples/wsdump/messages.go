package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/wsframe"
)

// messageLine is one line of --messages output. Keys that do not apply are
// left out.
type messageLine struct {
	Frame       uint64   `json:"frame"`
	Stream      uint64   `json:"stream"`
	From        string   `json:"from"`
	Opcode      any      `json:"opcode"`
	Frames      []uint64 `json:"frames"`
	Compressed  bool     `json:"compressed,omitempty"`
	Length      int      `json:"length"`
	SHA256      string   `json:"sha256"`
	Data        string   `json:"data,omitempty"`
	CloseCode   *int     `json:"close_code,omitempty"`
	CloseReason string   `json:"close_reason,omitempty"`
	Anomalies   []string `json:"anomalies,omitempty"`
}

// writeMessages prints one JSON line per complete WebSocket message, -Y
// or not, and writes to notes how many bytes of each TLS connection stayed
// encrypted (noteEncrypted).
func writeMessages(w *bufio.Writer, d *wsdissect.Dissector, cfg *config, notes io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var encErr error
	err := each(w, d, cfg, func(rec *wsdissect.Record) bool {
		for _, m := range rec.Messages {
			if encErr == nil {
				encErr = enc.Encode(newMessageLine(m))
			}
		}
		for _, c := range rec.Closed() {
			noteEncrypted(notes, c)
		}
		return len(rec.Messages) > 0
	})
	if err != nil {
		return err
	}
	return encErr
}

func newMessageLine(m *wsdissect.Message) messageLine {
	sum := sha256.Sum256(m.Data)
	l := messageLine{
		Frame:      m.Frame,
		Stream:     m.Stream,
		From:       "server",
		Opcode:     opcodeName(m.Opcode),
		Frames:     m.Frames,
		Compressed: m.Compressed,
		Length:     len(m.Data),
		SHA256:     hex.EncodeToString(sum[:]),
	}
	if m.FromClient {
		l.From = "client"
	}
	if m.Opcode == wsframe.OpText {
		l.Data = validText(m.Data)
	} else if len(m.Data) > 0 {
		l.Data = base64.StdEncoding.EncodeToString(m.Data)
	}
	if m.HasCloseCode {
		c := int(m.CloseCode)
		l.CloseCode = &c
		l.CloseReason = m.CloseReason
	}
	for _, a := range m.Anomalies {
		l.Anomalies = append(l.Anomalies, a.String())
	}
	return l
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
// pong, or the number of a reserved one.
func opcodeName(op wsframe.Opcode) any {
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
	return json.Number(strconv.Itoa(int(op)))
}

// validText replaces invalid UTF-8 with U+FFFD, as tshark shows text.
func validText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
