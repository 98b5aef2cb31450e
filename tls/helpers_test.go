package tls

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// chunk is what one side sent at once.
type chunk struct {
	side int
	data []byte
}

// readStream reads testdata/NAME.stream0.hex: tshark's `-z follow,tcp,raw,0`
// lines, the server's indented by a tab.
func readStream(t testing.TB, name string) []chunk {
	t.Helper()
	f, err := os.Open("testdata/" + name + ".stream0.hex")
	require.NoError(t, err)
	defer f.Close()
	var out []chunk
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		side := 0
		if strings.HasPrefix(line, "\t") {
			side = 1
		}
		b, err := hex.DecodeString(strings.TrimSpace(line))
		require.NoError(t, err)
		out = append(out, chunk{side, b})
	}
	require.NoError(t, sc.Err())
	return out
}

// readKeys reads testdata/NAME.keys.
func readKeys(t testing.TB, name string) *KeyLog {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name + ".keys")
	require.NoError(t, err)
	k, err := ReadKeyLog(bytes.NewReader(b))
	require.NoError(t, err)
	return k
}

// replayed is what a Session made of a connection's records.
type replayed struct {
	records [2][]Record // Data and Handshakes copied
	plain   [2][]byte   // application data, decrypted
	errs    []error
}

// replay cuts each side's bytes into records, in the order they were
// sent, and reads them with s.
func replay(s *Session, chunks []chunk) replayed {
	var out replayed
	var buf [2][]byte
	for _, c := range chunks {
		buf[c.side] = append(buf[c.side], c.data...)
		for {
			h, err := ParseHeader(buf[c.side])
			if err != nil || len(buf[c.side]) < HeaderLen+h.Length {
				break
			}
			n := HeaderLen + h.Length
			r := s.Read(c.side, buf[c.side][:n])
			buf[c.side] = buf[c.side][n:]
			r.Data = bytes.Clone(r.Data)
			r.Handshakes = append([]HandshakeType(nil), r.Handshakes...)
			out.records[c.side] = append(out.records[c.side], r)
			if r.Err != nil {
				out.errs = append(out.errs, r.Err)
			}
			if r.Type == TypeApplicationData && r.Decrypted {
				out.plain[c.side] = append(out.plain[c.side], r.Data...)
			}
		}
	}
	return out
}
