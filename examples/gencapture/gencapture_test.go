package main

import (
	"bytes"
	"encoding/binary"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
)

// testConfig is a small capture: a few dozen connections.
func testConfig() config {
	return config{size: 1.5e6, seed: 7, conns: 20, deflate: 0.3}
}

func TestSameSeedSameBytes(t *testing.T) {
	var a, b, c bytes.Buffer
	cfg := testConfig()
	_, err := generate(&a, cfg)
	require.NoError(t, err)
	_, err = generate(&b, cfg)
	require.NoError(t, err)
	cfg.seed++
	_, err = generate(&c, cfg)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a.Bytes(), b.Bytes()), "same seed, different captures")
	assert.False(t, bytes.Equal(a.Bytes(), c.Bytes()), "different seeds, same capture")
}

// dissected is what wsdissect finds in a capture, in the generator's terms.
type dissected struct {
	packets      int64
	streams      map[uint64]bool
	httpHeads    int
	frames       int
	messages     [16]int
	payloadBytes [16]int64
	digests      [16]uint64
	anomalies    map[string]int // by layer
	// The TCP analysis flags: the impairments' traces (holes, their
	// fillers, duplicate ACKs) and everything else, which must not happen.
	lostSegment, filler, dupAck, otherFlags int
}

func dissect(t *testing.T, capture []byte) *dissected {
	t.Helper()
	d, err := wsdissect.New(bytes.NewReader(capture), wsdissect.Options{})
	require.NoError(t, err)
	got := &dissected{streams: map[uint64]bool{}, anomalies: map[string]int{}}
	for rec, err := range d.Records() {
		require.NoError(t, err)
		got.packets++
		if rec.TCP != nil {
			a := &rec.TCP.Analysis
			got.streams[a.Stream] = true
			switch {
			case !a.Flagged():
			case a.LostSegment:
				got.lostSegment++
			case a.Retransmission || a.OutOfOrder:
				got.filler++
			case a.DupAck:
				got.dupAck++
			default:
				got.otherFlags++
				t.Logf("frame %d: unexpected TCP analysis %+v", rec.Frame, *a)
			}
		}
		got.httpHeads += len(rec.HTTP)
		got.frames += len(rec.WebSocket)
		for _, a := range rec.Anomalies {
			got.anomalies[a.Layer]++
			t.Logf("frame %d: %v", rec.Frame, a)
		}
		for _, m := range rec.Messages {
			h := fnv.New64a()
			h.Write(m.Data)
			got.messages[m.Opcode]++
			got.payloadBytes[m.Opcode] += int64(len(m.Data))
			got.digests[m.Opcode] += h.Sum64()
			for _, a := range m.Anomalies {
				got.anomalies["message "+a.Layer]++
				t.Logf("message in frame %d: %v", m.Frame, a)
			}
		}
	}
	return got
}

func TestDissectedAsGenerated(t *testing.T) {
	for _, tc := range []struct {
		name    string
		loss    float64
		reorder float64
		deflate float64
		// impaired: lost and reordered segments are reported by the TCP
		// analysis.
		impaired bool
	}{
		{name: "clean", deflate: 0.3},
		{name: "all deflate", deflate: 1},
		{name: "no deflate", deflate: 0},
		{name: "loss and reordering", loss: 0.01, reorder: 0.01, deflate: 0.3, impaired: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.loss, cfg.reorder, cfg.deflate = tc.loss, tc.reorder, tc.deflate
			var buf bytes.Buffer
			sum, err := generate(&buf, cfg)
			require.NoError(t, err)
			require.Equal(t, sum.Bytes, int64(buf.Len()))
			require.Greater(t, sum.Connections, cfg.conns, "connections open and close")

			got := dissect(t, buf.Bytes())
			assert.Equal(t, sum.Packets, got.packets)
			assert.Len(t, got.streams, sum.Connections)
			assert.Equal(t, 2*sum.Connections, got.httpHeads, "an Upgrade request and a 101 per connection")
			assert.Equal(t, sum.Frames, got.frames)
			assert.Equal(t, sum.Messages, got.messages)
			assert.Equal(t, sum.PayloadBytes, got.payloadBytes)
			assert.Equal(t, sum.Digests, got.digests, "payloads differ")
			assert.Equal(t, 2*sum.Connections, sum.Messages[opClose])

			assert.Empty(t, got.anomalies)
			assert.Zero(t, got.otherFlags)
			if !tc.impaired {
				assert.Zero(t, got.lostSegment+got.filler+got.dupAck)
				return
			}
			// Every hole is reported where it opens and where it fills (a
			// lost segment at the very end of a write leaves no hole).
			require.Positive(t, sum.Lost)
			require.Positive(t, sum.Reordered)
			assert.Positive(t, got.lostSegment)
			assert.LessOrEqual(t, got.lostSegment, sum.Lost+sum.Reordered)
			assert.GreaterOrEqual(t, got.filler, got.lostSegment)
			assert.LessOrEqual(t, got.filler, sum.Lost+sum.Reordered)
			assert.Positive(t, got.dupAck)
		})
	}
}

func TestChecksums(t *testing.T) {
	var buf bytes.Buffer
	_, err := generate(&buf, config{size: 1, seed: 3, conns: 2})
	require.NoError(t, err)
	b := buf.Bytes()[24:] // past the file header
	n := 0
	for len(b) >= 16 {
		caplen := int(binary.LittleEndian.Uint32(b[8:]))
		frame := b[16 : 16+caplen]
		b = b[16+caplen:]
		ip := frame[14:]
		ihl := int(ip[0]&0x0f) * 4
		require.Zero(t, checksum(ip[:ihl], 0), "IPv4 header checksum")
		seg := ip[ihl:binary.BigEndian.Uint16(ip[2:])]
		pseudo := uint64(binary.BigEndian.Uint32(ip[12:])) + uint64(binary.BigEndian.Uint32(ip[16:])) + 6 + uint64(len(seg))
		require.Zero(t, checksum(seg, pseudo), "TCP checksum")
		n++
	}
	assert.Greater(t, n, 10)
}

func TestAcceptKey(t *testing.T) {
	// RFC 6455 §1.3.
	assert.Equal(t, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", acceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
}

func TestMask(t *testing.T) {
	payload := []byte("Hello, WebSocket: a payload longer than eight bytes")
	framed := appendFrame(nil, true, false, opText, payload, true, 0x37fa213d)
	require.Equal(t, []byte{0x81, 0x80 | byte(len(payload)), 0x37, 0xfa, 0x21, 0x3d}, framed[:6])
	masked := framed[6:]
	for i := range masked {
		masked[i] ^= framed[2+i%4]
	}
	assert.Equal(t, payload, masked)
}

func TestFrameLengths(t *testing.T) {
	for _, tc := range []struct {
		n      int
		header []byte
	}{
		{125, []byte{0x82, 125}},
		{126, []byte{0x82, 126, 0, 126}},
		{65535, []byte{0x82, 126, 0xff, 0xff}},
		{65536, []byte{0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0}},
	} {
		f := appendFrame(nil, true, false, opBinary, make([]byte, tc.n), false, 0)
		assert.Equal(t, tc.header, f[:len(tc.header)], "length %d", tc.n)
		assert.Len(t, f, len(tc.header)+tc.n)
	}
}

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "gen.pcap")
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"-o", out, "-size", "2e5", "-seed", "9", "-conns", "3"}, 0},
		{[]string{"-size", "2e5"}, 2},                // no -o
		{[]string{"-o", out, "-size", "0"}, 2},       // no size
		{[]string{"-o", out, "-loss", "0.5"}, 2},     // loss too high
		{[]string{"-o", out, "-deflate", "2"}, 2},    // not a share
		{[]string{"-o", out, "extra"}, 2},            // an argument
		{[]string{"-o", out, "-nosuchflag"}, 2},      // unknown flag
		{[]string{"-o", filepath.Join(out, "x")}, 1}, // cannot create
	} {
		code := run(tc.args, io.Discard)
		assert.Equal(t, tc.code, code, "%q", tc.args)
	}
	st, err := os.Stat(out)
	require.NoError(t, err)
	assert.Greater(t, st.Size(), int64(2e5))
}

func BenchmarkGenerate(b *testing.B) {
	cfg := config{size: 20e6, seed: 1, conns: 50, loss: 0.0005, reorder: 0.0005, deflate: 0.3}
	b.SetBytes(cfg.size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := generate(io.Discard, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
