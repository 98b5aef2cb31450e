package wsdissect

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openTLS opens a wss capture of testdata/tls with its key log (X.keys)
// when it has one: the others carry a Decryption Secrets Block.
func openTLS(t *testing.T, capture string, opt Options) *Dissector {
	t.Helper()
	base := strings.TrimSuffix(capture, filepath.Ext(capture))
	if f, err := os.Open(strings.TrimSuffix(base, ".dsb") + ".keys"); err == nil && !strings.HasSuffix(base, ".dsb") {
		defer f.Close()
		opt.KeyLog = f
	}
	d, err := Open(capture, opt)
	require.NoError(t, err)
	return d
}

// TestTLSConformance checks the wss captures of testdata/tls against
// tshark's output with their key logs (tshark -o tls.keylog_file:X.keys; no
// option for a capture with a Decryption Secrets Block): the fields of the
// websocket, http, tcp and tls views cell by cell, the one-line summary of
// every frame, and the messages against the applications' record.
func TestTLSConformance(t *testing.T) {
	captures, _ := filepath.Glob("testdata/tls/*.pcap*")
	require.NotEmpty(t, captures)
	for _, capture := range captures {
		base := strings.TrimSuffix(capture, filepath.Ext(capture))
		t.Run(filepath.Base(base), func(t *testing.T) {
			for _, view := range []string{"websocket", "http", "tcp", "tls"} {
				file := map[string]string{"websocket": "ws"}[view]
				if file == "" {
					file = view
				}
				g := readGolden(t, base+"."+file+".tsv")
				d := openTLS(t, capture, Options{})
				streams := map[string]bool{}
				if view == "tcp" { // compare.py: the streams that carry WebSocket
					ws := readGolden(t, base+".ws.tsv")
					for _, r := range ws.rows {
						streams[r[1]] = true
					}
				}
				n := 0
				for rec, err := range d.Records() {
					require.NoError(t, err)
					if !rec.Has(view) {
						continue
					}
					frame := fmt.Sprint(rec.Frame)
					want, ok := g.rows[frame]
					if view == "tcp" && (!ok || !streams[want[1]]) {
						continue
					}
					require.True(t, ok, "%s: frame %s is not in tshark's view", view, frame)
					for i, f := range g.header {
						assert.Equal(t, want[i], string(rec.AppendField(nil, f, ",", AllOccurrences)), "%s: frame %s %s", view, frame, f)
					}
					n++
				}
				d.Close()
				if view != "tcp" {
					assert.Equal(t, len(g.rows), n, "%s rows", view)
				}
			}
			checkTLSSummary(t, capture, base)
			checkTLSMessages(t, capture, base)
		})
	}
}

func checkTLSSummary(t *testing.T, capture, base string) {
	b, err := os.ReadFile(base + ".summary.txt")
	require.NoError(t, err)
	want := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	d := openTLS(t, capture, Options{})
	defer d.Close()
	var line []byte
	n := 0
	for rec, err := range d.Records() {
		require.NoError(t, err)
		line = rec.AppendSummary(line[:0])
		if n < len(want) {
			assert.Equal(t, want[n], string(line), "summary of frame %d", rec.Frame)
		}
		n++
	}
	assert.Equal(t, len(want), n, "summary lines")
}

func checkTLSMessages(t *testing.T, capture, base string) {
	b, err := os.ReadFile(base + ".messages.jsonl")
	if errors.Is(err, fs.ErrNotExist) && strings.Contains(base, "midconn") {
		b, err = nil, nil // no message can be read: TestTLSMidstream
	}
	require.NoError(t, err)
	want := map[string][]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l == "" {
			continue
		}
		var m truthMessage
		require.NoError(t, json.Unmarshal([]byte(l), &m))
		k := fmt.Sprintf("%d/%s", m.Stream, m.From)
		want[k] = append(want[k], fmt.Sprintf("%s %d %s", m.Opcode, m.Length, m.SHA256))
	}
	got := map[string][]string{}
	d := openTLS(t, capture, Options{Workers: 2}) // the parallel driver decrypts the same
	defer d.Close()
	for m, err := range d.Messages() {
		require.NoError(t, err)
		from := "server"
		if m.FromClient {
			from = "client"
		}
		sum := sha256.Sum256(m.Data)
		k := fmt.Sprintf("%d/%s", m.Stream, from)
		got[k] = append(got[k], fmt.Sprintf("%s %d %s", opcodeWord(m.Opcode), len(m.Data), hex.EncodeToString(sum[:])))
	}
	assert.Equal(t, want, got)
}

// TestTLSWithoutKeys: without secrets the records are shown as tshark shows
// them (Application Data), no WebSocket, and the connection says how many
// bytes stayed encrypted.
func TestTLSWithoutKeys(t *testing.T) {
	d, err := Open("testdata/tls/s-coalesced-tls13-aes256gcm-443.pcap", Options{})
	require.NoError(t, err)
	defer d.Close()
	var appData, ws int
	var conns []*Connection
	for rec, err := range d.Records() {
		require.NoError(t, err)
		ws += len(rec.WebSocket)
		for _, r := range rec.TLS {
			if r.Type == 23 {
				appData++
				assert.Equal(t, "TLSv1.3", rec.Protocol)
			}
		}
		for _, c := range rec.Closed() {
			conns = append(conns, c.Clone())
		}
	}
	assert.Zero(t, ws)
	assert.Positive(t, appData)
	require.NotEmpty(t, conns)
	tc := conns[0].TLS
	require.NotNil(t, tc)
	assert.False(t, tc.Decrypted)
	assert.Positive(t, tc.Encrypted[0])
	assert.Positive(t, tc.Encrypted[1])
}

// TestTLSMidstream: a capture that begins after the handshake (on port
// 443, which tshark reads as TLS without a hello) cannot be decrypted, even
// with the key log; its records stay Application Data, and the connection
// counts the bytes each side's records kept encrypted (tshark's
// tls.record.length of its 13 content type 23 records: 2096 from port 443,
// which sent the first packet seen and so is the connection's initiator,
// 2048 from the other side).
func TestTLSMidstream(t *testing.T) {
	d := openTLS(t, "testdata/tls/tlscap-midconn-tls12-aes128cbcsha-443.pcap", Options{})
	defer d.Close()
	var conns []*Connection
	ws, appData := 0, 0
	for rec, err := range d.Records() {
		require.NoError(t, err)
		ws += len(rec.WebSocket)
		for _, r := range rec.TLS {
			assert.False(t, r.Decrypted)
			if r.Type == 23 {
				appData++
			}
		}
		for _, c := range rec.Closed() {
			conns = append(conns, c.Clone())
		}
	}
	assert.Zero(t, ws)
	assert.Equal(t, 13, appData)
	require.Len(t, conns, 1)
	tc := conns[0].TLS
	require.NotNil(t, tc)
	assert.False(t, tc.Decrypted)
	assert.Equal(t, [2]int64{2096, 2048}, tc.Encrypted)
}

// TestTLSBadKeyLogs: a key log of random bytes, or one for another
// capture, decrypts nothing and breaks nothing; a key log whose secrets are
// wrong makes each record an anomaly, never data.
func TestTLSBadKeyLogs(t *testing.T) {
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(i*7 + i>>8)
	}
	keys, err := os.ReadFile("testdata/tls/s-coalesced-tls13-aes256gcm-443.keys")
	require.NoError(t, err)
	var wrong strings.Builder // the same client randoms, other secrets
	for _, line := range strings.Split(string(keys), "\n") {
		if f := strings.Fields(line); len(f) == 3 {
			fmt.Fprintf(&wrong, "%s %s %s\n", f[0], f[1], strings.Repeat("5a", len(f[2])/2))
		}
	}
	for _, tt := range []struct {
		name, keyLog, capture string
		failed                bool
	}{
		{"random bytes", string(random), "s-coalesced-tls13-aes256gcm-443.pcap", false},
		{"another capture's", string(keys), "s-deflate-ctx-tls13-aes128gcm-9443.pcap", false},
		{"wrong secrets", wrong.String(), "s-coalesced-tls13-aes256gcm-443.pcap", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Open("testdata/tls/"+tt.capture, Options{KeyLog: strings.NewReader(tt.keyLog)})
			require.NoError(t, err)
			defer d.Close()
			ws, anomalies := 0, 0
			var conns []*Connection
			for rec, err := range d.Records() {
				require.NoError(t, err)
				ws += len(rec.WebSocket)
				for _, a := range rec.Anomalies {
					if a.Layer == "tls" {
						anomalies++
					}
				}
				for _, c := range rec.Closed() {
					conns = append(conns, c.Clone())
				}
			}
			assert.Zero(t, ws)
			require.NotEmpty(t, conns)
			assert.False(t, conns[0].TLS.Decrypted && !tt.failed)
			assert.Equal(t, tt.failed, anomalies > 0)
			assert.Equal(t, tt.failed, conns[0].TLS.Failed > 0)
		})
	}
}
