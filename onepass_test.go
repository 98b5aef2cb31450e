package wsdissect

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// onePassView is what a record shows apart from the reassembly facts of
// the frames before a PDU's last, which Options.OnePass leaves out.
func onePassView(r *Record) string {
	s := fmt.Sprintf("%d %s %v", r.Frame, r.Protocol, r.Truncated)
	for _, f := range r.WebSocket {
		s += fmt.Sprintf(" [%v %x]", f.Header, sha256.Sum256(f.Payload))
	}
	for _, m := range r.Messages {
		s += fmt.Sprintf(" <%d %v %x>", m.Opcode, m.Frames, sha256.Sum256(m.Data))
	}
	return s
}

// TestOnePassSameFrames checks that OnePass hands out the same WebSocket
// frames and messages on the same records as the default on every capture
// of testdata, and that it does leave out tcp.reassembled_in on frames
// before a PDU's last (so that the records are not held for it).
func TestOnePassSameFrames(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.pcap*")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	var heldIn, oneIn int
	for _, path := range paths {
		read := func(opt Options) (views []string, reassembledIn int) {
			d, err := Open(path, opt)
			require.NoError(t, err, path)
			defer d.Close()
			for r, err := range d.Records() {
				if err != nil {
					break // a damaged capture ends both runs alike
				}
				views = append(views, onePassView(r))
				if r.ReassembledIn != 0 && r.ReassembledIn != r.Frame {
					reassembledIn++
				}
			}
			return views, reassembledIn
		}
		held, h := read(Options{})
		one, o := read(Options{OnePass: true})
		require.Equal(t, held, one, path)
		heldIn += h
		oneIn += o
	}
	require.Positive(t, heldIn)
	t.Logf("frames with tcp.reassembled_in of a later frame: %d held, %d with OnePass", heldIn, oneIn)
	require.Less(t, oneIn, heldIn, "OnePass still waits for the PDUs of in-order segments")
}
