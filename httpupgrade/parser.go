package httpupgrade

import (
	"bytes"
	"strconv"
)

// Default limits, used where a Limits field is zero.
const (
	// DefaultMaxHeadBytes caps a head (start line, header lines and the
	// blank line). Browsers send a few hundred bytes to a few KiB; servers
	// commonly refuse more than 8 to 64 KiB.
	DefaultMaxHeadBytes = 64 << 10
	// DefaultMaxHeaders caps the number of header lines in a head.
	DefaultMaxHeaders = 256
	// DefaultMaxBodyBytes caps a body the caller would have to hold in
	// order to find the next message of a keep-alive connection.
	DefaultMaxBodyBytes = 16 << 20
)

// maxChunkLine caps a chunk-size line (size, extensions and line end).
const maxChunkLine = 4096

// Limits bounds what Parse accepts; a zero field means its default.
type Limits struct {
	MaxHeadBytes int   // bytes of a head, default DefaultMaxHeadBytes
	MaxHeaders   int   // header lines of a head, default DefaultMaxHeaders
	MaxBodyBytes int64 // bytes of a body, default DefaultMaxBodyBytes
}

func (l Limits) withDefaults() Limits {
	if l.MaxHeadBytes <= 0 {
		l.MaxHeadBytes = DefaultMaxHeadBytes
	}
	if l.MaxHeaders <= 0 {
		l.MaxHeaders = DefaultMaxHeaders
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	return l
}

// Parser parses the messages of one direction of a connection, one after
// another (keep-alive). The zero value is ready to use.
type Parser struct {
	Limits Limits

	noBody bool // the next response answers a HEAD request
}

// ExpectNoBody tells the parser that the next response it parses answers a
// HEAD request, so it has no body whatever its Content-Length says. Parse
// cannot know the request method on its own: the caller, who sees the other
// direction, calls this after parsing a HEAD request. (1xx, 204 and 304
// responses are known to have no body without help.) The mark is cleared
// when the next response is returned.
func (p *Parser) ExpectNoBody() { p.noBody = true }

// Parse parses the message at the start of b, which must begin at a message
// boundary.
//
// When b holds a complete message (head and, if any, a body delimited by
// Content-Length or chunked encoding), Parse returns it and n =
// m.HeadLen+m.BodyLen, the bytes it takes. Bytes after it are not looked at:
// after a 101 answer they belong to the new protocol. A response whose body
// is delimited by the end of the connection (no Content-Length, not chunked)
// is returned with BodyUntilClose set and n = HeadLen.
//
// When b holds only part of a message, Parse returns ErrIncomplete, without
// allocating, and need = how many more bytes are needed when that is known
// (the rest of a body of known length), 0 when it is not (the head is not
// finished yet: wait for the next segment and call again with more bytes).
//
// Anything else is a *ParseError wrapping ErrMalformed, ErrHeadTooLarge,
// ErrTooManyHeaders or ErrBodyTooLarge; the stream is then not HTTP, or not
// HTTP this package accepts, from this point on.
func (p *Parser) Parse(b []byte) (m *Message, n int, need int, err error) {
	lim := p.Limits.withDefaults()
	var h head
	if err := scanHead(b, lim, &h); err != nil {
		return nil, 0, 0, err
	}
	noBody := !h.isRequest && (p.noBody || h.status < 200 || h.status == 204 || h.status == 304)
	bl, decoded, need, err := scanBody(b, lim, &h, noBody)
	if err != nil {
		return nil, 0, need, err
	}
	m = buildMessage(b[:h.headLen], &h)
	m.BodyLen = bl
	m.bodyBytes = decoded
	m.BodyUntilClose = !h.isRequest && !noBody && !h.chunked && h.contentLength < 0
	if !m.IsRequest {
		p.noBody = false
	}
	return m, h.headLen + bl, 0, nil
}

// head is what the zero-allocation scan of a head learns: enough to find
// the end of the message without building it.
type head struct {
	headLen       int
	isRequest     bool
	status        int
	contentLength int64 // -1: no Content-Length header
	chunked       bool  // last transfer coding is chunked
	transferEnc   bool  // Transfer-Encoding present
}

// scanHead finds the end of the head at the start of b and checks every
// line of it, without allocating unless it fails with a *ParseError.
func scanHead(b []byte, lim Limits, h *head) error {
	*h = head{contentLength: -1}
	if len(b) == 0 {
		return ErrIncomplete
	}
	// The start line.
	end := bytes.IndexByte(b, '\n')
	if end < 0 {
		if len(b) > lim.MaxHeadBytes {
			return parseErr(ErrHeadTooLarge, 0, "start line longer than "+strconv.Itoa(lim.MaxHeadBytes)+" bytes")
		}
		if err := checkStartPrefix(b); err != nil {
			return err
		}
		return ErrIncomplete
	}
	if end >= lim.MaxHeadBytes {
		return parseErr(ErrHeadTooLarge, 0, "start line longer than "+strconv.Itoa(lim.MaxHeadBytes)+" bytes")
	}
	if err := checkStartLine(trimCR(b[:end]), h); err != nil {
		return err
	}
	// The header lines, up to the blank line.
	pos := end + 1
	headers := 0
	for {
		rel := bytes.IndexByte(b[pos:], '\n')
		if rel < 0 {
			if i := bytes.IndexByte(b[pos:], 0); i >= 0 {
				return parseErr(ErrMalformed, pos+i, "NUL byte in header line")
			}
			if len(b) > lim.MaxHeadBytes {
				return parseErr(ErrHeadTooLarge, pos, "head not ended within "+strconv.Itoa(lim.MaxHeadBytes)+" bytes")
			}
			return ErrIncomplete
		}
		lineEnd := pos + rel
		if lineEnd >= lim.MaxHeadBytes {
			return parseErr(ErrHeadTooLarge, pos, "head not ended within "+strconv.Itoa(lim.MaxHeadBytes)+" bytes")
		}
		line := trimCR(b[pos:lineEnd])
		if len(line) == 0 {
			h.headLen = lineEnd + 1
			return nil
		}
		headers++
		if headers > lim.MaxHeaders {
			return parseErr(ErrTooManyHeaders, pos, "more than "+strconv.Itoa(lim.MaxHeaders)+" header lines")
		}
		if err := checkHeaderLine(line, pos, h); err != nil {
			return err
		}
		pos = lineEnd + 1
	}
}

// trimCR removes the CR of a CRLF line end; a bare LF ends a line too, as
// in Wireshark.
func trimCR(line []byte) []byte {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		return line[:n-1]
	}
	return line
}

// checkStartPrefix rejects, before the start line is complete, bytes that
// cannot begin a request or status line, so that a stream that is not HTTP
// is recognised on its first segment.
func checkStartPrefix(b []byte) error {
	if !bytes.HasPrefix(b, []byte("HTTP/")) && !bytes.HasPrefix([]byte("HTTP/"), b) {
		for i, c := range b {
			if c == ' ' && i > 0 {
				break
			}
			if !isTokenChar(c) {
				return parseErr(ErrMalformed, i, "not an HTTP request or status line")
			}
		}
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return parseErr(ErrMalformed, i, "NUL byte in start line")
	}
	return nil
}

// checkStartLine checks a request line (method SP target SP HTTP/x.y) or a
// status line (HTTP/x.y SP 3DIGIT [SP reason]) and records what framing needs.
func checkStartLine(line []byte, h *head) error {
	if i := bytes.IndexByte(line, 0); i >= 0 {
		return parseErr(ErrMalformed, i, "NUL byte in start line")
	}
	if i := bytes.IndexByte(line, '\r'); i >= 0 {
		return parseErr(ErrMalformed, i, "CR inside start line")
	}
	if bytes.HasPrefix(line, []byte("HTTP/")) {
		if len(line) < 12 || !isVersion(line[:8]) || line[8] != ' ' ||
			!isDigit(line[9]) || !isDigit(line[10]) || !isDigit(line[11]) ||
			(len(line) > 12 && line[12] != ' ') {
			return parseErr(ErrMalformed, 0, "bad status line")
		}
		h.status = int(line[9]-'0')*100 + int(line[10]-'0')*10 + int(line[11]-'0')
		return nil
	}
	sp1 := bytes.IndexByte(line, ' ')
	if sp1 <= 0 {
		return parseErr(ErrMalformed, 0, "not an HTTP request or status line")
	}
	for i, c := range line[:sp1] {
		if !isTokenChar(c) {
			return parseErr(ErrMalformed, i, "bad character in request method")
		}
	}
	sp2 := bytes.LastIndexByte(line, ' ')
	if sp2 <= sp1+1 || !isVersion(line[sp2+1:]) {
		return parseErr(ErrMalformed, 0, "bad request line")
	}
	for i, c := range line[sp1+1 : sp2] {
		if c <= ' ' || c == 0x7f {
			return parseErr(ErrMalformed, sp1+1+i, "bad character in request target")
		}
	}
	h.isRequest = true
	return nil
}

// isVersion reports whether v is "HTTP/d.d".
func isVersion(v []byte) bool {
	return len(v) == 8 && string(v[:5]) == "HTTP/" && isDigit(v[5]) && v[6] == '.' && isDigit(v[7])
}

// checkHeaderLine checks one "Name: value" line starting at offset off and
// notes the headers that delimit the body.
func checkHeaderLine(line []byte, off int, h *head) error {
	if line[0] == ' ' || line[0] == '\t' {
		return parseErr(ErrMalformed, off, "folded header line (obsolete line folding)")
	}
	colon := -1
	for i, c := range line {
		if c == ':' {
			colon = i
			break
		}
		if !isTokenChar(c) {
			return parseErr(ErrMalformed, off+i, "bad character in header name")
		}
	}
	if colon <= 0 {
		return parseErr(ErrMalformed, off, "header line without a name and colon")
	}
	value := line[colon+1:]
	for i, c := range value {
		if c == 0 || c == '\r' {
			return parseErr(ErrMalformed, off+colon+1+i, "NUL or CR byte in header value")
		}
	}
	name := line[:colon]
	switch {
	case equalFoldASCII(name, "content-length"):
		v := trimOWS(value)
		cl, ok := parseDecimal(v)
		if !ok {
			return parseErr(ErrMalformed, off+colon+1, "bad Content-Length")
		}
		if h.contentLength >= 0 && h.contentLength != cl {
			return parseErr(ErrMalformed, off, "conflicting Content-Length headers")
		}
		h.contentLength = cl
	case equalFoldASCII(name, "transfer-encoding"):
		h.transferEnc = true
		// The last coding decides whether the body is chunked.
		v := trimOWS(value)
		if i := bytes.LastIndexByte(v, ','); i >= 0 {
			v = trimOWS(v[i+1:])
		}
		h.chunked = equalFoldASCII(v, "chunked")
	}
	return nil
}

// parseDecimal parses a Content-Length: digits only, at most 18 of them so
// that it fits an int64 with room to add the head length.
func parseDecimal(v []byte) (int64, bool) {
	if len(v) == 0 || len(v) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range v {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// scanBody finds the end of the body that follows the head: its length in
// b, the decoded length (the data of a chunked body), and, when incomplete,
// how many bytes are missing if known.
func scanBody(b []byte, lim Limits, h *head, noBody bool) (bodyLen int, decoded int64, need int, err error) {
	switch {
	case noBody:
		return 0, 0, 0, nil
	case h.chunked:
		return scanChunked(b, h.headLen, lim)
	case h.transferEnc && h.isRequest:
		return 0, 0, 0, parseErr(ErrMalformed, 0, "request body with a Transfer-Encoding other than chunked")
	case h.transferEnc:
		return 0, 0, 0, nil // delimited by the end of the connection
	case h.contentLength < 0:
		return 0, 0, 0, nil
	}
	if h.contentLength > lim.MaxBodyBytes {
		return 0, 0, 0, parseErr(ErrBodyTooLarge, 0, "Content-Length "+strconv.FormatInt(h.contentLength, 10)+
			" exceeds "+strconv.FormatInt(lim.MaxBodyBytes, 10)+" bytes")
	}
	cl := int(h.contentLength)
	if have := len(b) - h.headLen; have < cl {
		return 0, 0, cl - have, ErrIncomplete
	}
	return cl, h.contentLength, 0, nil
}

// scanChunked walks a chunked body starting at start: chunk-size lines,
// chunk data, the last chunk and the trailer section.
func scanChunked(b []byte, start int, lim Limits) (bodyLen int, decoded int64, need int, err error) {
	pos := start
	for {
		line, next, err := chunkLine(b, pos, maxChunkLine, "chunk-size line")
		if err != nil {
			return 0, 0, 0, err
		}
		size, ok := parseChunkSize(line)
		if !ok {
			return 0, 0, 0, parseErr(ErrMalformed, pos, "bad chunk size")
		}
		if size > lim.MaxBodyBytes-decoded {
			return 0, 0, 0, parseErr(ErrBodyTooLarge, pos, "chunked body exceeds "+strconv.FormatInt(lim.MaxBodyBytes, 10)+" bytes")
		}
		pos = next
		if size == 0 {
			break
		}
		decoded += size
		end := pos + int(size)
		if len(b) < end+2 {
			if len(b) <= end {
				return 0, 0, end + 2 - len(b), ErrIncomplete
			}
			if b[end] != '\r' && b[end] != '\n' {
				return 0, 0, 0, parseErr(ErrMalformed, end, "chunk data not followed by a line end")
			}
			if b[end] == '\n' {
				pos = end + 1
				continue
			}
			return 0, 0, 1, ErrIncomplete
		}
		switch {
		case b[end] == '\r' && b[end+1] == '\n':
			pos = end + 2
		case b[end] == '\n':
			pos = end + 1
		default:
			return 0, 0, 0, parseErr(ErrMalformed, end, "chunk data not followed by a line end")
		}
	}
	// Trailer section: header lines up to a blank line.
	trailerStart := pos
	for {
		line, next, err := chunkLine(b, pos, lim.MaxHeadBytes-(pos-trailerStart), "trailer section")
		if err != nil {
			return 0, 0, 0, err
		}
		if bytes.IndexByte(line, 0) >= 0 {
			return 0, 0, 0, parseErr(ErrMalformed, pos, "NUL byte in trailer")
		}
		pos = next
		if len(line) == 0 {
			return pos - start, decoded, 0, nil
		}
	}
}

// chunkLine returns the line at pos (without its line end) and the offset
// after it, ErrIncomplete when the line end is not in b yet, or an error
// when no line end comes within max bytes.
func chunkLine(b []byte, pos, max int, what string) (line []byte, next int, err error) {
	if max <= 0 {
		return nil, 0, parseErr(ErrHeadTooLarge, pos, what+" too long")
	}
	window := b[pos:]
	if len(window) > max {
		window = window[:max]
	}
	i := bytes.IndexByte(window, '\n')
	if i < 0 {
		if len(b)-pos >= max {
			if what == "trailer section" {
				return nil, 0, parseErr(ErrHeadTooLarge, pos, what+" longer than "+strconv.Itoa(max)+" bytes")
			}
			return nil, 0, parseErr(ErrMalformed, pos, what+" longer than "+strconv.Itoa(max)+" bytes")
		}
		return nil, 0, ErrIncomplete
	}
	return trimCR(window[:i]), pos + i + 1, nil
}

// parseChunkSize parses the hexadecimal size at the start of a chunk-size
// line; chunk extensions after it (";name=value") are ignored. Sizes that
// do not fit in 60 bits are refused rather than wrapped.
func parseChunkSize(line []byte) (int64, bool) {
	var n int64
	i := 0
	for ; i < len(line); i++ {
		d, ok := hexDigit(line[i])
		if !ok {
			break
		}
		if n > (1<<60-1)>>4 {
			return 0, false
		}
		n = n<<4 | int64(d)
	}
	if i == 0 {
		return 0, false
	}
	rest := line[i:]
	for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
		rest = rest[1:]
	}
	if len(rest) > 0 && rest[0] != ';' {
		return 0, false
	}
	return n, true
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
