package stats

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/wsframe"
)

// WSConns is wsdump's -z ws,conn: a WSConn for every connection that
// switched to WebSocket, in tcp.stream order, as text or (ws,conn,json)
// one JSON object a line.
type WSConns struct {
	json  bool
	conns []*WSConn
	index map[uint64]*WSConn
}

// NewWSConn returns the per-connection WebSocket summary, printed as JSON
// lines when asJSON.
func NewWSConn(asJSON bool) *WSConns {
	return &WSConns{json: asJSON, index: map[uint64]*WSConn{}}
}

// Needs reports that the summary reads short messages' payloads (the
// heartbeats).
func (w *WSConns) Needs() Needs { return NeedPayloads }

// Add takes one record.
func (w *WSConns) Add(rec *wsdissect.Record, _ *field.Tree) {
	if rec.TCP == nil {
		return
	}
	c := w.index[rec.TCP.Analysis.Stream]
	if c == nil {
		c = newWSConn(rec)
		w.index[c.Stream] = c
		w.conns = append(w.conns, c)
	}
	c.add(rec)
}

// List returns the WebSocket connections, heartbeats found, in tcp.stream
// order.
func (w *WSConns) List() []*WSConn {
	var l []*WSConn
	for _, c := range w.conns {
		if !c.upgraded {
			continue
		}
		if c.Heartbeats == nil {
			c.Heartbeats = heartbeats(c.messages)
		}
		l = append(l, c)
	}
	return l
}

// AppendText prints the summary.
func (w *WSConns) AppendText(dst []byte) []byte {
	if w.json {
		for _, c := range w.List() {
			b, _ := json.Marshal(c.jsonView())
			dst = append(append(dst, b...), '\n')
		}
		return dst
	}
	dst = append(dst, tableRule+"WebSocket Connections\n"+tableRule...)
	for _, c := range w.List() {
		dst = c.appendText(dst)
	}
	return append(dst, tableRule...)
}

func secs(d time.Duration) string { return fmt.Sprintf("%.6f", d.Seconds()) }

// appendText prints one connection.
func (c *WSConn) appendText(dst []byte) []byte {
	h := &c.Handshake
	dst = fmt.Appendf(dst, "Stream %d: %s -> %s, %s to %s s\n", c.Stream, c.Client, c.Server, secs(c.First), secs(c.Last))
	accept := "invalid"
	if h.AcceptValid {
		accept = "valid"
	}
	dst = fmt.Appendf(dst, "  Handshake: GET %s, Host %s, answered %d, Accept %s\n", h.Path, h.Host, h.Status, accept)
	if h.Subprotocol != "" {
		dst = fmt.Appendf(dst, "    Subprotocol: %s\n", h.Subprotocol)
	}
	for _, e := range h.Extensions {
		dst = fmt.Appendf(dst, "    Extension: %s\n", e)
	}
	for i, side := range [2]Side{Client, Server} {
		m := &c.Messages[i]
		n, b := m.Total()
		dst = fmt.Appendf(dst, "  %s sent %d messages, %d bytes", side, n, b)
		sep := ": "
		for op := range m.Count {
			if m.Count[op] > 0 {
				dst = fmt.Appendf(dst, "%s%s %d (%d bytes)", sep, opcodeName(wsframe.Opcode(op)), m.Count[op], m.Bytes[op])
				sep = ", "
			}
		}
		dst = append(dst, '\n')
	}
	cl := &c.Close
	if cl.First == NoSide {
		dst = append(dst, "  Close: none\n"...)
	} else {
		dst = fmt.Appendf(dst, "  Close: %s first", cl.First)
		for _, side := range [2]Side{cl.First, cl.First.other()} {
			i := side - 1
			if !cl.Sent[i] {
				dst = fmt.Appendf(dst, "; %s sent none", side)
				continue
			}
			dst = fmt.Appendf(dst, "; %s %s", side, closeText(cl.HasCode[i], cl.Code[i], cl.Reason[i]))
		}
		if cl.Completed() {
			dst = fmt.Appendf(dst, "; completed in %s s", secs(cl.Between()))
		} else {
			dst = append(dst, "; not completed"...)
		}
		dst = append(dst, '\n')
	}
	t := &c.Teardown
	dst = append(dst, "  TCP:"...)
	switch {
	case t.FirstFIN == NoSide && t.FirstRST == NoSide:
		dst = append(dst, " still open"...)
	default:
		if t.FirstFIN != NoSide {
			dst = fmt.Appendf(dst, " FIN from %s first at %s s", t.FirstFIN, secs(t.FINAt[t.FirstFIN-1]))
			if o := t.FirstFIN.other(); t.FIN[o-1] {
				dst = fmt.Appendf(dst, ", then from %s at %s s", o, secs(t.FINAt[o-1]))
			}
		}
		if t.FirstRST != NoSide {
			if t.FirstFIN != NoSide {
				dst = append(dst, ';')
			}
			dst = fmt.Appendf(dst, " RST from %s at %s s", t.FirstRST, secs(t.RSTAt[t.FirstRST-1]))
		}
		if t.FourWay() {
			dst = append(dst, " (four-way close)"...)
		}
	}
	dst = append(dst, '\n')
	for _, side := range [2]Side{Client, Server} {
		n, answered := 0, 0
		var sum, lo, hi time.Duration
		for _, p := range c.Pings {
			if p.From != side {
				continue
			}
			n++
			if p.Answered {
				if answered == 0 || p.RTT < lo {
					lo = p.RTT
				}
				hi = max(hi, p.RTT)
				answered++
				sum += p.RTT
			}
		}
		if n == 0 {
			continue
		}
		dst = fmt.Appendf(dst, "  Pings from %s: %d, %d answered", side, n, answered)
		if answered > 0 {
			dst = fmt.Appendf(dst, ", round trip min/avg/max %s/%s/%s s", secs(lo), secs(sum/time.Duration(answered)), secs(hi))
		}
		dst = append(dst, '\n')
	}
	for _, hb := range c.Heartbeats {
		what := fmt.Sprintf("%s %q", opcodeName(hb.Opcode), hb.Payload)
		if hb.Pattern {
			what += " (# a number)"
		}
		if hb.Opcode == wsframe.OpPing {
			what = "Ping"
		}
		dst = fmt.Appendf(dst, "  Heartbeat: %s sends %s every %s s (jitter %s s), %d times from %s to %s s",
			hb.From, what, secs(hb.Period), secs(hb.Jitter), hb.Count, secs(hb.First), secs(hb.Last))
		if hb.Replied > 0 {
			reply := fmt.Sprintf("%s %q", opcodeName(hb.ReplyOpcode), hb.Reply)
			if hb.ReplyOpcode == wsframe.OpPong {
				reply = "Pong"
			}
			dst = fmt.Appendf(dst, "; %s answers %s after %s s (%d of %d)", hb.From.other(), reply, secs(hb.ReplyLatency), hb.Replied, hb.Count)
		}
		dst = append(dst, '\n')
	}
	return dst
}

func closeText(has bool, code wsframe.CloseCode, reason string) string {
	if !has {
		return "without a code"
	}
	s := fmt.Sprintf("%d", uint16(code))
	if reason != "" {
		s += fmt.Sprintf(" %q", reason)
	}
	return s
}

// opcodeName is the opcode as tshark's websocket.opcode names it.
func opcodeName(op wsframe.Opcode) string {
	switch op {
	case wsframe.OpContinuation:
		return "Continuation"
	case wsframe.OpText:
		return "Text"
	case wsframe.OpBinary:
		return "Binary"
	case wsframe.OpClose:
		return "Close"
	case wsframe.OpPing:
		return "Ping"
	case wsframe.OpPong:
		return "Pong"
	}
	return fmt.Sprintf("Opcode %d", uint8(op))
}

// jsonView is a WSConn as one JSON object: names in snake case, times in
// seconds.
func (c *WSConn) jsonView() map[string]any {
	h := &c.Handshake
	var exts []map[string]any
	for _, e := range h.Extensions {
		params := map[string]any{}
		for _, p := range e.Params {
			if p.HasValue {
				params[p.Name] = p.Value
			} else {
				params[p.Name] = true
			}
		}
		exts = append(exts, map[string]any{"name": e.Name, "params": params})
	}
	msgs := map[string]any{}
	for i, side := range [2]Side{Client, Server} {
		m := &c.Messages[i]
		by := map[string]any{}
		for op := range m.Count {
			if m.Count[op] > 0 {
				by[strings.ToLower(opcodeName(wsframe.Opcode(op)))] = map[string]any{"count": m.Count[op], "bytes": m.Bytes[op]}
			}
		}
		n, b := m.Total()
		msgs[side.String()] = map[string]any{"count": n, "bytes": b, "by_opcode": by}
	}
	cl := &c.Close
	closes := map[string]any{"first": cl.First.String(), "completed": cl.Completed()}
	for i, side := range [2]Side{Client, Server} {
		if !cl.Sent[i] {
			continue
		}
		one := map[string]any{"at": cl.At[i].Seconds(), "reason": cl.Reason[i]}
		if cl.HasCode[i] {
			one["code"] = uint16(cl.Code[i])
		}
		closes[side.String()] = one
	}
	if cl.Completed() {
		closes["between"] = cl.Between().Seconds()
	}
	t := &c.Teardown
	tear := map[string]any{"first_fin": t.FirstFIN.String(), "first_rst": t.FirstRST.String(), "four_way": t.FourWay()}
	for i, side := range [2]Side{Client, Server} {
		if t.FIN[i] {
			tear["fin_"+side.String()] = t.FINAt[i].Seconds()
		}
		if t.RST[i] {
			tear["rst_"+side.String()] = t.RSTAt[i].Seconds()
		}
	}
	var pings []map[string]any
	for _, p := range c.Pings {
		one := map[string]any{"from": p.From.String(), "at": p.At.Seconds(), "answered": p.Answered}
		if p.Answered {
			one["rtt"] = p.RTT.Seconds()
		}
		pings = append(pings, one)
	}
	var beats []map[string]any
	for _, hb := range c.Heartbeats {
		one := map[string]any{"from": hb.From.String(), "opcode": strings.ToLower(opcodeName(hb.Opcode)), "payload": hb.Payload, "pattern": hb.Pattern,
			"count": hb.Count, "first": hb.First.Seconds(), "last": hb.Last.Seconds(),
			"period": hb.Period.Seconds(), "jitter": hb.Jitter.Seconds()}
		if hb.Replied > 0 {
			one["reply"] = map[string]any{"opcode": strings.ToLower(opcodeName(hb.ReplyOpcode)), "payload": hb.Reply,
				"count": hb.Replied, "latency": hb.ReplyLatency.Seconds()}
		}
		beats = append(beats, one)
	}
	return map[string]any{
		"stream": c.Stream, "client": c.Client.String(), "server": c.Server.String(),
		"first": c.First.Seconds(), "last": c.Last.Seconds(),
		"handshake": map[string]any{"path": h.Path, "host": h.Host, "origin": h.Origin, "status": h.Status,
			"subprotocol": h.Subprotocol, "extensions": exts, "accept_valid": h.AcceptValid},
		"messages": msgs, "close": closes, "teardown": tear, "pings": pings, "heartbeats": beats,
	}
}
