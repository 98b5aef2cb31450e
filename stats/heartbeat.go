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
	// Pattern is set when the beats differ in their numbers: Payload (and
	// Reply) then show each run of digits as "#" ({"ping":#}).
	Pattern bool
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

// heartbeats finds the heartbeats among msgs (in capture order): first
// messages repeated as they are, then, among the others, messages that
// differ only in their numbers (a counter, a time stamp: {"ping":17}).
func heartbeats(msgs []msgSeen) []Heartbeat {
	out, taken := findBeats(msgs, false, nil)
	more, _ := findBeats(msgs, true, taken)
	out = append(out, more...)
	slices.SortStableFunc(out, func(a, b Heartbeat) int { return int(a.First - b.First) })
	return out
}

// keyOf groups a message: by side, opcode and payload (a ping's payload
// aside); with pattern, its runs of digits count as one "#".
func keyOf(m msgSeen, pattern bool) beatKey {
	k := beatKey{m.side, m.opcode, m.data}
	switch {
	case m.opcode == wsframe.OpPing || m.opcode == wsframe.OpPong:
		k.data = ""
	case pattern:
		k.data = numbersAsHash(m.data)
	}
	return k
}

// numbersAsHash replaces each run of digits with "#".
func numbersAsHash(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			if len(b) == 0 || b[len(b)-1] != '#' {
				b = append(b, '#')
			}
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

// findBeats groups the messages by keyOf and keeps the groups that recur
// regularly, with their answers. It returns them and the exact keys of the
// messages they took (beats and answers); with pattern, it looks only at
// messages with digits whose exact key is not in skip.
func findBeats(msgs []msgSeen, pattern bool, skip map[beatKey]bool) ([]Heartbeat, map[beatKey]bool) {
	groups := map[beatKey][]int{}
	var order []beatKey
	for i, m := range msgs {
		if !m.short && m.opcode != wsframe.OpPing || m.opcode == wsframe.OpClose || m.opcode == wsframe.OpPong {
			continue
		}
		if pattern && (skip[keyOf(m, false)] || m.opcode == wsframe.OpPing || numbersAsHash(m.data) == m.data) {
			continue
		}
		k := keyOf(m, pattern)
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	taken := map[beatKey]bool{}
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
		hb.From, hb.Opcode, hb.Payload, hb.Pattern = k.side, k.opcode, k.data, pattern
		for _, i := range idx {
			taken[keyOf(msgs[i], false)] = true
		}
		if rk, ok := answer(msgs, idx, &hb, pattern, taken); ok {
			replies[rk] = true
		}
		out = append(out, hb)
	}
	return out, taken
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
func answer(msgs []msgSeen, idx []int, hb *Heartbeat, pattern bool, taken map[beatKey]bool) (beatKey, bool) {
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
			// a ping is answered by a pong, data by data: the other
			// messages between do not count
			if m.side == hb.From {
				continue
			}
			if hb.Opcode == wsframe.OpPing {
				if m.opcode != wsframe.OpPong {
					continue
				}
			} else if m.opcode >= wsframe.OpClose {
				continue
			}
			if !m.short && m.opcode != wsframe.OpPong {
				break
			}
			k := keyOf(m, pattern)
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
	for j, i := range idx {
		end := len(msgs)
		if j+1 < len(idx) {
			end = idx[j+1]
		}
		for r := i + 1; r < end; r++ {
			if keyOf(msgs[r], pattern) == best {
				taken[keyOf(msgs[r], false)] = true
				break
			}
		}
	}
	return best, true
}
