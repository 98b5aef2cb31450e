package wsdissect

import "sort"

// recordQueue holds records in frame order: a shard's records until it
// releases them, or the Dissector's until it hands them out.
type recordQueue struct {
	recs []*Record
	head int
}

func (q *recordQueue) push(r *Record) {
	if q.head > 0 && q.head == len(q.recs) {
		q.recs, q.head = q.recs[:0], 0
	}
	if q.head > 1024 && q.head > len(q.recs)/2 {
		// compact rather than grow without end behind a slow head
		n := copy(q.recs, q.recs[q.head:])
		clear(q.recs[n:])
		q.recs, q.head = q.recs[:n], 0
	}
	q.recs = append(q.recs, r)
}

func (q *recordQueue) len() int { return len(q.recs) - q.head }

// front returns the oldest record, or nil.
func (q *recordQueue) front() *Record {
	if q.len() == 0 {
		return nil
	}
	return q.recs[q.head]
}

// pop removes the oldest record.
func (q *recordQueue) pop() {
	q.recs[q.head] = nil
	q.head++
}

// find returns the queued record of the given frame, or nil.
func (q *recordQueue) find(frame uint64) *Record {
	recs := q.recs[q.head:]
	i := sort.Search(len(recs), func(i int) bool { return recs[i].Frame >= frame })
	if i < len(recs) && recs[i].Frame == frame {
		return recs[i]
	}
	return nil
}
