package wsdissect

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

// TestHTTPExchanges checks the pairing facts of a keep-alive connection
// (two GETs, then the upgrade) as tshark -2 shows them, and what a single
// pass knows: nothing of later frames, the count so far.
func TestHTTPExchanges(t *testing.T) {
	for _, c := range []struct {
		twoPass bool
		want    map[uint64]map[string]string // frame: field: value ("" absent)
	}{
		{true, map[uint64]map[string]string{
			6:  {"http.request_number": "1", "http.response_in": "8", "http.next_request_in": "10", "http.prev_request_in": ""},
			8:  {"http.response_number": "1", "http.request_in": "6", "http.next_request_in": "10", "http.next_response_in": "11", "http.time": "0.036888000"},
			10: {"http.request_number": "2", "http.prev_request_in": "6", "http.response_in": "11", "http.next_request_in": "13"},
			14: {"http.response_number": "3", "http.prev_request_in": "10", "http.prev_response_in": "11", "http.request_in": "13",
				"http.next_request_in": "", "http.response_for.uri": "http://10.77.0.1:8080/ws"},
		}},
		{false, map[uint64]map[string]string{
			6:  {"http.request_number": "1", "http.response_in": "", "http.next_request_in": ""},
			8:  {"http.response_number": "1", "http.request_in": "6", "http.next_response_in": ""},
			14: {"http.response_number": "3", "http.prev_response_in": "11", "http.request_in": "13"},
		}},
	} {
		d, err := Open("testdata/go-gorilla-keepalive-then-upgrade-node.pcap", Options{KeepFrames: true, TwoPass: c.twoPass})
		require.NoError(t, err)
		tr := field.NewTree()
		seen := 0
		for rec, err := range d.Records() {
			require.NoError(t, err)
			want, ok := c.want[rec.Frame]
			if !ok {
				continue
			}
			seen++
			rec.FillTree(tr, rec.Delta)
			for name, v := range want {
				n := tr.Find(name)
				if v == "" {
					assert.Equal(t, field.NoNode, n, "two pass %v, frame %d: %s", c.twoPass, rec.Frame, name)
					continue
				}
				if assert.NotEqual(t, field.NoNode, n, "two pass %v, frame %d: %s", c.twoPass, rec.Frame, name) {
					assert.Equal(t, v, string(tr.AppendValue(nil, n, field.FormFields)), "two pass %v, frame %d: %s", c.twoPass, rec.Frame, name)
				}
			}
		}
		d.Close()
		assert.Equal(t, len(c.want), seen)
	}
}

// TestFillTreeHTTPAlone: a tree that wants only HTTP (-T fields -e
// http.file_data) still finds a message reassembled from several segments,
// in its own source.
func TestFillTreeHTTPAlone(t *testing.T) {
	d, err := Open("testdata/chromium-abrupt-kill.pcap", Options{KeepFrames: true})
	require.NoError(t, err)
	defer d.Close()
	reg := Registry()
	tr := field.NewTree()
	tr.Want(reg.Lookup("http"))
	for rec, err := range d.Records() {
		require.NoError(t, err)
		if rec.Frame != 23 {
			continue
		}
		rec.FillTree(tr, rec.Delta)
		n := tr.Find("http.file_data")
		require.NotEqual(t, field.NoNode, n)
		assert.Len(t, tr.Bytes(n), 1516)
		assert.Equal(t, field.NoNode, tr.Find("tcp.srcport"))
		return
	}
	t.Fatal("no frame 23")
}

// TestFillTreeOverTLS: the HTTP messages of a decrypted wss capture are in
// TLS records, not in the frames: the tree of every frame builds without
// taking the frame's bytes for them.
func TestFillTreeOverTLS(t *testing.T) {
	d := openTLS(t, "testdata/tls/s-chromium-tls13-aes128gcm-9443.pcap", Options{KeepFrames: true, TwoPass: true})
	defer d.Close()
	tr := field.NewTree()
	https := 0
	for rec, err := range d.Records() {
		require.NoError(t, err)
		rec.FillTree(tr, rec.Delta)
		https += len(rec.HTTP)
		_ = tr.AppendDetails(nil, nil)
	}
	assert.Positive(t, https)
}
