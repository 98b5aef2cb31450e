package wsdissect

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSecondIteratorYieldsErrIterated: a capture is read once; an iterator
// started after another yields ErrIterated, not an empty sequence.
func TestSecondIteratorYieldsErrIterated(t *testing.T) {
	second := map[string]func(d *Dissector) []error{
		"Records": func(d *Dissector) (errs []error) {
			for r, err := range d.Records() {
				assert.Nil(t, r)
				errs = append(errs, err)
			}
			return errs
		},
		"Messages": func(d *Dissector) (errs []error) {
			for m, err := range d.Messages() {
				assert.Nil(t, m)
				errs = append(errs, err)
			}
			return errs
		},
		"Connections": func(d *Dissector) (errs []error) {
			for c, err := range d.Connections() {
				assert.Nil(t, c)
				errs = append(errs, err)
			}
			return errs
		},
	}
	for _, first := range []string{"Records", "Messages", "Connections"} {
		for name, run := range second {
			for _, workers := range []int{0, 2} {
				t.Run(first+"/"+name, func(t *testing.T) {
					d, err := Open("testdata/node-fragmented-ping-between.pcap", Options{Workers: workers})
					require.NoError(t, err)
					defer d.Close()
					switch first { // start, and stop after one item
					case "Records":
						for _, err := range d.Records() {
							require.NoError(t, err)
							break
						}
					case "Messages":
						for _, err := range d.Messages() {
							require.NoError(t, err)
							break
						}
					case "Connections":
						for _, err := range d.Connections() {
							require.NoError(t, err)
							break
						}
					}
					errs := run(d)
					require.Len(t, errs, 1)
					assert.True(t, errors.Is(errs[0], ErrIterated), "%v", errs[0])
				})
			}
		}
	}
}

// TestOnePassYieldsAll: Records alone gives every message (Record.Messages)
// and every connection (Record.Closed, then Remaining), the same as
// Messages and Connections give on their own passes.
func TestOnePassYieldsAll(t *testing.T) {
	for _, name := range []string{"node-fragmented-ping-between.pcap", "chromium-abrupt-kill.pcap",
		"go-gorilla-keepalive-then-upgrade-node.pcap", "node-snaplen128-truncated.pcap"} {
		for _, workers := range []int{0, 1, 2} {
			t.Run(name, func(t *testing.T) {
				open := func() *Dissector {
					d, err := Open("testdata/"+name, Options{Workers: workers})
					require.NoError(t, err)
					t.Cleanup(func() { d.Close() })
					return d
				}
				type msg struct {
					Frame, Stream uint64
					Sec           int64
					Data          string
				}
				var wantMsgs []msg
				for m, err := range open().Messages() {
					require.NoError(t, err)
					wantMsgs = append(wantMsgs, msg{m.Frame, m.Stream, m.Time.UnixNano(), string(m.Data)})
				}
				var wantConns []uint64
				for c, err := range open().Connections() {
					require.NoError(t, err)
					wantConns = append(wantConns, c.Stream)
				}
				require.NotEmpty(t, wantMsgs)
				require.NotEmpty(t, wantConns)

				d := open()
				assert.Nil(t, d.Remaining(), "nothing before the end")
				var msgs []msg
				var conns []uint64
				for r, err := range d.Records() {
					require.NoError(t, err)
					for _, m := range r.Messages {
						assert.Equal(t, r.Frame, m.Frame)
						assert.Equal(t, r.Time, m.Time, "a message's time is its last frame's")
						msgs = append(msgs, msg{m.Frame, m.Stream, m.Time.UnixNano(), string(m.Data)})
					}
					for _, c := range r.Closed() {
						conns = append(conns, c.Stream)
					}
				}
				for _, c := range d.Remaining() {
					conns = append(conns, c.Stream)
				}
				assert.Equal(t, wantMsgs, msgs)
				assert.Equal(t, wantConns, conns)
			})
		}
	}
}
