package stats

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// IOStat is tshark's -z io,stat,INTERVAL[,FILTER...]: the frames and bytes
// of every interval of the capture, a column for each filter (every frame
// for an empty one). The filters are display filters.
type IOStat struct {
	interval int64 // µs; 0: the whole capture
	prec     int   // decimals of the interval as given
	filters  []string
	compiled []*tapFilter // filters, compiled
	cols     [][]ioCell   // per column, per interval
	lastRow  []int64      // per column, the last interval counted in
	duration int64        // µs: the relative time of the last frame
}

type ioCell struct {
	frames uint64
	bytes  uint64
}

// maxIOIntervals bounds the intervals counted and printed (memory and
// time, for a tiny interval over a long capture): frames past it count in
// the last one.
const maxIOIntervals = 1 << 22

var errIOArg = errors.New(`invalid "-z io,stat,<interval>[,<filter>][,<filter>]..." argument`)

// parseIOStat reads INTERVAL[,FILTER...] as tshark does.
func parseIOStat(spec string) (Tap, error) {
	if spec == "" || strings.HasSuffix(spec, ",") {
		return nil, errIOArg
	}
	parts := strings.Split(spec, ",")
	secs, err := strconv.ParseFloat(parts[0], 64)
	if err != nil || secs < 0 || math.IsInf(secs, 0) || secs > 1e9 {
		return nil, errIOArg
	}
	io := &IOStat{interval: int64(secs*1e6 + 0.5)}
	if io.interval > 0 {
		// tshark's precision: the decimals the interval needs, in µs
		io.prec = 6
		for i := int64(10); i < 10_000_000 && io.interval%i == 0; i *= 10 {
			io.prec--
		}
	}
	io.filters = parts[1:]
	if len(io.filters) == 0 {
		io.filters = []string{""}
	}
	for _, f := range io.filters {
		tf, err := compileTapFilter(f)
		if err != nil {
			return nil, fmt.Errorf("Couldn't register io,stat tap: Filter %q is invalid - %s", f, err)
		}
		io.compiled = append(io.compiled, tf)
	}
	io.cols = make([][]ioCell, len(io.filters))
	io.lastRow = make([]int64, len(io.filters))
	return io, nil
}

// Needs: IOStat reads the records' typed values, and its filters what
// they need.
func (io *IOStat) Needs() Needs {
	var n Needs
	for _, tf := range io.compiled {
		n |= tf.needs()
	}
	return n
}

// Add counts one frame.
func (io *IOStat) Add(rec *wsdissect.Record, _ *field.Tree) {
	rel := (rec.Rel + 500*time.Nanosecond).Microseconds()
	if rel < 0 {
		return
	}
	io.duration = max(io.duration, rel)
	i := int64(0)
	if io.interval > 0 {
		i = min(rel/io.interval, maxIOIntervals-1)
	}
	for c, tf := range io.compiled {
		if i < io.lastRow[c] || !tf.matches(rec) {
			// tshark ignores a frame older than the column's last
			// interval
			continue
		}
		io.lastRow[c] = i
		for int64(len(io.cols[c])) <= i {
			io.cols[c] = append(io.cols[c], ioCell{})
		}
		io.cols[c][i].frames++
		io.cols[c][i].bytes += uint64(rec.Len)
	}
}

// magnitude is the number of decimal digits of v, at most maxW.
func magnitude(v uint64, maxW int) int {
	mag := 0
	for range maxW {
		mag++
		if v /= 10; v == 0 {
			break
		}
	}
	return mag
}

// AppendText prints the table as tshark 4.0 does.
func (io *IOStat) AppendText(dst []byte) []byte {
	duration := io.duration
	raw := duration // the rows count from it, unrounded
	interval := io.interval
	whole := interval == 0 || interval >= duration
	if whole {
		interval = duration
	}
	durMag := magnitude(uint64(duration/1e6), 5)
	invlMag := magnitude(uint64(interval/1e6), 5)
	prec := io.prec
	var border int
	if whole {
		switch {
		case durMag >= 2:
			prec = 1
		case durMag == 1:
			prec = 3
		default:
			prec = 6
		}
		border = 30 + durMag + prec + 1
	} else {
		border = 24 + invlMag
		if prec > 0 {
			border += prec + 1
		}
	}
	dv := int64(1e6)
	for range prec {
		dv /= 10
	}
	if prec > 0 {
		// round the duration to the precision shown
		duration += 5 * (dv / 10)
	}
	if whole {
		interval = duration
	}
	durMag = magnitude(uint64(duration/1e6), 5)
	invlCol := 2*durMag + 8
	if prec > 0 {
		invlCol = 2*durMag + 2*prec + 10
	}
	invlCol = max(invlCol, 12)
	border = max(border, invlCol)

	type width struct{ fr, val int }
	ws := make([]width, len(io.cols))
	row := invlCol
	for c, cells := range io.cols {
		var maxFr, maxVal uint64
		for _, x := range cells {
			maxFr, maxVal = max(maxFr, x.frames), max(maxVal, x.bytes)
		}
		ws[c] = width{max(6, magnitude(maxFr, 15)), max(5, magnitude(maxVal, 15))}
		row += ws[c].fr + 3 + ws[c].val + 3
	}
	border = max(border, row)
	maxFilter := 0
	for _, f := range io.filters {
		if f == "" {
			maxFilter = max(maxFilter, 26)
		} else {
			maxFilter = max(maxFilter, len(f)+11)
		}
	}
	if maxFilter > border && border < 102 {
		border = min(maxFilter, 102)
	}
	if border-row == 1 {
		border++
	}
	spaces := func(n int) string { return strings.Repeat(" ", max(n, 0)) }
	filler := ""
	if row < border {
		filler = spaces(border-row-1) + "|"
	}

	dst = append(dst, '\n')
	dst = append(dst, strings.Repeat("=", border)...)
	dst = append(dst, "\n| IO Statistics"+spaces(border-16)+"|\n"...)
	dst = append(dst, "|"+spaces(border-2)+"|\n"...)
	if prec == 0 {
		// tshark pads the microseconds with spaces, not zeros
		dst = fmt.Appendf(dst, "| Duration: %*d.%6d secs%s|\n", durMag, duration/1e6, duration%1e6, spaces(border-25-durMag))
		dst = fmt.Appendf(dst, "| Interval: %*d secs%s|\n", durMag, interval/1e6, spaces(border-18-durMag))
	} else {
		pad := spaces(border - 19 - durMag - prec)
		dst = fmt.Appendf(dst, "| Duration: %*d.%0*d secs%s|\n", durMag, duration/1e6, prec, duration%1e6/dv, pad)
		dst = fmt.Appendf(dst, "| Interval: %*d.%0*d secs%s|\n", durMag, interval/1e6, prec, interval%1e6/dv, pad)
	}
	dst = append(dst, "|"+spaces(border-2)+"|\n| Col"...)
	for c, f := range io.filters {
		if c == 0 {
			dst = fmt.Appendf(dst, "%2d: ", c+1)
		} else {
			dst = fmt.Appendf(dst, "|    %2d: ", c+1)
		}
		if f == "" {
			dst = append(dst, "Frames and bytes"+spaces(border-26)+"|\n"...)
		} else {
			dst = append(dst, f+spaces(border-len(f)-10)+"|\n"...)
		}
	}
	dst = append(dst, "|-"+strings.Repeat("-", border-3)+"|\n"...)
	dst = append(dst, "|"+spaces(invlCol-2)+"|"...)
	for c := range io.cols {
		dst = fmt.Appendf(dst, "%-2d%s|", c+1, spaces(ws[c].fr+ws[c].val+3))
	}
	dst = append(dst, filler...)
	dst = append(dst, "\n| Interval"+spaces(invlCol-11)+"|"...)
	for c := range io.cols {
		dst = appendCentered(dst, "Frames", ws[c].fr)
		dst = appendCentered(dst, "Bytes", ws[c].val)
	}
	dst = append(dst, filler...)
	dst = append(dst, "\n|-"+strings.Repeat("-", row-3)+"|"+filler+"\n"...)

	step := interval
	if whole {
		step = max(raw, 1)
	}
	rows := int(raw / step)
	if raw%step > 0 || rows == 0 {
		rows++
	}
	rows = min(rows, maxIOIntervals)
	lead := "| "
	if prec == 0 && durMag == 1 {
		lead = "|  "
	}
	for i, t := 0, int64(0); i < rows; i, t = i+1, t+interval {
		last := i == rows-1
		end := t + interval
		if last {
			end = duration
		}
		switch {
		case prec > 0:
			dst = fmt.Appendf(dst, "| %*d.%0*d <> %*d.%0*d |", durMag, t/1e6, prec, t%1e6/dv, durMag, end/1e6, prec, end%1e6/dv)
		case last:
			w := 3
			if durMag >= 3 {
				w = durMag + 1
			}
			dst = fmt.Appendf(dst, "%s%*d <> %-*s|", lead, durMag, t/1e6, w, "Dur")
		default:
			dst = fmt.Appendf(dst, "%s%*d <> %*d %s|", lead, durMag, t/1e6, durMag, end/1e6, lead[2:])
		}
		for c, cells := range io.cols {
			var x ioCell
			if i < len(cells) {
				// frames past the last row (at the duration's very end,
				// when it is a whole number of intervals) are not shown,
				// as in tshark
				x = cells[i]
			}
			dst = fmt.Appendf(dst, " %*d | %*d |", ws[c].fr, x.frames, ws[c].val, x.bytes)
		}
		dst = append(dst, filler...)
		dst = append(dst, '\n')
	}
	dst = append(dst, strings.Repeat("=", border)...)
	return append(dst, '\n')
}

// appendCentered is tshark's printcenter: a label centred in a column of
// width w (padding of one on each side).
func appendCentered(dst []byte, label string, w int) []byte {
	const sp = "      "
	n := len(sp) - ((w-len(label))/2 + 1)
	switch {
	case n > 0 && n < 6:
		pad := sp[n:]
		if (w-len(label))%2 == 0 {
			return append(dst, pad+label+pad+"|"...)
		}
		return append(dst, sp[n-1:]+label+pad+"|"...)
	case n > 0 && n <= 15:
		return append(dst, label+"|"...)
	}
	return dst
}
