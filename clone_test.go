package wsdissect

import (
	"fmt"
	"reflect"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// renderRecord prints what a user sees of a record: every field tshark prints,
// the summary, the payloads and messages, the ended connections.
func renderRecord(r *Record) string {
	var b []byte
	for _, f := range Fields {
		b = append(b, f...)
		b = append(b, '=')
		b = r.AppendField(b, f, ",", AllOccurrences)
		b = append(b, '\n')
	}
	b = r.AppendSummary(b)
	for _, f := range r.WebSocket {
		b = fmt.Appendf(b, "\nframe %+v %q %v", f.Header, f.Payload, f.Message != nil)
	}
	for _, m := range r.Messages {
		b = fmt.Appendf(b, "\nmessage %d %v %v %q %q %v", m.Frame, m.Time, m.Frames, m.Data, m.CloseReason, m.Anomalies)
	}
	for _, h := range r.HTTP {
		b = fmt.Appendf(b, "\nhttp %+v", *h)
	}
	for _, c := range r.Closed() {
		b = fmt.Appendf(b, "\nclosed %d %+v %+v %v", c.Stream, *c.Request, c.ClientClose, c.Bytes)
	}
	return string(fmt.Appendf(b, "\n%v", r.Anomalies))
}

// TestClonesOutliveTheIteration keeps a clone of every record of captures
// whose messages span many segments (their payloads live in recycled
// storage) and checks, once the iteration is over, that each still renders
// as a fresh run renders that record.
func TestClonesOutliveTheIteration(t *testing.T) {
	spans := map[string]bool{"node-mtu576-many-segments.pcap": true, "node-sizes-text.pcap": true,
		"go-gorilla-deflate-fragmented.pcap": false, "node-fragmented-ping-between.pcap": true}
	for name, spanning := range spans {
		for _, workers := range []int{0, 2} {
			t.Run(name+"/"+strconv.Itoa(workers), func(t *testing.T) {
				run := func(each func(r *Record)) {
					d, err := Open("testdata/"+name, Options{Workers: workers})
					require.NoError(t, err)
					defer d.Close()
					for r, err := range d.Records() {
						require.NoError(t, err)
						each(r)
					}
				}
				var want []string
				run(func(r *Record) { want = append(want, renderRecord(r)) })
				var kept []*Record
				multi := 0
				run(func(r *Record) {
					c := r.Clone()
					assert.Equal(t, renderRecord(r), renderRecord(c))
					sameExported(t, r, c)
					kept = append(kept, c)
					if len(r.Segments) > 1 && len(r.Messages) > 0 {
						multi++
					}
				})
				assert.Equal(t, spanning, multi > 0, "messages that span segments")
				require.Len(t, kept, len(want))
				for i, c := range kept {
					require.Equal(t, want[i], renderRecord(c), "frame %d", c.Frame)
				}
			})
		}
	}
}

// sameExported checks that a clone has every exported field of the record
// (a field added to Record but not to Clone fails here) and that none of
// its slices shares the record's storage.
func sameExported(t *testing.T, r, c *Record) {
	rv, cv := reflect.ValueOf(r).Elem(), reflect.ValueOf(c).Elem()
	for i := range rv.NumField() {
		f := rv.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		a, b := rv.Field(i), cv.Field(i)
		require.Equal(t, a.Interface(), b.Interface(), "Record.%s", f.Name)
		if a.Kind() == reflect.Slice && a.Len() > 0 {
			assert.NotEqual(t, a.Pointer(), b.Pointer(), "Record.%s shares storage", f.Name)
		}
	}
	for i, f := range r.WebSocket {
		if len(f.Payload) > 0 {
			assert.NotSame(t, &f.Payload[0], &c.WebSocket[i].Payload[0], "a payload shares storage")
		}
	}
	for i, m := range r.Messages {
		assert.NotSame(t, m, c.Messages[i])
		if len(m.Data) > 0 {
			assert.NotSame(t, &m.Data[0], &c.Messages[i].Data[0], "message data shares storage")
		}
	}
}
