package tcp

import (
	"io"
	"net/netip"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mkSeg builds a segment directly, without packet bytes.
func mkSeg(frame uint64, src, dst string, seq, ack uint32, flags Flags, n int) *Segment {
	s, d := netip.MustParseAddrPort(src), netip.MustParseAddrPort(dst)
	return &Segment{Frame: frame, Timestamp: t0.Add(time.Duration(frame) * time.Millisecond),
		SrcIP: s.Addr(), DstIP: d.Addr(), SrcPort: s.Port(), DstPort: d.Port(),
		Seq: seq, Ack: ack, Flags: flags, Window: 1000, PayloadLen: n}
}

const cli, srv = "10.0.0.1:40000", "10.0.0.2:80"

func TestTableHandshakeRelativeNumbersAndClose(t *testing.T) {
	tab := NewTable(TableConfig{})
	steps := []struct {
		seg            *Segment
		relSeq, relAck uint32
		fromInit       bool
		events         Event
		state          State
	}{
		{mkSeg(1, cli, srv, 5000, 0, SYN, 0), 0, 0, true, EventNew | EventSYN, StateSynSent},
		{mkSeg(2, srv, cli, 9000, 5001, SYN|ACK, 0), 0, 1, false, EventSYNACK, StateSynReceived},
		{mkSeg(3, cli, srv, 5001, 9001, ACK, 0), 1, 1, true, EventHandshakeACK | EventEstablished, StateEstablished},
		{mkSeg(4, cli, srv, 5001, 9001, PSH|ACK, 10), 1, 1, true, 0, StateEstablished},
		{mkSeg(5, srv, cli, 9001, 5011, PSH|ACK, 20), 1, 11, false, 0, StateEstablished},
		{mkSeg(6, cli, srv, 5011, 9021, FIN|ACK, 0), 11, 21, true, EventFIN, StateFinWait},
		{mkSeg(7, srv, cli, 9021, 5012, FIN|ACK, 0), 21, 12, false, EventFIN, StateClosing},
		{mkSeg(8, cli, srv, 5012, 9022, ACK, 0), 12, 22, true, EventClosed, StateClosed},
	}
	for _, st := range steps {
		a := tab.Track(st.seg)
		assert.Equal(t, uint64(0), a.Stream)
		assert.Equal(t, st.relSeq, a.RelSeq, "frame %d seq", st.seg.Frame)
		assert.Equal(t, st.relAck, a.RelAck, "frame %d ack", st.seg.Frame)
		assert.Equal(t, st.fromInit, a.FromInitiator, "frame %d", st.seg.Frame)
		assert.Equal(t, st.events, a.Events, "frame %d events %s", st.seg.Frame, a.Events)
		assert.Equal(t, st.state, a.Conv.State, "frame %d", st.seg.Frame)
		assert.False(t, a.Flagged(), "frame %d", st.seg.Frame)
	}
	c := tab.Track(mkSeg(9, cli, srv, 5012, 9022, ACK, 0)).Conv
	assert.Equal(t, netip.MustParseAddrPort(cli), c.Client)
	assert.Equal(t, netip.MustParseAddrPort(srv), c.Server)
	assert.Equal(t, [3]uint64{1, 2, 3}, [3]uint64{c.SYNFrame, c.SYNACKFrame, c.HandshakeACKFrame})
	assert.Equal(t, [2]uint64{6, 7}, c.FINFrame)
	assert.Equal(t, SideClient, c.FirstFIN)
	assert.Equal(t, uint64(8), c.CloseFrame)
	assert.Equal(t, [2]uint64{10, 20}, c.Bytes)
}

func TestTableStreamNumberingAndPortReuse(t *testing.T) {
	tab := NewTable(TableConfig{})
	other := "10.0.0.1:40001"
	a := tab.Track(mkSeg(1, cli, srv, 100, 0, SYN, 0))
	assert.Equal(t, uint64(0), a.Stream)
	a = tab.Track(mkSeg(2, other, srv, 300, 0, SYN, 0))
	assert.Equal(t, uint64(1), a.Stream)
	// A retransmitted SYN (same ISN) stays in its stream and is a retransmission.
	a = tab.Track(mkSeg(3, cli, srv, 100, 0, SYN, 0))
	assert.Equal(t, uint64(0), a.Stream)
	assert.True(t, a.Retransmission)
	tab.Track(mkSeg(4, srv, cli, 700, 101, SYN|ACK, 0))
	tab.Track(mkSeg(5, cli, srv, 101, 0, RST, 0))
	// The same 4-tuple with a new ISN: a new stream, flagged as port reuse.
	a = tab.Track(mkSeg(6, cli, srv, 90000, 0, SYN, 0))
	assert.Equal(t, uint64(2), a.Stream)
	assert.True(t, a.PortsReused)
	assert.Equal(t, EventNew|EventSYN|EventDropped, a.Events, "the old connection on these ports is dropped")
	assert.Equal(t, uint64(0), a.Dropped)
	assert.False(t, a.Retransmission)
	assert.Equal(t, uint32(0), a.RelSeq)
	info := string(a.AppendInfo(nil, mkSeg(6, cli, srv, 90000, 0, SYN, 0)))
	assert.Equal(t, "[TCP Port numbers reused] 40000 → 80 [SYN] Seq=0 Win=1000 Len=0", info)
	// A mid-stream packet starts a stream too, relative numbers start at 1.
	a = tab.Track(mkSeg(7, "10.9.9.9:5555", srv, 123456, 654321, ACK|PSH, 7))
	assert.Equal(t, uint64(3), a.Stream)
	assert.Equal(t, EventNew|EventMidStream, a.Events)
	assert.Equal(t, uint32(1), a.RelSeq)
	assert.Equal(t, uint32(1), a.RelAck)
	assert.Equal(t, uint64(4), tab.Stats().Conversations)
}

func TestTableSYNFloodStaysBounded(t *testing.T) {
	const maxConv, syns = 10000, 200000
	tab := NewTable(TableConfig{MaxConversations: maxConv})
	var before, after runtime.MemStats
	seg := mkSeg(1, cli, srv, 1, 0, SYN, 0)
	flood := func(from, to int) {
		for i := from; i < to; i++ {
			seg.Frame = uint64(i + 1)
			seg.SrcIP = netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
			seg.Seq = uint32(i)
			a := tab.Track(seg)
			if a.Stream != uint64(i) {
				t.Fatalf("stream %d for SYN %d", a.Stream, i)
			}
			// the table is LRU: the SYN maxConv before this one is evicted
			if evicted := a.Events.Has(EventDropped); evicted != (i >= maxConv) || evicted && a.Dropped != uint64(i-maxConv) {
				t.Fatalf("SYN %d: events %v, dropped stream %d", i, a.Events, a.Dropped)
			}
		}
	}
	flood(0, syns/2)
	runtime.GC()
	runtime.ReadMemStats(&before)
	flood(syns/2, syns)
	runtime.GC()
	runtime.ReadMemStats(&after)
	st := tab.Stats()
	assert.Equal(t, maxConv, st.Active)
	assert.Equal(t, uint64(syns-maxConv), st.Evicted)
	assert.Equal(t, uint64(syns), st.Conversations)
	assert.Less(t, int64(after.HeapAlloc)-int64(before.HeapAlloc), int64(4<<20), "heap must not grow with the flood")
}

func TestTableReleasesFinishedConversations(t *testing.T) {
	tab := NewTable(TableConfig{ReleaseAfter: time.Second})
	tab.Track(mkSeg(1, cli, srv, 100, 0, SYN, 0))
	tab.Track(mkSeg(2, srv, cli, 100, 0, RST|ACK, 0))
	assert.Equal(t, 1, tab.Stats().Active)
	late := mkSeg(3, "10.0.0.3:1", srv, 5, 0, SYN, 0)
	late.Timestamp = t0.Add(time.Minute)
	tab.Track(late)
	st := tab.Stats()
	assert.Equal(t, uint64(1), st.Released)
	assert.Equal(t, 1, st.Active)
}

func TestTrackAndAppendInfoZeroAllocs(t *testing.T) {
	tab := NewTable(TableConfig{})
	tab.Track(mkSeg(1, cli, srv, 5000, 0, SYN, 0))
	tab.Track(mkSeg(2, srv, cli, 9000, 5001, SYN|ACK, 0))
	seq := uint32(5001)
	seg := mkSeg(3, cli, srv, seq, 9001, ACK|PSH, 100)
	ack := mkSeg(4, srv, cli, 9001, seq, ACK, 0)
	allocs := testing.AllocsPerRun(1000, func() {
		seg.Seq = seq
		tab.Track(seg)
		seq += 100
		ack.Ack = seq
		tab.Track(ack)
	})
	assert.Zero(t, allocs, "Track")

	a := tab.Track(seg)
	buf := make([]byte, 0, 256)
	allocs = testing.AllocsPerRun(1000, func() { buf = a.AppendInfo(buf[:0], seg) })
	assert.Zero(t, allocs, "AppendInfo")
}

func TestFlagsString(t *testing.T) {
	for _, tc := range []struct {
		f     Flags
		str   string
		names string
	}{
		{SYN, "··········S·", "SYN"},
		{SYN | ACK, "·······A··S·", "SYN, ACK"},
		{PSH | ACK, "·······AP···", "PSH, ACK"},
		{FIN | ACK, "·······A···F", "FIN, ACK"},
		{RST, "·········R··", "RST"},
		{0, "············", "<None>"},
		{0xFFF, "RRRACEUAPRSF", "FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE, Reserved"},
	} {
		assert.Equal(t, tc.str, tc.f.String())
		assert.Equal(t, tc.names, string(tc.f.appendNames(nil)))
	}
}

func BenchmarkTrack(b *testing.B) {
	datas, cis := corpusRecords(b, "../testdata/node-loss-retrans.pcap")
	d := NewDecoder()
	segs := make([]Segment, 0, len(datas))
	for i := range datas {
		var s Segment
		if d.Decode(datas[i], cis[i], &s) == nil {
			segs = append(segs, s)
		}
	}
	require.NotEmpty(b, segs)
	b.ReportAllocs()
	b.ResetTimer()
	tab := NewTable(TableConfig{})
	for i := 0; i < b.N; i++ {
		j := i % len(segs)
		if j == 0 {
			tab = NewTable(TableConfig{})
		}
		tab.Track(&segs[j])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "packets/s")
}

// TableConfig.SkipValues changes no flag, completeness or iRTT: on every
// capture of the corpus, each segment's analysis is the same as with the
// values, but for those values.
func TestSkipValuesKeepsTheRest(t *testing.T) {
	captures, err := filepath.Glob("../testdata/*.pcap*")
	require.NoError(t, err)
	require.NotEmpty(t, captures)
	for _, path := range captures {
		r := openCapture(t, path)
		d := NewDecoder()
		full, skip := NewTable(TableConfig{}), NewTable(TableConfig{SkipValues: true})
		var seg Segment
		for {
			data, ci, err := nextRecord(r)
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			if d.Decode(data, ci, &seg) != nil {
				continue
			}
			want, got := full.Track(&seg), skip.Track(&seg)
			for _, a := range []*Analysis{&want, &got} {
				a.Conv = nil
				a.AckedFrame, a.AckRTT, a.BytesInFlight, a.PushBytesSent, a.RTO, a.RTOFrame = 0, 0, 0, 0, 0, 0
				a.SeqAnalysis = false
			}
			require.Equal(t, want, got, "%s frame %d", path, ci.Frame)
		}
	}
}
