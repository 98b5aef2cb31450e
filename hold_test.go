package wsdissect

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

// A held record is the same when released as when it was handed out,
// however far the iterator has gone on meanwhile, and released records
// are recycled: the details of every held record, printed when it is
// handed out and again just before Release (from another goroutine), are
// equal, on captures with 1 MB messages, loss and many small segments.
// They are given back two at a time, and the rest all at once at the end.
func TestHeldRecordOutlivesTheIterator(t *testing.T) {
	for _, name := range []string{"node-sizes-binary-1mb.pcap.gz", "node-loss-retrans.pcap", "node-mtu576-many-segments.pcap"} {
		for _, workers := range []int{0, 2} {
			t.Run(fmt.Sprintf("%s/workers=%d", name, workers), func(t *testing.T) {
				d, err := Open("testdata/"+name, Options{KeepFrames: true, Workers: workers})
				require.NoError(t, err)
				defer d.Close()
				type held struct {
					rec     *Record
					details string
				}
				var queue []held
				tree := field.NewTree()
				details := func(r *Record) string {
					r.FillTree(tree, 0)
					return string(tree.AppendDetails(nil, nil))
				}
				release := make(chan []*Record)
				released := make(chan struct{})
				go func() {
					for rs := range release {
						d.Release(rs...)
					}
					close(released)
				}()
				n, recycled := 0, 0
				seen := map[*Record]bool{}
				for r, err := range d.Records() {
					require.NoError(t, err)
					if seen[r] {
						recycled++
					}
					n++
					if n%3 != 0 {
						continue
					}
					d.Hold(r)
					seen[r] = true
					queue = append(queue, held{r, details(r)})
					if len(queue) > 40 {
						for _, h := range queue[:2] {
							require.Equal(t, h.details, details(h.rec), "frame %d changed while held", h.rec.Frame)
						}
						release <- []*Record{queue[0].rec, queue[1].rec}
						queue = queue[2:]
					}
				}
				var rest []*Record
				for _, h := range queue {
					require.Equal(t, h.details, details(h.rec), "frame %d changed while held", h.rec.Frame)
					rest = append(rest, h.rec)
				}
				release <- rest
				close(release)
				<-released
				d.recycleReleased()
				assert.Zero(t, d.holds, "every record held came back")
				require.Greater(t, n, 100)
				if workers == 0 {
					// parallel mode gives records back to the shards in batches, which may not come round again in a small capture
					assert.Positive(t, recycled, "released records are recycled")
				}
			})
		}
	}
}
