package wsframe

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/wsdissect/wsdissect/field"
)

// Default caps of a Config left at zero; wsdissect.Options uses them too.
const (
	DefaultMaxMessageSize      = 64 << 20 // 64 MiB
	DefaultMaxDecompressedSize = 16 << 20 // 16 MiB
)

// shrinkAbove is the buffer capacity an Assembler gives back to the garbage
// collector once the message that needed it is done, so that one big message
// does not pin its memory for the life of the connection.
const shrinkAbove = 1 << 20

// Config describes one direction of a WebSocket connection for an Assembler.
// The zero value is a server-to-client direction without extensions and with
// the default caps.
type Config struct {
	// FromClient is set when the frames of this direction are sent by the
	// client, which must mask them.
	FromClient bool
	// Extensions is the Sec-WebSocket-Extensions value of the 101 answer
	// ("" when none was negotiated).
	Extensions string
	// MaxMessageSize caps a reassembled message, compressed or not
	// (0 = DefaultMaxMessageSize). Bytes beyond it are dropped and reported.
	MaxMessageSize int64
	// MaxDecompressedSize caps one inflated message (0 =
	// DefaultMaxDecompressedSize): a decompression bomb becomes an anomaly
	// and a truncated message, never a huge allocation.
	MaxDecompressedSize int64
	// SkipData is set when the caller needs the structure of data messages
	// but not their bytes (a header-only view): Frame may then be given no
	// payload for data frames, data messages have no Data, nothing is
	// inflated, and the checks that need the bytes (UTF-8, MaxMessageSize,
	// inflation) are not made. Control frames are unaffected.
	SkipData bool
	// Scratch, when set, is where this Assembler inflates, shared with the
	// other Assemblers of the same goroutine so that a connection does not
	// keep inflation space between its messages; the Data of an inflated
	// Message is then valid until any of them is next given a frame. Nil:
	// the Assembler has space of its own.
	Scratch *Scratch
}

// Message is a complete WebSocket message: one control frame, or the frames
// of a data message from its first frame to the one with FIN set.
type Message struct {
	// Opcode is the opcode of the first frame: Text, Binary, Close, Ping,
	// Pong or a reserved one.
	Opcode Opcode
	// Data is the final payload: unmasked, reassembled and decompressed. It
	// may alias the payload passed to Frame.
	Data []byte
	// Compressed is RSV1 of the first frame when permessage-deflate (or
	// x-webkit-deflate-frame) was negotiated (websocket.pmc).
	Compressed bool
	// Frames holds the ids of the frames that formed the message, in order.
	Frames []uint64
	// Length is the sum of the payload lengths of its frames as sent:
	// before inflation when compressed. It is known with SkipData too.
	Length int64
	// CloseCode is the status code of a Close message, valid when
	// HasCloseCode is set (websocket.payload.close.status_code).
	CloseCode CloseCode
	// CloseReason is the reason of a Close message
	// (websocket.payload.close.reason), a sub-slice of Data.
	CloseReason []byte
	// HasCloseCode is set when a Close message carries a status code.
	HasCloseCode bool
	// Reassembled is, for a fragmented message compressed as a whole, its
	// frames' payloads joined before inflation: what Wireshark shows as the
	// "Reassembled Message". Nil for other messages.
	Reassembled []byte
	// Anomalies are the message-level problems: inflate failure, size caps,
	// invalid UTF-8 in a text message or close reason, bad close payload.
	Anomalies []Anomaly
}

// compression is the negotiated compression extension.
type compression uint8

const (
	compressionNone     compression = iota
	compressionMessage              // permessage-deflate
	compressionPerFrame             // x-webkit-deflate-frame
)

// Assembler makes messages out of the frames of one direction of one
// connection. It reassembles fragmented messages, lets control frames pass
// in between (RFC 6455 §5.4), inflates compressed messages and checks the
// protocol rules. It is not safe for concurrent use.
type Assembler struct {
	fromClient     bool
	maxMessage     int64
	maxInflated    int64
	compression    compression
	rsvAllowed     uint8
	noTakeover     bool
	skipData       bool
	scratch        *Scratch  // shared inflation space, or nil
	inflate        *inflater // created on the first compressed message
	open           bool      // a fragmented data message is in progress
	openOpcode     Opcode
	openCompressed bool
	openTruncated  bool
	openInflateErr bool // x-webkit-deflate-frame: a frame failed to inflate
	openCut        int  // offset in buf of the first byte the capture lacks; -1: none
	openLength     int64
	buf            []byte
	frames         []uint64
	anomalies      []Anomaly
	msgAnomalies   []Anomaly // of the message Frame returns
	openAnomalies  []Anomaly // of the open fragmented message, so far
	msg            Message
	oneFrame       [1]uint64
}

// NewAssembler returns an Assembler for the direction cfg describes.
func NewAssembler(cfg Config) *Assembler {
	a := &Assembler{
		fromClient:  cfg.FromClient,
		maxMessage:  cfg.MaxMessageSize,
		maxInflated: cfg.MaxDecompressedSize,
		skipData:    cfg.SkipData,
		scratch:     cfg.Scratch,
		openCut:     -1,
	}
	if a.maxMessage <= 0 {
		a.maxMessage = DefaultMaxMessageSize
	}
	if a.maxInflated <= 0 {
		a.maxInflated = DefaultMaxDecompressedSize
	}
	if p, ok := ParseDeflateParams(cfg.Extensions); ok {
		a.compression = compressionMessage
		if p.PerFrame {
			a.compression = compressionPerFrame
		}
		a.rsvAllowed = 0x4
		a.noTakeover = p.ServerNoContextTakeover
		if cfg.FromClient {
			a.noTakeover = p.ClientNoContextTakeover
		}
	}
	return a
}

// Anomalies returns the frame-level anomalies of the last Frame call: the
// header checks of CheckHeader (Frame runs them) and the fragmentation rules.
// Message-level ones are in Message.Anomalies. The slice is valid until the
// next call to Frame.
func (a *Assembler) Anomalies() []Anomaly { return a.anomalies }

// Reset forgets a half-assembled message and the shared LZ77 window of a
// context-takeover direction, e.g. after a gap in the TCP stream. Compressed
// messages that refer to data before the gap then fail to inflate and say so,
// instead of inflating into wrong bytes.
func (a *Assembler) Reset() {
	a.dropOpen()
	if a.inflate != nil {
		a.inflate.forget()
	}
}

// Frame feeds one complete frame: its header and its unmasked payload (unmask
// it with Mask first). id is an opaque number of the caller's choice, such as
// the capture frame number; the Message records the ids of its frames. Frame
// returns the message this frame completes, or nil. A control frame completes
// a message of its own, even in the middle of a fragmented data message.
// Frame runs CheckHeader itself; the anomalies of the frame are available
// from Anomalies. A payload shorter than h.Length (a capture cut by its snap
// length) is taken as it is, as cut at its end (see FrameCut). The Message
// and its Data are valid until the next call to Frame.
//
// For an uncompressed message of one frame, Frame does not allocate.
func (a *Assembler) Frame(h *Header, payload []byte, id uint64) *Message {
	return a.FrameCut(h, payload, id, len(payload))
}

// FrameCut is Frame for a payload of which only payload[:captured] was
// captured: the capture's snap length cut the rest, which the caller fills
// with zeros (or leaves out, with a payload shorter than h.Length) so that
// the message keeps its length. The message such a frame belongs to is cut:
// its UTF-8 is checked only before its first missing byte, where a
// multi-byte sequence may end unfinished (that is the cut, not a
// violation), and a compressed one is not checked at all, as its inflated
// bytes mean nothing past the cut.
func (a *Assembler) FrameCut(h *Header, payload []byte, id uint64, captured int) *Message {
	cut := -1
	if captured < len(payload) || uint64(len(payload)) < h.Length {
		cut = max(min(captured, len(payload)), 0)
	}
	a.anomalies = CheckHeader(h, a.fromClient, a.rsvAllowed, a.anomalies[:0])
	a.msgAnomalies = a.msgAnomalies[:0]
	if !a.open && cap(a.buf) > shrinkAbove {
		a.lend(a.buf)
		a.buf = nil
	}
	if a.inflate != nil && cap(a.inflate.out) > shrinkAbove {
		a.lend(a.inflate.out)
		a.inflate.out = nil
	}
	rsv1 := h.Rsv&0x4 != 0 && a.compression != compressionNone

	if h.Opcode.IsControl() {
		if rsv1 {
			a.frameAnomaly(AnomalyReservedBits, field.SeverityError, "RSV1 on a control frame")
		}
		return a.single(h, payload, id, false, cut)
	}

	if h.Opcode == OpContinuation {
		if !a.open {
			a.frameAnomaly(AnomalyOrphanContinuation, field.SeverityError, "")
			return nil
		}
		if rsv1 && a.compression == compressionMessage {
			a.frameAnomaly(AnomalyReservedBits, field.SeverityError, "RSV1 on a continuation frame")
		}
		a.frames = append(a.frames, id)
		a.openLength += int64(h.Length)
		a.appendFragment(payload, rsv1, cut)
		if !h.Fin {
			return nil
		}
		return a.finish()
	}

	if a.open {
		a.frameAnomaly(AnomalyInterruptedMessage, field.SeverityError,
			"open "+a.openOpcode.String()+" message of "+strconv.Itoa(len(a.frames))+" frames dropped")
		a.dropOpen()
	}
	if h.Fin {
		return a.single(h, payload, id, rsv1, cut)
	}
	a.open = true
	a.openOpcode = h.Opcode
	a.openLength = int64(h.Length)
	a.openCompressed = rsv1
	a.openAnomalies = a.openAnomalies[:0]
	a.frames = append(a.frames[:0], id)
	a.buf = a.buf[:0]
	a.openCut = -1
	a.appendFragment(payload, rsv1, cut)
	return nil
}

// single completes a message of one frame, without copying when it is not
// compressed; cut is the offset of its first byte the capture lacks (-1:
// none).
func (a *Assembler) single(h *Header, payload []byte, id uint64, compressed bool, cut int) *Message {
	op := h.Opcode
	a.oneFrame[0] = id
	if a.skipData && !op.IsControl() {
		return a.complete(op, nil, a.oneFrame[:], int64(h.Length), compressed, false, -1)
	}
	data := payload
	if int64(len(data)) > a.maxMessage {
		a.msgAnomalies = appendAnomaly(a.msgAnomalies, AnomalyMessageTooBig, field.SeverityWarning,
			strconv.Itoa(len(data))+" bytes, cap "+strconv.FormatInt(a.maxMessage, 10))
		data = data[:a.maxMessage]
	}
	truncated := len(data) < len(payload)
	ok := true
	if compressed {
		data, ok = a.inflateMessage(data, truncated, a.maxInflated, &a.msgAnomalies)
	}
	return a.complete(op, data, a.oneFrame[:], int64(h.Length), compressed, ok && !truncated, cut)
}

// appendFragment adds the payload of one frame to the open message; cut is
// the offset in p of its first byte the capture lacks (-1: none).
func (a *Assembler) appendFragment(p []byte, rsv1 bool, cut int) {
	if a.skipData {
		return
	}
	if cut >= 0 && a.openCut < 0 {
		a.openCut = len(a.buf) + cut // per-frame inflation: not checked anyway
	}
	if a.compression == compressionPerFrame && rsv1 {
		// The decompressed cap holds for the whole message, not per frame.
		limit := max(a.maxInflated-int64(len(a.buf)), 0)
		out, ok := a.inflateMessage(p, false, limit, &a.openAnomalies)
		if !ok {
			a.openInflateErr = true
		}
		p = out
	}
	if a.openTruncated {
		return
	}
	room := a.maxMessage - int64(len(a.buf))
	if int64(len(p)) > room {
		a.openAnomalies = appendAnomaly(a.openAnomalies, AnomalyMessageTooBig, field.SeverityWarning,
			"more than "+strconv.FormatInt(a.maxMessage, 10)+" bytes")
		p = p[:room]
		a.openTruncated = true
	}
	if a.scratch != nil {
		a.buf = grow(a.scratch.Buffers, a.buf, len(p))
	}
	a.buf = append(a.buf, p...)
}

// lend gives a buffer the Assembler no longer needs back to
// Scratch.Buffers, if any.
func (a *Assembler) lend(b []byte) {
	if a.scratch != nil && a.scratch.Buffers != nil && cap(b) > largeBuffer {
		a.scratch.Buffers.Put(b)
	}
}

// Take hands over the buffer that data, the Data of the Message just
// returned, lies in, when it is one of the Assembler's own (its inflated
// output or its fragments joined, not a payload the caller passed) of more
// than 16 KiB: data then stays valid for as long as the caller keeps the
// buffer, which it may give to Scratch.Buffers' Put once done, and the
// Assembler starts a new one. It returns nil otherwise: data is then valid
// until the next frame, as documented for Message.
func (a *Assembler) Take(data []byte) []byte {
	if len(data) <= largeBuffer {
		return nil
	}
	if same(a.buf, data) && !a.open {
		own := a.buf[:0]
		a.buf = nil
		return own
	}
	if a.inflate != nil && same(a.inflate.out, data) {
		own := a.inflate.out[:0]
		a.inflate.out = nil
		return own
	}
	return nil
}

// same reports whether data starts where buffer b does.
func same(b, data []byte) bool {
	return cap(b) > 0 && len(data) > 0 && &b[:1][0] == &data[0]
}

// finish completes the open fragmented message.
func (a *Assembler) finish() *Message {
	data := a.buf
	if a.skipData {
		data = nil
	}
	a.msgAnomalies = append(a.msgAnomalies, a.openAnomalies...)
	ok := !a.openTruncated && !a.openInflateErr && !a.skipData
	compressed := a.openCompressed
	var raw []byte
	if compressed && a.compression == compressionMessage && !a.skipData {
		var inflated bool
		raw = data // a.buf, which inflation leaves as it is
		data, inflated = a.inflateMessage(data, a.openTruncated, a.maxInflated, &a.msgAnomalies)
		ok = ok && inflated
	}
	// The frame ids move to the message; the next message starts a new list.
	frames := a.frames
	a.open = false
	a.openTruncated = false
	a.openInflateErr = false
	m := a.complete(a.openOpcode, data, frames, a.openLength, compressed, ok, a.openCut)
	m.Reassembled = raw
	return m
}

// complete fills in the reused Message; intact tells whether data is the
// whole message, so that its UTF-8 can be checked, and cut where the bytes
// the capture lacks begin (-1: none): only those before are checked.
func (a *Assembler) complete(op Opcode, data []byte, frames []uint64, length int64, compressed, intact bool, cut int) *Message {
	a.msg = Message{Opcode: op, Data: data, Compressed: compressed, Frames: frames, Length: length}
	m := &a.msg
	if cut >= 0 && compressed {
		intact = false
	}
	switch op {
	case OpText:
		if intact && !validUntilCut(data, cut) {
			a.msgAnomaly(AnomalyInvalidUTF8, field.SeverityError, "text message")
		}
	case OpClose:
		code, reason, ok, err := ParseClose(data)
		if err != nil {
			a.msgAnomaly(AnomalyCloseTooShort, field.SeverityError, "")
		}
		if ok {
			m.CloseCode, m.CloseReason, m.HasCloseCode = code, reason, true
			if !code.Sendable() {
				a.msgAnomaly(AnomalyCloseCode, field.SeverityWarning, "close code "+strconv.Itoa(int(code)))
			}
			reasonCut := cut
			if cut >= 0 {
				reasonCut = max(cut-2, 0) // the reason follows the 2-byte code
			}
			if intact && !validUntilCut(reason, reasonCut) {
				a.msgAnomaly(AnomalyInvalidUTF8, field.SeverityError, "close reason")
			}
		}
	}
	if len(a.msgAnomalies) > 0 {
		m.Anomalies = a.msgAnomalies
	}
	return m
}

// inflateMessage decompresses p into at most limit bytes, reporting failures
// and caps in dst. truncated tells that p was cut by MaxMessageSize: the
// inflate error that follows is then no news, but the context is still lost.
func (a *Assembler) inflateMessage(p []byte, truncated bool, limit int64, dst *[]Anomaly) ([]byte, bool) {
	if a.inflate == nil {
		a.inflate = newInflater(!a.noTakeover, a.scratch)
	}
	out, reset, err := a.inflate.inflate(p, limit)
	if truncated && err == nil && a.inflate.takeover {
		// The window now lacks the dropped tail of the message.
		a.inflate.forget()
		reset = true
	}
	switch {
	case err == nil:
	case errors.Is(err, errDecompressedTooBig):
		*dst = appendAnomaly(*dst, AnomalyDecompressedTooBig, field.SeverityWarning,
			"more than "+strconv.FormatInt(a.maxInflated, 10)+" bytes")
	case !truncated:
		*dst = appendAnomaly(*dst, AnomalyInflateFailed, field.SeverityError, err.Error())
	}
	if reset {
		*dst = appendAnomaly(*dst, AnomalyInflateContextReset, field.SeverityNote,
			"LZ77 window dropped: later messages of this direction may fail to inflate")
	}
	return out, err == nil
}

// dropOpen forgets the open fragmented message.
func (a *Assembler) dropOpen() {
	a.open = false
	a.openCut = -1
	a.openTruncated = false
	a.openInflateErr = false
	a.openAnomalies = a.openAnomalies[:0]
	a.buf = a.buf[:0]
	a.frames = a.frames[:0]
}

func (a *Assembler) frameAnomaly(k AnomalyKind, s field.Severity, detail string) {
	a.anomalies = append(a.anomalies, Anomaly{Kind: k, Severity: s, Detail: detail})
}

func (a *Assembler) msgAnomaly(k AnomalyKind, s field.Severity, detail string) {
	a.msgAnomalies = appendAnomaly(a.msgAnomalies, k, s, detail)
}

func appendAnomaly(dst []Anomaly, k AnomalyKind, s field.Severity, detail string) []Anomaly {
	return append(dst, Anomaly{Kind: k, Severity: s, Detail: detail})
}

// validUntilCut reports whether b is valid UTF-8 before offset cut (all of
// it when cut < 0), where a multi-byte sequence may end unfinished.
func validUntilCut(b []byte, cut int) bool {
	if cut < 0 {
		return utf8.Valid(b)
	}
	b = b[:min(cut, len(b))]
	if utf8.Valid(b) {
		return true
	}
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			return !utf8.FullRune(b) // an unfinished sequence at the cut
		}
		b = b[n:]
	}
	return true
}
