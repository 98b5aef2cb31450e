package stats

import (
	"slices"
	"time"

	"github.com/wsdissect/wsdissect/wsframe"
)

// Heartbeat is a regular exchange found in a connection's messages: one
// side repeats a short message (or an RFC ping) at a regular interval, and
// the other side may answer each with a message of its own (like "1"
// answered by "2", or a ping by its pong).
type Heartbeat struct {
	From    Side
	Opcode  wsframe.Opcode
	Payload string // the repeated payload ("" for pings, whose payloads may vary)
	Count   int
	// First and Last are the relative times of the first and last beat.
	First, Last time.Duration
	// Period is the median time between beats; Jitter the mean distance of
	// those times from it.
	Period, Jitter time.Duration
	// Reply is the answer of the other side, when most beats had the same
	// one before the next beat: its opcode and payload, how many beats had
	// it, and its mean latency.
	Replied      int
	ReplyOpcode  wsframe.Opcode
	Reply        string
	ReplyLatency time.Duration
}

// minBeats is how many times a message must recur to be a heartbeat.
const minBeats = 3

type beatKey struct {
	side   Side
	opcode wsframe.Opcode
	data   string
}

// heartbeats finds the heartbeats among msgs (in capture order).
func heartbeats(msgs []msgSeen) []Heartbeat {
	groups := map[beatKey][]int{}
	var order []beatKey
	for i, m := range msgs {
		if !m.short && m.opcode != wsframe.OpPing {
			continue
		}
		switch m.opcode {
		case wsframe.OpClose, wsframe.OpPong:
			continue
		}
		k := beatKey{m.side, m.opcode, m.data}
		if m.opcode == wsframe.OpPing {
			k.data = ""
		}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	replies := map[beatKey]bool{}
	var out []Heartbeat
	for _, k := range order {
		idx := groups[k]
		if len(idx) < minBeats || replies[k] {
			continue
		}
		hb, ok := regular(msgs, idx)
		if !ok {
			continue
		}
		hb.From, hb.Opcode, hb.Payload = k.side, k.opcode, k.data
		if rk, ok := answer(msgs, idx, &hb); ok {
			replies[rk] = true
		}
		out = append(out, hb)
	}
	return out
}

// regular measures the beats at idx: their period and jitter, and whether
// they are regular (the jitter at most a quarter of the period).
func regular(msgs []msgSeen, idx []int) (Heartbeat, bool) {
	gaps := make([]time.Duration, 0, len(idx)-1)
	for j := 1; j < len(idx); j++ {
		gaps = append(gaps, msgs[idx[j]].at-msgs[idx[j-1]].at)
	}
	sorted := slices.Clone(gaps)
	slices.Sort(sorted)
	period := sorted[len(sorted)/2]
	var dev time.Duration
	for _, g := range gaps {
		dev += max(g-period, period-g)
	}
	jitter := dev / time.Duration(len(gaps))
	hb := Heartbeat{Count: len(idx), First: msgs[idx[0]].at, Last: msgs[idx[len(idx)-1]].at, Period: period, Jitter: jitter}
	return hb, period > 0 && jitter*4 <= period
}

// answer finds the other side's usual answer to the beats at idx: the
// first message it sends after a beat and before the next. It fills hb's
// reply when most beats had the same one, and returns its key.
func answer(msgs []msgSeen, idx []int, hb *Heartbeat) (beatKey, bool) {
	type seen struct {
		n       int
		latency time.Duration
	}
	counts := map[beatKey]*seen{}
	var first []beatKey
	for j, i := range idx {
		end := len(msgs)
		if j+1 < len(idx) {
			end = idx[j+1]
		}
		for r := i + 1; r < end; r++ {
			m := msgs[r]
			if m.side == hb.From {
				continue
			}
			k := beatKey{m.side, m.opcode, m.data}
			if m.opcode == wsframe.OpPong {
				k.data = ""
			}
			if !m.short && m.opcode != wsframe.OpPong {
				break
			}
			if counts[k] == nil {
				counts[k] = &seen{}
				first = append(first, k)
			}
			counts[k].n++
			counts[k].latency += m.at - msgs[i].at
			break
		}
	}
	var best beatKey
	var bs *seen
	for _, k := range first {
		if s := counts[k]; bs == nil || s.n > bs.n {
			best, bs = k, s
		}
	}
	if bs == nil || bs.n*2 < len(idx) {
		return beatKey{}, false
	}
	hb.Replied, hb.ReplyOpcode, hb.Reply = bs.n, best.opcode, best.data
	hb.ReplyLatency = bs.latency / time.Duration(bs.n)
	return best, true
}
