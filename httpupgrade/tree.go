package httpupgrade

import (
	"bytes"
	"strconv"

	"github.com/wsdissect/wsdissect/field"
)

// Filled is what FillTree found: the entity body after the head, for the
// dissector of its media type (line-based text data), and whether the head
// was cut.
type Filled struct {
	// Body is the body's bytes (nil when there is none), and BodyStart
	// where they start in the tree's current data source: the frame, the
	// reassembled PDU, or the "De-chunked entity body" FillTree added.
	Body      []byte
	BodyStart int
	// MediaType is the Content-Type without parameters, in lower case.
	MediaType string
	// Cut is set when raw holds only part of the head (cut by the snap
	// length): tshark then shows "[Packet size limited during capture:
	// HTTP truncated]".
	Cut bool
}

// FillTree adds the HTTP layer of message m to t, as tshark shows it in a
// packet's details: the request or status line with its expert info
// (http.chat) and fields, every header line with the field tshark extracts
// from it (http.host, http.upgrade, http.sec_websocket_key, ...), the blank
// line, the request's full URI, the message's place in its connection
// (m.Exchange: "[HTTP request 1/2]", "[Response in frame: 6]", ...), and a
// body: chunks (http.chunk_size, http.chunk_data), then "File Data".
//
// raw holds the message's bytes as captured (the head, then its body), at
// off in the tree's current data source; bytes that do not start with the
// message's start line add nothing. A head that raw holds only part of
// (cut by the snap length) shows its complete lines and nothing after them.
// A chunked body is de-chunked into a data source of its own, left current
// so that the body's dissector points into it.
func FillTree(t *field.Tree, m *Message, raw []byte, off int) Filled {
	end, ok := bytes.IndexByte(raw, '\n'), true
	if !t.Wants(&hfHttp) || end < 0 || string(trimCR(raw[:end])) != m.startLine {
		return Filled{} // nothing, or not the message's bytes
	}
	total := min(m.HeadLen+m.BodyLen, len(raw))
	root := t.AddProtocol(field.NoNode, &hfHttp, off, total, nil)
	fillStartLine(t, root, m, raw[:end+1], off)
	lineField := &hfHttpRequestLine
	if !m.IsRequest {
		lineField = &hfHttpResponseLine
	}
	pos := end + 1
	var length, coding bool // Content-Length and Transfer-Encoding seen
	for {
		i := -1
		if limit := min(len(raw), m.HeadLen); pos < limit {
			i = bytes.IndexByte(raw[pos:limit], '\n')
		}
		if i < 0 {
			ok = false // the head is cut: its complete lines are shown
			break
		}
		line := raw[pos : pos+i+1]
		if len(trimCR(line[:len(line)-1])) == 0 {
			t.AddText(root, off+pos, len(line), field.AppendEscaped(t.Scratch(), line))
			pos += len(line)
			break
		}
		f, n := fillHeader(t, root, lineField, line, trimCR(line[:len(line)-1]), off+pos)
		switch f {
		case &hfHttpContentLengthHeader, &hfHttpTransferEncoding:
			length, coding = length || f == &hfHttpContentLengthHeader, coding || f == &hfHttpTransferEncoding
			if length && coding {
				// on the second of the two, as tshark
				t.AddExpert(n, &eTEAndLength, off+pos, len(line), nil)
			}
		}
		pos += len(line)
	}
	if !ok {
		return Filled{Cut: true}
	}
	if m.IsRequest {
		fillRequestFacts(t, root, m, &m.Exchange)
	} else {
		fillResponseFacts(t, root, &m.Exchange)
	}
	return fillBody(t, root, m, raw[pos:total], off+pos)
}

// fillStartLine adds the request or status line (with its line end) and
// its fields.
func fillStartLine(t *field.Tree, root field.Node, m *Message, line []byte, off int) {
	label := field.AppendEscaped(t.Scratch(), line)
	n := t.AddText(root, off, len(line), label)
	t.AddExpert(n, &eChat, off, len(line), label)
	t.KeepScratch(label)
	text := trimCR(line[:len(line)-1])
	if m.IsRequest {
		meth, target := len(m.Method), len(m.Target)
		if len(text) < meth+1+target+1 {
			return
		}
		t.AddStringBytes(n, &hfHttpRequestMethod, off, meth, text[:meth])
		uri := text[meth+1 : meth+1+target]
		u := t.AddStringBytes(n, &hfHttpRequestUri, off+meth+1, target, uri)
		fillURI(t, u, uri, off+meth+1)
		v := meth + 1 + target + 1
		t.AddStringBytes(n, &hfHttpRequestVersion, off+v, len(text)-v, text[v:])
		return
	}
	if len(text) < 12 {
		return
	}
	t.AddStringBytes(n, &hfHttpResponseVersion, off, 8, text[:8])
	t.AddUint(n, &hfHttpResponseCode, off+9, 3, uint64(m.StatusCode))
	b := t.Scratch()
	if s, ok := statusText(m.StatusCode); ok {
		b = append(b, s...)
	} else {
		b = strconv.AppendInt(append(b, "Unknown ("...), int64(m.StatusCode), 10)
		b = append(b, ')')
	}
	t.SetGenerated(t.AddStringBytes(n, &hfHttpResponseCodeDesc, off+9, 3, b))
	t.KeepScratch(b)
	if len(text) > 13 {
		t.AddStringBytes(n, &hfHttpResponsePhrase, off+13, len(text)-13, text[13:])
	}
}

// fillURI adds a request target's path, query and query parameters, which
// tshark shows when it has a query.
func fillURI(t *field.Tree, u field.Node, uri []byte, off int) {
	q := bytes.IndexByte(uri, '?')
	if q < 0 {
		return
	}
	t.AddStringBytes(u, &hfHttpRequestUriPath, off, q, uri[:q])
	query := uri[q+1:]
	qn := t.AddStringBytes(u, &hfHttpRequestUriQuery, off+q+1, len(query), query)
	at := off + q + 1
	for len(query) > 0 {
		i := bytes.IndexByte(query, '&')
		if i < 0 {
			i = len(query)
		}
		t.AddStringBytes(qn, &hfHttpRequestUriQueryParameter, at, i, query[:i])
		at += i + 1
		query = query[min(i+1, len(query)):]
	}
}

// fillHeader adds one header line: the field tshark extracts from it,
// labelled with the line, followed by the line as a hidden
// http.request.line (http.response.line); a header without a field of its
// own shows as that line, with an expert info when its name is no token.
// text is the line without its line end. It returns the header's field
// (nil for none) and its item.
func fillHeader(t *field.Tree, root field.Node, lineField *field.Field, line, text []byte, off int) (*field.Field, field.Node) {
	label := field.AppendEscaped(t.Scratch(), line)
	colon := bytes.IndexByte(text, ':')
	var f *field.Field
	if colon > 0 {
		f = headerField(text[:colon])
	}
	if f == nil {
		n := t.AddStringBytes(root, lineField, off, len(line), line)
		t.SetText(n, label)
		t.KeepScratch(label)
		if colon >= 0 && !isToken(text[:colon]) {
			t.AddExpert(n, &eBadHeaderName, off, len(line), nil)
		}
		return nil, n
	}
	vstart := colon + 1
	for vstart < len(text) && isOWS(text[vstart]) {
		vstart++
	}
	value := text[vstart:]
	n := t.AddStringBytes(root, f, off, len(line), value)
	t.SetText(n, label)
	t.KeepScratch(label)
	switch f {
	case &hfHttpContentLengthHeader:
		if cl, ok := parseDecimal(trimOWS(value)); ok {
			t.SetGenerated(t.AddUint(n, &hfHttpContentLength, off+vstart, len(value), uint64(cl)))
		}
	case &hfHttpCookie:
		fillCookie(t, n, value, off+vstart)
	}
	if t.BuildsHidden() {
		t.SetHidden(t.AddStringBytes(root, lineField, off, len(line), line))
	}
	return f, n
}

// fillCookie adds the name=value pairs of a Cookie header (http.cookie_pair).
func fillCookie(t *field.Tree, n field.Node, v []byte, off int) {
	for len(v) > 0 {
		i := bytes.IndexByte(v, ';')
		if i < 0 {
			i = len(v)
		}
		pair, at := v[:i], off
		for len(pair) > 0 && pair[0] == ' ' {
			pair, at = pair[1:], at+1
		}
		if len(pair) > 0 {
			t.AddStringBytes(n, &hfHttpCookiePair, at, len(pair), pair)
		}
		off += i + 1
		v = v[min(i+1, len(v)):]
	}
}

// headerFields are the headers tshark 4.0 extracts a field of its own from,
// by lower-case name.
var headerFields = [...]struct {
	name string
	f    *field.Field
}{
	{"authorization", &hfHttpAuthorization},
	{"proxy-authorization", &hfHttpProxyAuthorization},
	{"proxy-authenticate", &hfHttpProxyAuthenticate},
	{"www-authenticate", &hfHttpWwwAuthenticate},
	{"content-type", &hfHttpContentType},
	{"content-length", &hfHttpContentLengthHeader},
	{"content-encoding", &hfHttpContentEncoding},
	{"transfer-encoding", &hfHttpTransferEncoding},
	{"upgrade", &hfHttpUpgrade},
	{"user-agent", &hfHttpUserAgent},
	{"host", &hfHttpHost},
	{"connection", &hfHttpConnection},
	{"cookie", &hfHttpCookie},
	{"accept", &hfHttpAccept},
	{"referer", &hfHttpReferer},
	{"accept-language", &hfHttpAcceptLanguage},
	{"accept-encoding", &hfHttpAcceptEncoding},
	{"date", &hfHttpDate},
	{"cache-control", &hfHttpCacheControl},
	{"server", &hfHttpServer},
	{"location", &hfHttpLocation},
	{"sec-websocket-accept", &hfHttpSecWebsocketAccept},
	{"sec-websocket-extensions", &hfHttpSecWebsocketExtensions},
	{"sec-websocket-key", &hfHttpSecWebsocketKey},
	{"sec-websocket-protocol", &hfHttpSecWebsocketProtocol},
	{"sec-websocket-version", &hfHttpSecWebsocketVersion},
	{"set-cookie", &hfHttpSetCookie},
	{"last-modified", &hfHttpLastModified},
	{"x-forwarded-for", &hfHttpXForwardedFor},
	{"http2-settings", &hfHttpHttp2Settings},
}

// headerField returns the field of the header named name (any case), nil
// for a header tshark shows only as a line.
func headerField(name []byte) *field.Field {
	for _, h := range headerFields {
		if equalFoldASCII(name, h.name) {
			return h.f
		}
	}
	return nil
}

// fillRequestFacts adds what follows a request's head: its full URI and its
// place in the connection.
func fillRequestFacts(t *field.Tree, root field.Node, m *Message, ex *Exchange) {
	b := appendFullURI(t.Scratch(), m)
	if len(b) > 0 {
		t.SetGenerated(t.AddStringBytes(root, &hfHttpRequestFullUri, 0, 0, b))
	}
	t.KeepScratch(b)
	if t.BuildsHidden() {
		t.SetHidden(t.AddBool(root, &hfHttpRequest, 0, 0, true))
	}
	if ex.Number == 0 {
		return
	}
	addNumber(t, root, &hfHttpRequestNumber, "HTTP request ", ex)
	addFrame(t, root, &hfHttpPrevRequestIn, ex.PrevRequestIn)
	addFrame(t, root, &hfHttpResponseIn, ex.ResponseIn)
	addFrame(t, root, &hfHttpNextRequestIn, ex.NextRequestIn)
}

// fillResponseFacts adds what follows a response's head: its place in the
// connection and the URI of its request.
func fillResponseFacts(t *field.Tree, root field.Node, ex *Exchange) {
	if t.BuildsHidden() {
		t.SetHidden(t.AddBool(root, &hfHttpResponse, 0, 0, true))
	}
	if ex.Number == 0 {
		return
	}
	addNumber(t, root, &hfHttpResponseNumber, "HTTP response ", ex)
	if ex.RequestIn != 0 {
		t.SetGenerated(t.AddDuration(root, &hfHttpTime, 0, 0, ex.SinceRequest))
	}
	addFrame(t, root, &hfHttpPrevRequestIn, ex.PrevRequestIn)
	addFrame(t, root, &hfHttpPrevResponseIn, ex.PrevResponseIn)
	addFrame(t, root, &hfHttpRequestIn, ex.RequestIn)
	addFrame(t, root, &hfHttpNextRequestIn, ex.NextRequestIn)
	addFrame(t, root, &hfHttpNextResponseIn, ex.NextResponseIn)
	if ex.RequestURI != "" {
		t.SetGenerated(t.AddString(root, &hfHttpResponseForUri, 0, 0, ex.RequestURI))
	}
}

// FullURI returns a request's full URI as tshark builds it
// (http.request.full_uri): "http://" ("https://" over TLS), the Host and
// the target; an absolute target as it is; "" without a Host.
func (m *Message) FullURI() string { return string(appendFullURI(nil, m)) }

// appendFullURI appends a request's full URI as tshark builds it
// (http.request.full_uri): the scheme, the Host and the target; an
// absolute target as it is; nothing without a Host.
func appendFullURI(dst []byte, m *Message) []byte {
	if m.Host == "" || m.Target == "" {
		return dst
	}
	if m.Target[0] != '/' {
		return append(dst, m.Target...)
	}
	scheme := "http://"
	if m.Secure {
		scheme = "https://"
	}
	return append(append(append(dst, scheme...), m.Host...), m.Target...)
}

// addNumber adds "[HTTP request n/m]" as the field f of value n.
func addNumber(t *field.Tree, root field.Node, f *field.Field, text string, ex *Exchange) {
	n := t.AddUint(root, f, 0, 0, uint64(ex.Number))
	b := strconv.AppendInt(append(t.Scratch(), text...), int64(ex.Number), 10)
	b = strconv.AppendInt(append(b, '/'), int64(max(ex.Total, ex.Number)), 10)
	t.SetText(n, b)
	t.KeepScratch(b)
	t.SetGenerated(n)
}

// addFrame adds a generated frame number, unless it is 0.
func addFrame(t *field.Tree, root field.Node, f *field.Field, frame uint64) {
	if frame != 0 {
		t.SetGenerated(t.AddUint(root, f, 0, 0, frame))
	}
}

// fillBody adds a message's body, raw at off: the chunks of a chunked body
// and its de-chunked data, then "File Data".
func fillBody(t *field.Tree, root field.Node, m *Message, raw []byte, off int) Filled {
	if len(raw) == 0 {
		return Filled{}
	}
	body, start := raw, off
	if m.Chunked {
		if !fillChunks(t, root, raw, off) {
			return Filled{}
		}
		data, _ := appendDechunked(t.Scratch(), raw)
		t.KeepScratch(data)
		if len(data) == 0 {
			return Filled{}
		}
		t.UseSource(t.AddSourceCopy("De-chunked entity body", data))
		src := t.Sources()
		body, start = src[len(src)-1].Data, 0
	}
	if enc, ok := m.Get("Content-Encoding"); ok {
		body, start = fillDecoded(t, root, enc, body, start)
	}
	n := t.AddStringBytes(root, &hfHttpFileData, start, len(body), body)
	b := strconv.AppendInt(t.Scratch(), int64(len(body)), 10)
	t.SetValueText(n, append(b, " bytes"...))
	t.KeepScratch(b)
	ct, _ := m.mediaType()
	return Filled{Body: body, BodyStart: start, MediaType: ct}
}

// fillDecoded decodes a body of content coding enc (gzip, deflate) into
// the data source "Uncompressed entity body", made current, and returns it,
// with "Content-encoded entity body (gzip): N bytes -> M bytes" before it.
// A body it cannot decode, or of a coding it does not know, is returned as
// it is; one that fails to decode gets tshark's expert info.
func fillDecoded(t *field.Tree, root field.Node, enc string, body []byte, start int) ([]byte, int) {
	dec, known := decode(t.Scratch(), enc, body)
	if !known {
		return body, start
	}
	b := append(append(append(dec, "Content-encoded entity body ("...), enc...), "): "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	b = append(b, " bytes"...)
	if dec == nil {
		n := t.AddText(root, start, len(body), b[len(dec):])
		t.AddExpert(n, &eDecompressionFailed, start, len(body), nil)
		t.KeepScratch(b)
		return body, start
	}
	b = strconv.AppendInt(append(b, " -> "...), int64(len(dec)), 10)
	b = append(b, " bytes"...)
	t.AddText(root, start, len(body), b[len(dec):])
	t.KeepScratch(b)
	t.UseSource(t.AddSourceCopy("Uncompressed entity body", dec))
	src := t.Sources()
	return src[len(src)-1].Data, 0
}

// chunk is one chunk of a chunked body, by offsets in the body: its
// size line (without the line end) at 0, its data at data, its boundary (the
// line end after the data) of boundary bytes, and the next chunk at next.
type chunk struct {
	size                       int64
	line, data, boundary, next int
}

// nextChunk reads the chunk at pos of a chunked body; false when the body
// ends before it does or is not well-formed.
func nextChunk(raw []byte, pos int) (chunk, bool) {
	i := bytes.IndexByte(raw[pos:], '\n')
	if i < 0 {
		return chunk{}, false
	}
	size, ok := parseChunkSize(trimCR(raw[pos : pos+i]))
	if !ok {
		return chunk{}, false
	}
	c := chunk{size: size, line: i, data: pos + i + 1}
	if size == 0 {
		c.next = c.data
		return c, true
	}
	if int64(len(raw)-c.data) < size+1 {
		return chunk{}, false
	}
	end := c.data + int(size)
	c.boundary = 1
	if raw[end] == '\r' && end+1 < len(raw) && raw[end+1] == '\n' {
		c.boundary = 2
	}
	c.next = end + c.boundary
	return c, true
}

// appendDechunked appends the data of the chunks of a chunked body to dst;
// false when the body is not whole.
func appendDechunked(dst, raw []byte) ([]byte, bool) {
	for pos := 0; pos < len(raw); {
		c, ok := nextChunk(raw, pos)
		if !ok {
			return dst, false
		}
		if c.size == 0 {
			return dst, true
		}
		dst = append(dst, raw[c.data:c.data+int(c.size)]...)
		pos = c.next
	}
	return dst, false
}

// fillChunks adds "HTTP chunked response": each chunk's size, data and
// boundary, the last chunk and the line that ends the body. It reports
// whether the body was whole.
func fillChunks(t *field.Tree, root field.Node, raw []byte, off int) bool {
	top := t.AddText(root, off, len(raw), []byte("HTTP chunked response"))
	for pos := 0; pos < len(raw); {
		c, ok := nextChunk(raw, pos)
		if !ok {
			return false
		}
		if c.size == 0 {
			n := t.AddText(top, off+pos, c.next-pos, []byte("End of chunked encoding"))
			addChunkSize(t, n, off+pos, c.line, 0)
			if c.next < len(raw) {
				t.AddText(top, off+c.next, len(raw)-c.next, field.AppendEscaped(t.Scratch(), raw[c.next:]))
			}
			return true
		}
		b := strconv.AppendInt(append(t.Scratch(), "Data chunk ("...), c.size, 10)
		n := t.AddText(top, off+pos, c.next-pos, append(b, " octets)"...))
		t.KeepScratch(b)
		addChunkSize(t, n, off+pos, c.line, c.size)
		end := c.data + int(c.size)
		t.AddBytes(n, &hfHttpChunkData, off+c.data, int(c.size), raw[c.data:end])
		t.AddBytes(n, &hfHttpChunkBoundary, off+end, c.boundary, raw[end:c.next])
		pos = c.next
	}
	return false
}

// addChunkSize adds "Chunk size: N octets".
func addChunkSize(t *field.Tree, c field.Node, off, length int, size int64) {
	n := t.AddUint(c, &hfHttpChunkSize, off, length, uint64(size))
	b := strconv.AppendInt(t.Scratch(), size, 10)
	t.SetValueText(n, append(b, " octets"...))
	t.KeepScratch(b)
}
