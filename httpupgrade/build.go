package httpupgrade

import "strings"

// buildMessage turns a head that scanHead has checked into a Message. It
// copies the head into one string and slices every value from it.
func buildMessage(raw []byte, h *head) *Message {
	s := string(raw)
	m := &Message{IsRequest: h.isRequest, ContentLength: h.contentLength, Chunked: h.chunked, HeadLen: h.headLen}

	end := strings.IndexByte(s, '\n')
	line := trimCRString(s[:end])
	m.startLine = line
	if h.isRequest {
		sp1 := strings.IndexByte(line, ' ')
		sp2 := strings.LastIndexByte(line, ' ')
		m.Method, m.Target, m.Proto = line[:sp1], line[sp1+1:sp2], line[sp2+1:]
	} else {
		m.Proto, m.StatusCode = line[:8], h.status
		if len(line) > 13 {
			m.Reason = line[13:]
		}
	}

	rest := s[end+1:]
	n := strings.Count(rest, "\n") - 1 // the blank line is not a header
	m.Header = make([]Field, 0, max(n, 0))
	for {
		end := strings.IndexByte(rest, '\n')
		line := trimCRString(rest[:end])
		rest = rest[end+1:]
		if line == "" {
			break
		}
		colon := strings.IndexByte(line, ':')
		f := Field{Name: line[:colon], Value: trimLeftOWS(line[colon+1:])}
		m.Header = append(m.Header, f)
		m.setTyped(f)
	}
	return m
}

func trimCRString(line string) string {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		return line[:n-1]
	}
	return line
}

// setTyped fills the typed value a header line carries.
func (m *Message) setTyped(f Field) {
	first := func(dst *string) {
		if *dst == "" {
			*dst = trimOWS(f.Value)
		}
	}
	// tshark prints every occurrence of a header field, joined by ",".
	joined := func(dst *string, name string) {
		if m.count(name) > 1 {
			*dst += ","
		}
		*dst += f.Value
	}
	n := f.Name
	switch {
	case equalFoldASCII(n, "host"):
		first(&m.Host)
	case equalFoldASCII(n, "origin"):
		first(&m.Origin)
	case equalFoldASCII(n, "user-agent"):
		first(&m.UserAgent)
	case equalFoldASCII(n, "upgrade"):
		first(&m.Upgrade)
	case equalFoldASCII(n, "connection"):
		first(&m.Connection)
	case equalFoldASCII(n, "sec-websocket-key"):
		first(&m.Key)
	case equalFoldASCII(n, "sec-websocket-accept"):
		first(&m.Accept)
	case equalFoldASCII(n, "sec-websocket-version"):
		first(&m.WSVersion)
	case equalFoldASCII(n, "sec-websocket-protocol"):
		joined(&m.ProtocolRaw, n)
		for _, p := range strings.Split(f.Value, ",") {
			if p = trimOWS(p); p != "" {
				m.Protocols = append(m.Protocols, p)
			}
		}
	case equalFoldASCII(n, "sec-websocket-extensions"):
		joined(&m.ExtensionsRaw, n)
		exts, err := ParseExtensions(f.Value)
		m.Extensions = append(m.Extensions, exts...)
		if err != nil && m.ExtensionsErr == nil {
			m.ExtensionsErr = err
		}
	}
}
