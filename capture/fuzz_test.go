package capture

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"
)

// FuzzReader feeds arbitrary bytes to the capture reader, gzip'd ones
// among them: it must never panic, and must stop with io.EOF or an error within a bounded number of
// records, none larger than MaxRecordSize.
func FuzzReader(f *testing.F) {
	f.Add(pcapBytes(binary.LittleEndian, false, 1, record{ts: t0, data: []byte("abc")}))
	f.Add(pcapBytes(binary.BigEndian, true, 276, record{ts: t0, data: []byte("abcdef")}))
	f.Add(pcapngBytes([]uint16{1, 276}, record{ts: t0, data: []byte("x"), iface: 1}))
	// the gzip path: any bytes after a gzip magic
	f.Add(gzipMembers(f, pcapBytes(binary.LittleEndian, false, 1, record{ts: t0, data: []byte("abc")}), 30))
	f.Add(gzipMembers(f, pcapngBytes([]uint16{1}, record{ts: t0, data: []byte("x")})))
	if b, err := os.ReadFile("../testdata/node-deflate-window-bits-10-12.pcap"); err == nil {
		f.Add(b[:min(len(b), 2000)])
	}
	if b, err := os.ReadFile("../testdata/node-deflate-no-ctx-takeover.pcapng"); err == nil {
		f.Add(b[:min(len(b), 2000)])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := NewReader(bytes.NewReader(b))
		if err != nil {
			return
		}
		// a gzip input inflates to at most about 1032 times its size
		for i := 0; i < 1100*len(b)+1; i++ {
			data, ci, err := r.Next()
			if err != nil {
				return
			}
			if len(data) > MaxRecordSize || len(data) != ci.CaptureLength || ci.Length < ci.CaptureLength {
				t.Fatalf("record of %d bytes: %+v", len(data), ci)
			}
		}
		t.Fatal("reader did not stop")
	})
}
