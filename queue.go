package wsdissect

import (
	"fmt"
	"sort"
	"time"
)

// recordQueue holds records in capture order until each is complete: a
// record whose bytes still wait for a PDU to complete stays, and so does
// every record after it, so records leave in capture order.
type recordQueue struct {
	recs  []*Record
	head  int
	start time.Time // time of the first frame, for frame.time_relative
}

func (q *recordQueue) push(r *Record) {
	if q.head > 0 && q.head == len(q.recs) {
		q.recs, q.head = q.recs[:0], 0
	}
	q.recs = append(q.recs, r)
}

func (q *recordQueue) len() int { return len(q.recs) - q.head }

// popReady returns the oldest record when it is complete, or when more than
// max records wait (then its reassembly facts may be missing).
func (q *recordQueue) popReady(max int) *Record {
	if q.len() == 0 {
		return nil
	}
	r := q.recs[q.head]
	if r.bytesPending {
		if q.len() <= max {
			return nil
		}
		r.forced = true // still listed as waiting: never recycled
		r.Anomalies = append(r.Anomalies, Anomaly{Layer: "reassembly", Severity: SeverityWarn,
			Message: fmt.Sprintf("handed out before its PDU completed: %d records waiting (Options.MaxPendingRecords)", q.len())})
	}
	q.recs[q.head] = nil
	q.head++
	return r
}

// popAny returns the oldest record, complete or not.
func (q *recordQueue) popAny() *Record {
	if q.len() == 0 {
		return nil
	}
	r := q.recs[q.head]
	q.recs[q.head] = nil
	q.head++
	return r
}

// find returns the waiting record of the given frame, or nil.
func (q *recordQueue) find(frame uint64) *Record {
	recs := q.recs[q.head:]
	i := sort.Search(len(recs), func(i int) bool { return recs[i].Frame >= frame })
	if i < len(recs) && recs[i].Frame == frame {
		return recs[i]
	}
	return nil
}
