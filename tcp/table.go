package tcp

import (
	"net/netip"
	"time"
)

// Defaults of TableConfig.
const (
	DefaultMaxConversations = 1 << 17
	DefaultReleaseAfter     = 5 * time.Minute
)

// TableConfig configures a Table. The zero value gives the defaults.
type TableConfig struct {
	// MaxConversations caps the conversations kept at once. When a new one
	// would exceed it, the one that finished (closed or reset) first is
	// evicted, or the least recently active one when none has (counted in
	// Stats). 0 means DefaultMaxConversations.
	MaxConversations int
	// ReleaseAfter is how long (in capture time) a finished conversation,
	// closed by FINs or reset, is kept after its last packet so that late
	// retransmissions still find it. 0 means DefaultReleaseAfter.
	ReleaseAfter time.Duration
	// SkipValues leaves out the values of [SEQ/ACK analysis] that need
	// the segments not yet acknowledged: Analysis.AckedFrame, AckRTT,
	// BytesInFlight and PushBytesSent stay zero, RTO and RTOFrame are
	// measured from the segment that advanced the sequence number last, and
	// SeqAnalysis is set by the flags alone. The flags, the stream's
	// completeness and its iRTT are the same; tracking costs about a tenth
	// less (the first pass of a two-pass read needs no more).
	SkipValues bool
}

// TableStats counts what the table did.
type TableStats struct {
	Conversations uint64 // conversations created: the next tcp.stream index
	Active        int    // conversations currently kept
	Released      uint64 // finished conversations dropped after ReleaseAfter
	Evicted       uint64 // conversations dropped because of MaxConversations
}

// Table is the conversation table: it numbers TCP conversations as
// Wireshark's tcp.stream does and runs Wireshark's TCP sequence analysis on
// every segment. It keeps bounded memory: finished conversations are
// released, and the number of conversations is capped. Not safe for
// concurrent use.
type Table struct {
	cfg        TableConfig
	convs      map[connKey]*Conversation
	head, tail *Conversation // most and least recently active
	free       []*Conversation
	stats      TableStats
	recent     *recent // the map's cache
	finished   finishedQueue
	dropped    Conversation // the last conversation dropped, as it was (Dropped)
}

// Dropped returns, after a Track whose Analysis has EventDropped, the
// conversation the table dropped, as it was after its last packet: the
// table reuses the conversation itself. It is overwritten by the next drop.
func (t *Table) Dropped() *Conversation { return &t.dropped }

// connKey identifies a conversation by its two endpoints, in a fixed order.
type connKey struct{ a, b netip.AddrPort }

// is reports whether k is the key of the endpoints, in either order. The
// ports are compared first: they tell apart the conversations of two
// hosts, which share their addresses.
func (k connKey) is(src, dst netip.AddrPort) bool {
	sp, dp := src.Port(), dst.Port()
	return k.a.Port() == sp && k.b.Port() == dp && k.a == src && k.b == dst ||
		k.a.Port() == dp && k.b.Port() == sp && k.a == dst && k.b == src
}

func makeKey(src, dst netip.AddrPort) connKey {
	if c := src.Addr().Compare(dst.Addr()); c < 0 || c == 0 && src.Port() <= dst.Port() {
		return connKey{src, dst}
	}
	return connKey{dst, src}
}

// NewTable returns an empty table.
func NewTable(cfg TableConfig) *Table {
	if cfg.MaxConversations <= 0 {
		cfg.MaxConversations = DefaultMaxConversations
	}
	if cfg.ReleaseAfter <= 0 {
		cfg.ReleaseAfter = DefaultReleaseAfter
	}
	return &Table{cfg: cfg, convs: make(map[connKey]*Conversation), recent: new(recent)}
}

// Stats returns the table's counters.
func (t *Table) Stats() TableStats {
	s := t.stats
	s.Active = len(t.convs)
	return s
}

// Track registers seg and returns what Wireshark's TCP dissector shows for
// it. It does not keep seg. Segments must be given in capture order.
func (t *Table) Track(seg *Segment) Analysis {
	var a Analysis
	t.TrackInto(seg, &a)
	return a
}

// TrackInto is Track writing the analysis into *a, which it overwrites
// whole: a caller that keeps the analysis in place saves copying it out.
func (t *Table) TrackInto(seg *Segment, a *Analysis) {
	src := netip.AddrPortFrom(seg.SrcIP, seg.SrcPort)
	dst := netip.AddrPortFrom(seg.DstIP, seg.DstPort)
	now := seg.Timestamp.UnixNano()
	t.release(now)

	*a = Analysis{}
	var fl analysisFlags
	// the conversations of recent packets are found without ordering the
	// key or hashing it: bursts of one connection find it at the head
	c, i := t.head, -1
	if c == nil || !c.key.is(src, dst) {
		i = slot(src, dst)
		c = t.recent.find(i, src, dst)
	}
	var key connKey
	if c != nil {
		key = c.key
	} else {
		key = makeKey(src, dst)
		c = t.convs[key]
	}
	var dir int
	if c != nil {
		dir = c.dir(src)
		f := &c.flows[dir]
		switch {
		case seg.Flags&(SYN|ACK) == SYN && f.baseSet && seg.Seq != f.baseSeq:
			// A new SYN with a new initial sequence number: a new connection
			// on the same ports, a new tcp.stream.
			a.Events |= EventDropped
			a.Dropped = c.Stream
			t.dropped = *c
			t.remove(c)
			c = nil
			fl |= aReusedPorts
		case seg.Flags&(SYN|ACK) == SYN|ACK && f.baseSet && seg.Seq != f.baseSeq:
			fl |= aReusedPorts
		}
	}
	if c == nil {
		c = t.create(key, src, dst, seg, a)
		dir = c.dir(src)
		a.Events |= EventNew
		if c.State == StateMidStream {
			a.Events |= EventMidStream
		}
	}
	t.touch(c)
	wasFinished := c.State.Finished()
	if i >= 0 {
		t.recent[i] = c
	}

	f, r := &c.flows[dir], &c.flows[1-dir]
	flags := seg.Flags

	// Relative sequence numbers start at the ISN (SYN) or one before the
	// first sequence number seen.
	if !f.baseSet {
		f.baseSeq, f.baseSet = seg.Seq, true
		if flags&SYN == 0 {
			f.baseSeq--
		}
	}
	if !r.baseSet && flags&ACK != 0 {
		r.baseSeq, r.baseSet = seg.Ack-1, true
	}

	fl = c.analyze(f, r, seg, now, fl, a, !t.cfg.SkipValues)

	// a SYN whose options the snap length cut says nothing of scaling:
	// tshark stops at the cut before it looks
	if flags&SYN != 0 && !seg.HeaderCut {
		if seg.Options.HasWindowScale {
			f.winScale = int8(min(seg.Options.WindowScale, 14))
		}
		// Window scaling is used only if both SYNs carry the option.
		if f.winScale == -1 {
			f.winScale, r.winScale = -2, -2
		} else if flags&ACK != 0 && r.winScale == -2 {
			f.winScale = -2
		}
		if flags&ACK == 0 {
			c.mruSYN = seg.Timestamp
		}
	}
	if flags&(SYN|ACK) == ACK && c.InitialRTT == 0 && !c.mruSYN.IsZero() {
		c.InitialRTT = seg.Timestamp.Sub(c.mruSYN)
	}
	c.Completeness = c.Completeness.add(flags, seg.PayloadLen)

	a.Stream = c.Stream
	a.Conv = c
	a.FromInitiator = dir == 0
	a.RelSeq = seg.Seq - f.baseSeq
	a.RelAck = seg.Ack
	if flags&ACK != 0 {
		a.RelAck = seg.Ack - r.baseSeq
	}
	a.NextSeq = a.RelSeq + uint32(seg.PayloadLen)
	if flags&(SYN|FIN) != 0 {
		a.NextSeq++
	}
	a.ackBase = r.baseSeq
	a.Len = seg.PayloadLen
	a.WindowSize = int(seg.Window)
	a.WindowScale = f.winScale
	if flags&SYN == 0 && f.winScale >= 0 {
		a.WindowSize <<= uint(f.winScale)
	}
	if c.Packets == 0 {
		c.firstNano, c.lastNano = now, now
	}
	a.TimeRelative = time.Duration(now - c.firstNano)
	a.TimeDelta = time.Duration(now - c.lastNano)
	c.lastNano = now
	a.Completeness = c.Completeness
	a.InitialRTT = c.InitialRTT
	a.FINActive = flags&FIN != 0 && (c.FirstFIN == SideNone || c.FirstFIN == Side(dir+1))
	a.headerCut = seg.HeaderCut
	if !seg.HeaderCut {
		// tshark prints the analysis after the options; when they are cut
		// its dissection stops before, and no tcp.analysis field is shown.
		a.setFlags(fl)
		a.SeqAnalysis = a.SeqAnalysis || a.AckedFrame != 0 || fl != 0
	} else {
		a.SeqAnalysis = false
	}
	a.Events |= c.advance(dir, seg)
	if !wasFinished && c.State.Finished() {
		t.pushFinished(c)
	}
}

// dir is 0 for packets from the client, 1 from the server.
func (c *Conversation) dir(src netip.AddrPort) int {
	if src == c.Client {
		return 0
	}
	return 1
}

// create starts a conversation for seg's endpoints, evicting the least
// recently active one if the table is full (and saying so in a).
func (t *Table) create(key connKey, src, dst netip.AddrPort, seg *Segment, a *Analysis) *Conversation {
	if len(t.convs) >= t.cfg.MaxConversations && t.tail != nil {
		// a finished conversation goes first; else the least recently
		// active one
		victim := t.popFinished()
		if victim == nil {
			victim = t.tail
		}
		a.Events |= EventDropped
		a.Dropped = victim.Stream
		t.dropped = *victim
		t.remove(victim)
		t.stats.Evicted++
	}
	var c *Conversation
	if n := len(t.free); n > 0 {
		c, t.free = t.free[n-1], t.free[:n-1]
	} else {
		c = new(Conversation)
	}
	c.reset()
	c.key = key
	c.Stream = t.stats.Conversations
	t.stats.Conversations++
	c.Client, c.Server = src, dst
	switch seg.Flags & (SYN | ACK) {
	case SYN:
		c.State = StateSynSent
	case SYN | ACK:
		c.Client, c.Server = dst, src
		c.State = StateSynReceived
	default:
		c.State = StateMidStream
	}
	c.FirstFrame, c.FirstSeen = seg.Frame, seg.Timestamp
	t.convs[key] = c
	return c
}

// remove drops c from the table and keeps it for reuse.
func (t *Table) remove(c *Conversation) {
	if t.convs[c.key] == c {
		delete(t.convs, c.key)
	}
	t.recent.forget(c)
	t.unlink(c)
	if len(t.free) < 64 {
		t.free = append(t.free, c)
	}
}

// release drops finished conversations idle for longer than ReleaseAfter.
// Only the least recently active end of the list is looked at.
// now is the packet's time in Unix nanoseconds, as lastNano is LastSeen.
func (t *Table) release(now int64) {
	for c := t.tail; c != nil && c.State.Finished() && time.Duration(now-c.lastNano) > t.cfg.ReleaseAfter; c = t.tail {
		t.remove(c)
		t.stats.Released++
	}
}

func (t *Table) unlink(c *Conversation) {
	if c.prev != nil {
		c.prev.next = c.next
	} else if t.head == c {
		t.head = c.next
	}
	if c.next != nil {
		c.next.prev = c.prev
	} else if t.tail == c {
		t.tail = c.prev
	}
	c.prev, c.next = nil, nil
}

// touch moves c to the most recently active end.
func (t *Table) touch(c *Conversation) {
	if t.head == c {
		return
	}
	t.unlink(c)
	c.next = t.head
	if t.head != nil {
		t.head.prev = c
	}
	t.head = c
	if t.tail == nil {
		t.tail = c
	}
}
