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
// packet with several frames shows the last one. A packet whose payload only
// feeds a PDU completed later shows the TCP text and "[TCP segment of a
// reassembled PDU]".
func (r *Record) AppendInfo(dst []byte) []byte {
	if len(r.HTTP) == 0 && len(r.WebSocket) == 0 {
		if r.Continuation {
			return append(dst, "Continuation"...)
		}
		if r.TCP == nil {
			return dst
		}
		dst = r.TCP.Analysis.AppendInfo(dst, &r.TCP.Segment)
		if r.ReassembledIn != 0 {
			dst = append(dst, " [TCP segment of a reassembled PDU]"...)
		}
		return dst
	}
	for _, m := range r.HTTP {
		dst = append(dst, m.Summary()...)
	}
	if r.Truncated && len(r.HTTP) > 0 && len(r.WebSocket) == 0 {
		dst = append(dst, "[Packet size limited during capture]"...)
	}
	if n := len(r.WebSocket); n > 0 {
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
// protocol, length and Info, aligned as tshark aligns them.
func (r *Record) AppendSummary(dst []byte) []byte {
	dst = appendPadded(dst, strconv.AppendUint(nil, r.Frame, 10), 5)
	dst = append(dst, ' ')
	dst = appendPadded(dst, appendSeconds(nil, r.Rel, r.TimeDigits), 12)
	dst = append(dst, ' ')
	src, dst2 := "", ""
	if r.Src.IsValid() {
		src, dst2 = r.Src.String(), r.Dst.String()
	}
	dst = appendPadded(dst, []byte(src), 12)
	dst = append(dst, " → "...)
	dst = append(dst, dst2...)
	for n := len(dst2); n < 12; n++ {
		dst = append(dst, ' ')
	}
	dst = append(dst, ' ')
	dst = append(dst, r.Protocol...)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(r.Len), 10)
	dst = append(dst, ' ')
	return r.AppendInfo(dst)
}

// appendPadded right-aligns s in a field of width w.
func appendPadded(dst, s []byte, w int) []byte {
	for n := len(s); n < w; n++ {
		dst = append(dst, ' ')
	}
	return append(dst, s...)
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
