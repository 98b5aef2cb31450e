package wsframe

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The byte streams in testdata/streams come from the corpus captures: the
// bytes after the HTTP Upgrade of each direction of each WebSocket connection,
// extracted once with tshark by testdata/extract.py. X.messages.jsonl is the
// applications' own record of every message they sent.

// corpusMessage is one line of X.messages.jsonl.
type corpusMessage struct {
	Stream int    `json:"stream"`
	From   string `json:"from"`
	Opcode string `json:"opcode"`
	Length int    `json:"length"`
	SHA256 string `json:"sha256"`
}

// gotMessage is a message the Assembler produced, in the same terms.
type gotMessage struct {
	Opcode string
	Length int
	SHA256 string
}

// corpusStream is one direction of one connection.
type corpusStream struct {
	capture    string
	stream     int
	from       string // "client" or "server"
	extensions string
	bytes      []byte
}

func loadCorpusStreams(t testing.TB) []corpusStream {
	exts, err := filepath.Glob("testdata/streams/*.ext")
	require.NoError(t, err)
	require.NotEmpty(t, exts)
	var streams []corpusStream
	for _, ext := range exts {
		stem := strings.TrimSuffix(ext, ".ext")
		capture, s, ok := strings.Cut(filepath.Base(stem), ".s")
		require.True(t, ok, stem)
		n, err := strconv.Atoi(s)
		require.NoError(t, err)
		extensions, err := os.ReadFile(ext)
		require.NoError(t, err)
		for _, from := range []string{"client", "server"} {
			b, err := os.ReadFile(stem + "." + from)
			require.NoError(t, err)
			streams = append(streams, corpusStream{capture, n, from, string(extensions), b})
		}
	}
	return streams
}

func loadCorpusMessages(t testing.TB, capture string, stream int, from string) []gotMessage {
	f, err := os.Open(filepath.Join("testdata/streams", capture+".messages.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	var msgs []gotMessage
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m corpusMessage
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m))
		if m.Stream == stream && m.From == from {
			msgs = append(msgs, gotMessage{m.Opcode, m.Length, m.SHA256})
		}
	}
	require.NoError(t, sc.Err())
	return msgs
}

var corpusOpcodeNames = map[Opcode]string{
	OpText: "text", OpBinary: "binary", OpClose: "close", OpPing: "ping", OpPong: "pong",
}

// walkFrames parses the frames of a direction's byte stream, unmasks each
// payload in place and hands it to fn. It fails on a truncated trailing frame.
func walkFrames(t testing.TB, b []byte, fn func(h *Header, payload []byte)) {
	var h Header
	for len(b) > 0 {
		n, err := ParseHeader(b, &h)
		require.NoError(t, err)
		require.LessOrEqual(t, h.Length, uint64(len(b)-n), "truncated frame")
		payload := b[n : n+int(h.Length)]
		if h.Masked {
			Mask(h.Key, 0, payload)
		}
		fn(&h, payload)
		b = b[n+int(h.Length):]
	}
}

// TestCorpusMessages feeds every direction of every corpus connection through
// the Assembler and compares the messages with what the applications sent:
// context takeover, no context takeover, window bits, fragmented compressed
// messages, control frames between fragments, browser masking.
func TestCorpusMessages(t *testing.T) {
	for _, cs := range loadCorpusStreams(t) {
		name := cs.capture + "/s" + strconv.Itoa(cs.stream) + "/" + cs.from
		t.Run(name, func(t *testing.T) {
			want := loadCorpusMessages(t, cs.capture, cs.stream, cs.from)
			require.NotEmpty(t, want)
			a := NewAssembler(Config{FromClient: cs.from == "client", Extensions: cs.extensions})
			var got []gotMessage
			var id uint64
			walkFrames(t, cs.bytes, func(h *Header, payload []byte) {
				id++
				m := a.Frame(h, payload, id)
				assert.Empty(t, a.Anomalies(), "frame %d", id)
				if m == nil {
					return
				}
				assert.Empty(t, m.Anomalies, "message ending in frame %d", id)
				sum := sha256.Sum256(m.Data)
				got = append(got, gotMessage{corpusOpcodeNames[m.Opcode], len(m.Data), hex.EncodeToString(sum[:])})
			})
			assert.Equal(t, want, got)
		})
	}
}
