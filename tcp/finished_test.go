package tcp

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A full table evicts the conversation that finished first, even when
// open ones have been idle for longer: evicting an open one would make its
// next packet evict another.
func TestTableEvictsFinishedFirst(t *testing.T) {
	tab := NewTable(TableConfig{MaxConversations: 4})
	frame := uint64(0)
	track := func(src string, seq uint32, flags Flags) Analysis {
		frame++
		return tab.Track(mkSeg(frame, src, srv, seq, 0, flags, 0))
	}
	for i := range 4 {
		track(fmt.Sprintf("10.0.0.%d:4000", i+1), 100, SYN)
	}
	// the two newest conversations are reset, the oldest two stay open
	track("10.0.0.3:4000", 101, RST)
	track("10.0.0.4:4000", 101, RST)
	a := track("10.0.0.5:4000", 100, SYN)
	require.True(t, a.Events.Has(EventDropped))
	assert.Equal(t, uint64(2), a.Dropped, "the first conversation to finish")
	a = track("10.0.0.6:4000", 100, SYN)
	assert.Equal(t, uint64(3), a.Dropped)
	// none finished is left: the least recently active goes
	a = track("10.0.0.7:4000", 100, SYN)
	assert.Equal(t, uint64(0), a.Dropped)
	// the open ones kept their streams
	assert.Equal(t, uint64(1), track("10.0.0.2:4000", 101, ACK).Stream)
}

// The queue of finished conversations stays within twice the table when
// none is ever evicted: the conversations released by age leave stale
// entries behind.
func TestFinishedQueueStaysBounded(t *testing.T) {
	tab := NewTable(TableConfig{ReleaseAfter: time.Millisecond})
	for i := range 100_000 {
		src := fmt.Sprintf("10.%d.%d.%d:4000", i>>16, i>>8&0xff, i&0xff)
		tab.Track(mkSeg(uint64(2*i+1), src, srv, 100, 0, SYN, 0))
		tab.Track(mkSeg(uint64(2*i+2), src, srv, 101, 0, RST, 0))
	}
	st := tab.Stats()
	assert.Zero(t, st.Evicted)
	assert.Greater(t, st.Released, uint64(99_000))
	assert.LessOrEqual(t, len(tab.finished.q)-tab.finished.head, 2*st.Active+64)
}
