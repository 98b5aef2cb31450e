package wsdissect

import (
	"strconv"
	"time"

	"github.com/wsdissect/wsdissect/wsframe"
)

// Info returns the Info column (_ws.col.Info) exactly as tshark prints it.
func (r *Record) Info() string { return string(r.AppendInfo(nil)) }

// AppendInfo appends the Info column to dst.
//
// tshark builds it layer by layer: an HTTP head writes its first line and
// fences it; each WebSocket frame then replaces what follows the fence, so a
// packet with several frames shows the last one, after the one that
// completes a PDU of earlier segments (TCP fences that one too). TCP's
// analysis prefixes ("[TCP Window Full] ") come first. A packet whose payload only
// feeds a PDU completed later shows the TCP text and "[TCP segment of a
// reassembled PDU]".
func (r *Record) AppendInfo(dst []byte) []byte {
	if len(r.HTTP) == 0 && len(r.WebSocket) == 0 {
		if r.Continuation {
			return append(dst, "Continuation"...)
		}
		if r.TCP == nil {
			return append(dst, r.OtherInfo...)
		}
		if len(r.TLS) > 0 {
			return r.appendTLSInfo(dst)
		}
		dst = r.TCP.Analysis.AppendInfo(dst, &r.TCP.Segment)
		if r.ReassembledIn != 0 {
			dst = append(dst, " [TCP segment of a reassembled PDU]"...)
		}
		return dst
	}
	if r.TCP != nil {
		dst = r.TCP.Analysis.AppendPrefixes(dst)
	}
	for _, m := range r.HTTP {
		dst = append(dst, m.Summary()...)
	}
	if r.Truncated && len(r.HTTP) > 0 && len(r.WebSocket) == 0 {
		dst = append(dst, "[Packet size limited during capture]"...)
	}
	n := len(r.WebSocket)
	if len(r.HTTP) == 0 && len(r.Segments) > 0 && n > 1 {
		// the first frame is the PDU reassembled from earlier segments:
		// TCP fences its text when more PDUs follow in the segment
		dst = appendFrameInfo(dst, &r.WebSocket[0].Header)
	}
	if n > 0 {
		dst = appendFrameInfo(dst, &r.WebSocket[n-1].Header)
	}
	return dst
}

// appendFrameInfo appends tshark's Info text of one WebSocket frame, with its
// odd spacing: "WebSocket Text [FIN] [MASKED]", "WebSocket Text[FRAGMENT]  ".
func appendFrameInfo(dst []byte, h *wsframe.Header) []byte {
	dst = append(dst, "WebSocket "...)
	dst = append(dst, h.Opcode.String()...)
	if h.Fin {
		dst = append(dst, " [FIN]"...)
	} else {
		dst = append(dst, "[FRAGMENT] "...)
	}
	if h.Masked {
		dst = append(dst, " [MASKED]"...)
	} else {
		dst = append(dst, ' ')
	}
	return dst
}

// AppendSummary appends tshark's default one-line summary of the record
// (without a newline): number, relative time, source, destination,
// protocol, length and Info, aligned as tshark aligns them (No. right in 5
// columns, Time right in 10, Source right in 12, Destination left in 12; a
// longer value widens its column).
func (r *Record) AppendSummary(dst []byte) []byte {
	mark := len(dst)
	dst = strconv.AppendUint(dst, r.Frame, 10)
	dst = alignRight(dst, mark, 5)
	dst = append(dst, ' ')
	mark = len(dst)
	dst = appendSeconds(dst, r.Rel, r.TimeDigits)
	dst = alignRight(dst, mark, 10)
	dst = append(dst, ' ')
	mark = len(dst)
	if r.Src.IsValid() {
		dst = r.Src.AppendTo(dst)
	} else {
		dst = append(dst, r.LinkSrc...)
	}
	dst = alignRight(dst, mark, 12)
	dst = append(dst, " → "...)
	mark = len(dst)
	if r.Dst.IsValid() {
		dst = r.Dst.AppendTo(dst)
	} else {
		dst = append(dst, r.LinkDst...)
	}
	for len(dst)-mark < 12 {
		dst = append(dst, ' ')
	}
	dst = append(dst, ' ')
	dst = append(dst, r.Protocol...)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(r.Len), 10)
	dst = append(dst, ' ')
	return r.AppendInfo(dst)
}

// alignRight right-aligns dst[mark:] in a field of width w, moving it to
// the right with spaces in front; a value as wide or wider stays as it is.
func alignRight(dst []byte, mark, w int) []byte {
	n := len(dst) - mark
	if n >= w {
		return dst
	}
	pad := w - n
	for range pad {
		dst = append(dst, ' ')
	}
	copy(dst[mark+pad:], dst[mark:mark+n])
	for i := mark; i < mark+pad; i++ {
		dst[i] = ' '
	}
	return dst
}

// appendSeconds appends d in seconds with the given decimals (6 when
// unknown), computed in integers so nanoseconds are never rounded away.
func appendSeconds(dst []byte, d time.Duration, digits int) []byte {
	if digits <= 0 || digits > 9 {
		digits = 6
	}
	if d < 0 {
		dst = append(dst, '-')
		d = -d
	}
	ns := int64(d)
	dst = strconv.AppendInt(dst, ns/1e9, 10)
	frac := ns % 1e9
	for i := 9; i > digits; i-- {
		frac /= 10 // tshark truncates to the resolution; times are exact there
	}
	dst = append(dst, '.')
	var buf [9]byte
	for i := digits - 1; i >= 0; i-- {
		buf[i] = byte('0' + frac%10)
		frac /= 10
	}
	return append(dst, buf[:digits]...)
}
