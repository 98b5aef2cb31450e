package wsframe

import (
	"bytes"
	"compress/flate"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// feed sends one frame, given as a Header built from f, to a.
func feed(a *Assembler, f frame, id uint64) *Message {
	h := Header{Fin: f.fin, Rsv: f.rsv, Opcode: f.op, Masked: f.masked, Key: f.key,
		Length: uint64(len(f.payload))}
	h.PayloadLen7 = uint8(min(len(f.payload), 125))
	if len(f.payload) > 125 {
		h.PayloadLen7 = 126
	}
	if len(f.payload) > 0xffff {
		h.PayloadLen7 = 127
	}
	return a.Frame(&h, f.payload, id)
}

func TestAssemblerFragmentedWithPing(t *testing.T) {
	a := NewAssembler(Config{})
	assert.Nil(t, feed(a, frame{op: OpText, payload: []byte("Hel")}, 1))
	m := feed(a, frame{fin: true, op: OpPing, payload: []byte("p")}, 2)
	require.NotNil(t, m)
	assert.Equal(t, OpPing, m.Opcode)
	assert.Equal(t, "p", string(m.Data))
	assert.Equal(t, []uint64{2}, m.Frames)
	assert.Nil(t, feed(a, frame{op: OpContinuation, payload: []byte("lo ")}, 3))
	assert.Nil(t, feed(a, frame{op: OpContinuation}, 4)) // empty fragment
	m = feed(a, frame{fin: true, op: OpContinuation, payload: []byte("wörld")}, 5)
	require.NotNil(t, m)
	assert.Equal(t, OpText, m.Opcode)
	assert.Equal(t, "Hello wörld", string(m.Data))
	assert.Equal(t, []uint64{1, 3, 4, 5}, m.Frames)
	assert.False(t, m.Compressed)
	assert.Empty(t, m.Anomalies)
	assert.Empty(t, a.Anomalies())
}

func TestAssemblerSequenceErrors(t *testing.T) {
	a := NewAssembler(Config{})
	assert.Nil(t, feed(a, frame{fin: true, op: OpContinuation, payload: []byte("x")}, 1))
	assert.Equal(t, []AnomalyKind{AnomalyOrphanContinuation}, kinds(a.Anomalies()))

	assert.Nil(t, feed(a, frame{op: OpBinary, payload: []byte("lost")}, 2))
	assert.Empty(t, a.Anomalies(), "anomalies are per call")
	m := feed(a, frame{fin: true, op: OpText, payload: []byte("new")}, 3)
	require.NotNil(t, m)
	assert.Equal(t, []AnomalyKind{AnomalyInterruptedMessage}, kinds(a.Anomalies()))
	assert.Equal(t, "new", string(m.Data))
	assert.Equal(t, []uint64{3}, m.Frames)

	// Reset drops the open message: the continuation is an orphan.
	assert.Nil(t, feed(a, frame{op: OpText, payload: []byte("a")}, 4))
	a.Reset()
	assert.Nil(t, feed(a, frame{fin: true, op: OpContinuation, payload: []byte("b")}, 5))
	assert.Equal(t, []AnomalyKind{AnomalyOrphanContinuation}, kinds(a.Anomalies()))
}

func TestAssemblerHeaderChecks(t *testing.T) {
	a := NewAssembler(Config{FromClient: true})
	m := feed(a, frame{fin: true, op: OpText, payload: []byte("unmasked")}, 1)
	require.NotNil(t, m)
	assert.Equal(t, []AnomalyKind{AnomalyClientUnmasked}, kinds(a.Anomalies()))

	// A fragmented ping is still a message of its own.
	m = feed(a, frame{op: OpPing, masked: true, payload: []byte("x")}, 2)
	require.NotNil(t, m)
	assert.Equal(t, OpPing, m.Opcode)
	assert.Equal(t, []AnomalyKind{AnomalyControlFragmented}, kinds(a.Anomalies()))

	// A reserved data opcode forms a message like Text or Binary.
	m = feed(a, frame{fin: true, op: 0x3, masked: true, payload: []byte("r")}, 3)
	require.NotNil(t, m)
	assert.Equal(t, Opcode(0x3), m.Opcode)
	assert.Equal(t, []AnomalyKind{AnomalyReservedOpcode}, kinds(a.Anomalies()))
}

func TestAssemblerMessageChecks(t *testing.T) {
	tests := []struct {
		name   string
		f      frame
		want   []AnomalyKind
		code   CloseCode
		reason string
	}{
		{"valid text", frame{fin: true, op: OpText, payload: []byte("ok ✓")}, nil, 0, ""},
		{"invalid UTF-8 text", frame{fin: true, op: OpText, payload: []byte{'a', 0xff}}, []AnomalyKind{AnomalyInvalidUTF8}, 0, ""},
		{"binary is not UTF-8 checked", frame{fin: true, op: OpBinary, payload: []byte{0xff}}, nil, 0, ""},
		{"empty close", frame{fin: true, op: OpClose}, nil, 0, ""},
		{"close of 1 byte", frame{fin: true, op: OpClose, payload: []byte{3}}, []AnomalyKind{AnomalyCloseTooShort}, 0, ""},
		{"close 1000", frame{fin: true, op: OpClose, payload: []byte("\x03\xe8bye")}, nil, 1000, "bye"},
		{"close 1005 may not be sent", frame{fin: true, op: OpClose, payload: []byte("\x03\xed")}, []AnomalyKind{AnomalyCloseCode}, 1005, ""},
		{"close 2000 may not be sent", frame{fin: true, op: OpClose, payload: []byte("\x07\xd0")}, []AnomalyKind{AnomalyCloseCode}, 2000, ""},
		{"close reason not UTF-8", frame{fin: true, op: OpClose, payload: []byte("\x0f\xa0\xc3")}, []AnomalyKind{AnomalyInvalidUTF8}, 4000, "\xc3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewAssembler(Config{})
			m := feed(a, tt.f, 7)
			require.NotNil(t, m)
			assert.Equal(t, tt.want, kinds(m.Anomalies))
			assert.Equal(t, tt.code, m.CloseCode)
			assert.Equal(t, tt.code != 0, m.HasCloseCode)
			assert.Equal(t, tt.reason, string(m.CloseReason))
		})
	}
}

func TestAssemblerMessageSizeCap(t *testing.T) {
	a := NewAssembler(Config{MaxMessageSize: 10})
	assert.Nil(t, feed(a, frame{op: OpBinary, payload: []byte("123456")}, 1))
	assert.Nil(t, feed(a, frame{op: OpContinuation, payload: []byte("789abc")}, 2))
	m := feed(a, frame{fin: true, op: OpContinuation, payload: []byte("def")}, 3)
	require.NotNil(t, m)
	assert.Equal(t, "123456789a", string(m.Data))
	assert.Equal(t, []uint64{1, 2, 3}, m.Frames)
	assert.Equal(t, []AnomalyKind{AnomalyMessageTooBig}, kinds(m.Anomalies))

	m = feed(a, frame{fin: true, op: OpText, payload: []byte("0123456789ABCDEF")}, 4)
	require.NotNil(t, m)
	assert.Equal(t, "0123456789", string(m.Data))
	assert.Equal(t, []AnomalyKind{AnomalyMessageTooBig}, kinds(m.Anomalies))

	m = feed(a, frame{fin: true, op: OpText, payload: []byte("fits")}, 5)
	require.NotNil(t, m)
	assert.Equal(t, "fits", string(m.Data))
	assert.Empty(t, m.Anomalies)
}

func TestAssemblerContextTakeover(t *testing.T) {
	msg := []byte(`{"type":"update","text":"The quick brown fox jumps over the lazy dog."}`)
	d := &deflater{level: flate.BestCompression, takeover: true}
	first := d.compress(t, msg)
	second := d.compress(t, msg) // refers back to the first message
	require.Less(t, len(second), len(first)/2)

	a := NewAssembler(Config{Extensions: "permessage-deflate"})
	for i, p := range [][]byte{first, []byte("plain, RSV1 clear"), second} {
		rsv := uint8(0x4)
		if i == 1 {
			rsv = 0
		}
		m := feed(a, frame{fin: true, rsv: rsv, op: OpText, payload: p}, uint64(i))
		require.NotNil(t, m)
		assert.Empty(t, m.Anomalies)
		assert.Equal(t, rsv != 0, m.Compressed)
		if i != 1 {
			assert.Equal(t, string(msg), string(m.Data))
		}
	}

	// After a gap the window is gone: a message that refers to it fails,
	// and says so, instead of inflating into wrong bytes.
	a = NewAssembler(Config{Extensions: "permessage-deflate"})
	require.NotNil(t, feed(a, frame{fin: true, rsv: 0x4, op: OpText, payload: first}, 1))
	a.Reset()
	m := feed(a, frame{fin: true, rsv: 0x4, op: OpText, payload: second}, 2)
	require.NotNil(t, m)
	assert.Contains(t, kinds(m.Anomalies), AnomalyInflateFailed)
}

func TestAssemblerDirectionParams(t *testing.T) {
	// server_no_context_takeover governs the server's messages only: the
	// client direction keeps its window (Wireshark 4.0 swaps the two).
	ext := "permessage-deflate; server_no_context_takeover"
	msg := bytes.Repeat([]byte("abcdefgh"), 20)
	d := &deflater{level: flate.BestCompression, takeover: true}
	first, second := d.compress(t, msg), d.compress(t, msg)

	client := NewAssembler(Config{FromClient: true, Extensions: ext})
	for i, p := range [][]byte{first, second} {
		m := feed(client, frame{fin: true, rsv: 0x4, op: OpBinary, masked: true, payload: p}, uint64(i))
		require.NotNil(t, m)
		assert.Empty(t, m.Anomalies)
		assert.Equal(t, msg, m.Data)
	}
	server := NewAssembler(Config{Extensions: ext})
	require.NotNil(t, feed(server, frame{fin: true, rsv: 0x4, op: OpBinary, payload: first}, 1))
	m := feed(server, frame{fin: true, rsv: 0x4, op: OpBinary, payload: second}, 2)
	require.NotNil(t, m)
	assert.Equal(t, []AnomalyKind{AnomalyInflateFailed}, kinds(m.Anomalies),
		"without takeover the second message's back-references dangle")
}

func TestAssemblerFragmentedCompressed(t *testing.T) {
	msg := bytes.Repeat([]byte("fragmented and compressed; "), 50)
	p := (&deflater{level: flate.BestCompression}).compress(t, msg)
	require.Greater(t, len(p), 6)
	a := NewAssembler(Config{Extensions: "permessage-deflate; server_no_context_takeover"})
	assert.Nil(t, feed(a, frame{rsv: 0x4, op: OpText, payload: p[:2]}, 1))
	assert.NotNil(t, feed(a, frame{fin: true, op: OpPong}, 2))
	assert.Nil(t, feed(a, frame{op: OpContinuation, payload: p[2:5]}, 3))
	m := feed(a, frame{fin: true, op: OpContinuation, payload: p[5:]}, 4)
	require.NotNil(t, m)
	assert.True(t, m.Compressed)
	assert.Equal(t, string(msg), string(m.Data))
	assert.Equal(t, []uint64{1, 3, 4}, m.Frames)
	assert.Empty(t, m.Anomalies)

	// RSV1 belongs on the first frame only, and never on control frames.
	assert.Nil(t, feed(a, frame{rsv: 0x4, op: OpText, payload: p[:2]}, 5))
	assert.Nil(t, feed(a, frame{rsv: 0x4, op: OpContinuation, payload: p[2:5]}, 6))
	assert.Equal(t, []AnomalyKind{AnomalyReservedBits}, kinds(a.Anomalies()))
	assert.NotNil(t, feed(a, frame{fin: true, rsv: 0x4, op: OpPing}, 7))
	assert.Equal(t, []AnomalyKind{AnomalyReservedBits}, kinds(a.Anomalies()))
	m = feed(a, frame{fin: true, op: OpContinuation, payload: p[5:]}, 8)
	require.NotNil(t, m)
	assert.Equal(t, string(msg), string(m.Data))
}

func TestAssemblerInflateFailure(t *testing.T) {
	good := (&deflater{level: flate.BestCompression}).compress(t, []byte("after the failure"))
	garbage := []byte{0xff, 0xff, 0xff, 0xff, 0xff}

	a := NewAssembler(Config{Extensions: "permessage-deflate; server_no_context_takeover"})
	m := feed(a, frame{fin: true, rsv: 0x4, op: OpText, payload: garbage}, 1)
	require.NotNil(t, m)
	assert.Equal(t, []AnomalyKind{AnomalyInflateFailed}, kinds(m.Anomalies))
	m = feed(a, frame{fin: true, rsv: 0x4, op: OpText, payload: good}, 2)
	require.NotNil(t, m)
	assert.Empty(t, m.Anomalies)
	assert.Equal(t, "after the failure", string(m.Data))

	// With context takeover the failure poisons the window: say so, go on.
	a = NewAssembler(Config{Extensions: "permessage-deflate"})
	require.NotNil(t, feed(a, frame{fin: true, rsv: 0x4, op: OpText, payload: good}, 1))
	m = feed(a, frame{fin: true, rsv: 0x4, op: OpText, payload: garbage}, 2)
	require.NotNil(t, m)
	assert.Equal(t, []AnomalyKind{AnomalyInflateFailed, AnomalyInflateContextReset}, kinds(m.Anomalies))
	m = feed(a, frame{fin: true, rsv: 0x4, op: OpText, payload: good}, 3)
	require.NotNil(t, m)
	assert.Empty(t, m.Anomalies)
	assert.Equal(t, "after the failure", string(m.Data))
}

func TestAssemblerDecompressionBomb(t *testing.T) {
	bomb := (&deflater{level: flate.BestCompression}).compress(t, make([]byte, 4<<20))
	require.Less(t, len(bomb), 8<<10)
	after := (&deflater{level: flate.BestCompression}).compress(t, []byte("still dissected"))
	for _, ext := range []string{"permessage-deflate", "permessage-deflate; server_no_context_takeover"} {
		t.Run(ext, func(t *testing.T) {
			a := NewAssembler(Config{Extensions: ext, MaxDecompressedSize: 1000})
			m := feed(a, frame{fin: true, rsv: 0x4, op: OpBinary, payload: bomb}, 1)
			require.NotNil(t, m)
			assert.Len(t, m.Data, 1000)
			assert.Equal(t, AnomalyDecompressedTooBig, m.Anomalies[0].Kind)
			assert.LessOrEqual(t, cap(a.inflate.out), 1001, "the buffer never outgrows the cap")
			m = feed(a, frame{fin: true, rsv: 0x4, op: OpText, payload: after}, 2)
			require.NotNil(t, m)
			assert.Equal(t, "still dissected", string(m.Data))
			assert.Empty(t, m.Anomalies)
		})
	}
}

func TestAssemblerDeflateFrame(t *testing.T) {
	// x-webkit-deflate-frame: every frame with RSV1 is compressed on its own,
	// continuations included, with one compression context.
	d := &deflater{level: flate.BestCompression, takeover: true}
	p1, p2 := d.compress(t, []byte("per-frame ")), d.compress(t, []byte("per-frame compression"))
	a := NewAssembler(Config{FromClient: true, Extensions: "x-webkit-deflate-frame"})
	assert.Nil(t, feed(a, frame{rsv: 0x4, op: OpText, masked: true, payload: p1}, 1))
	m := feed(a, frame{fin: true, rsv: 0x4, op: OpContinuation, masked: true, payload: p2}, 2)
	require.NotNil(t, m)
	assert.Empty(t, a.Anomalies())
	assert.Empty(t, m.Anomalies)
	assert.True(t, m.Compressed)
	assert.Equal(t, "per-frame per-frame compression", string(m.Data))
}

func TestAssemblerAllocs(t *testing.T) {
	a := NewAssembler(Config{FromClient: true, Extensions: "permessage-deflate"})
	key := [4]byte{1, 2, 3, 4}
	single := Header{Fin: true, Opcode: OpText, Masked: true, Key: key, PayloadLen7: 5, Length: 5}
	first := Header{Opcode: OpBinary, Masked: true, Key: key, PayloadLen7: 5, Length: 5}
	cont := Header{Opcode: OpContinuation, Masked: true, Key: key, PayloadLen7: 5, Length: 5}
	last := cont
	last.Fin = true
	ping := Header{Fin: true, Opcode: OpPing, Masked: true, Key: key}
	payload := []byte("hello")
	run := func() {
		a.Frame(&single, payload, 1)
		a.Frame(&first, payload, 2)
		a.Frame(&ping, nil, 3)
		a.Frame(&cont, payload, 4)
		a.Frame(&last, payload, 5)
	}
	run() // warm up the reused buffers
	assert.Zero(t, testing.AllocsPerRun(100, run))
}

func TestAssemblerInflateReusesWindow(t *testing.T) {
	// Steady state of a compressed direction: the inflater's tables and its
	// 32 KiB window are reused, so a message costs far less than a new window.
	d := &deflater{level: flate.BestCompression, takeover: true}
	msgs := make([][]byte, 50)
	for i := range msgs {
		msgs[i] = d.compress(t, []byte(`{"seq":`+string(rune('0'+i%10))+`,"text":"steady state message"}`))
	}
	a := NewAssembler(Config{Extensions: "permessage-deflate"})
	h := Header{Fin: true, Rsv: 0x4, Opcode: OpText}
	for _, p := range msgs[:5] {
		require.Empty(t, a.Frame(&h, p, 0).Anomalies)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, p := range msgs[5:] {
		m := a.Frame(&h, p, 0)
		require.Empty(t, m.Anomalies)
	}
	runtime.ReadMemStats(&after)
	perMessage := (after.TotalAlloc - before.TotalAlloc) / uint64(len(msgs)-5)
	t.Logf("%d bytes allocated per compressed message", perMessage)
	assert.Less(t, perMessage, uint64(4<<10), "bytes allocated per compressed message")
}

func TestAssemblerDeflateFrameCap(t *testing.T) {
	// The decompressed cap holds for the whole message, not for each frame.
	d := &deflater{level: flate.BestCompression, takeover: true}
	a := NewAssembler(Config{Extensions: "x-webkit-deflate-frame", MaxDecompressedSize: 100})
	chunk := bytes.Repeat([]byte("x"), 60)
	assert.Nil(t, feed(a, frame{rsv: 0x4, op: OpBinary, payload: d.compress(t, chunk)}, 1))
	m := feed(a, frame{fin: true, rsv: 0x4, op: OpContinuation, payload: d.compress(t, chunk)}, 2)
	require.NotNil(t, m)
	assert.Len(t, m.Data, 100)
	assert.Equal(t, []AnomalyKind{AnomalyDecompressedTooBig, AnomalyInflateContextReset}, kinds(m.Anomalies))
}

func TestAssemblerCompressedMessageTooBig(t *testing.T) {
	msg := benchText(4000)
	p := (&deflater{level: flate.BestCompression}).compress(t, msg)
	require.Greater(t, len(p), 200)
	a := NewAssembler(Config{Extensions: "permessage-deflate", MaxMessageSize: 100})
	assert.Nil(t, feed(a, frame{rsv: 0x4, op: OpText, payload: p[:80]}, 1))
	m := feed(a, frame{fin: true, op: OpContinuation, payload: p[80:]}, 2)
	require.NotNil(t, m)
	// What inflates from the first 100 bytes is kept; the window is lost.
	assert.Equal(t, []AnomalyKind{AnomalyMessageTooBig, AnomalyInflateContextReset}, kinds(m.Anomalies))
	assert.NotEmpty(t, m.Data)
	assert.True(t, bytes.HasPrefix(msg, m.Data))
}

func TestAssemblerSkipData(t *testing.T) {
	// A header-only view: data frames come without payloads, messages keep
	// their structure and lengths, control frames are read as usual.
	deflated := (&deflater{level: flate.BestCompression, takeover: true}).compress(t, []byte("never inflated"))
	tests := []struct {
		name   string
		frames []frame // payloads stand for the lengths the headers announce
		want   Message
	}{
		{"single text", []frame{{fin: true, op: OpText, payload: []byte("\xff not UTF-8")}},
			Message{Opcode: OpText, Frames: []uint64{1}, Length: 11}},
		{"fragmented binary", []frame{
			{op: OpBinary, payload: make([]byte, 70000)},
			{op: OpContinuation, payload: make([]byte, 3)},
			{fin: true, op: OpContinuation}},
			Message{Opcode: OpBinary, Frames: []uint64{1, 2, 3}, Length: 70003}},
		{"compressed", []frame{{fin: true, rsv: 0x4, op: OpText, payload: deflated}},
			Message{Opcode: OpText, Frames: []uint64{1}, Length: int64(len(deflated)), Compressed: true}},
		{"close keeps its payload", []frame{{fin: true, op: OpClose, payload: []byte("\x03\xe8bye")}},
			Message{Opcode: OpClose, Frames: []uint64{1}, Length: 5, Data: []byte("\x03\xe8bye"),
				CloseCode: 1000, CloseReason: []byte("bye"), HasCloseCode: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewAssembler(Config{Extensions: "permessage-deflate", SkipData: true})
			var m *Message
			for i, f := range tt.frames {
				h := Header{Fin: f.fin, Rsv: f.rsv, Opcode: f.op, Length: uint64(len(f.payload))}
				var payload []byte
				if f.op.IsControl() {
					payload = f.payload
				}
				m = a.Frame(&h, payload, uint64(i+1))
				if i < len(tt.frames)-1 {
					require.Nil(t, m)
				}
				require.Empty(t, a.Anomalies())
			}
			require.NotNil(t, m)
			assert.Equal(t, tt.want, *m)
		})
	}
}

func TestAssemblerMessageLength(t *testing.T) {
	a := NewAssembler(Config{})
	assert.Nil(t, feed(a, frame{op: OpText, payload: []byte("Hel")}, 1))
	assert.Equal(t, int64(1), feed(a, frame{fin: true, op: OpPing, payload: []byte("p")}, 2).Length)
	m := feed(a, frame{fin: true, op: OpContinuation, payload: []byte("lo")}, 3)
	require.NotNil(t, m)
	assert.Equal(t, int64(5), m.Length)
}
