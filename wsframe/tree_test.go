package wsframe

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

// treeFrame decodes one frame's bytes as the pipeline does (header,
// unmasked payload, the message the assembler completes) into what
// FillTree shows; frags gathers the fragments of the message in progress.
func treeFrame(t *testing.T, a *Assembler, raw []byte, frame uint64, frags *[]Fragment) *TreeFrame {
	t.Helper()
	var h Header
	n, err := ParseHeader(raw, &h)
	require.NoError(t, err)
	payload := append([]byte(nil), raw[n:]...)
	require.Len(t, payload, int(h.Length))
	if h.Masked {
		Mask(h.Key, 0, payload)
	}
	f := &TreeFrame{Header: h, Payload: payload}
	fragmented := !h.Opcode.IsControl() && (!h.Fin || h.Opcode == OpContinuation)
	if fragmented && h.Opcode != OpContinuation {
		*frags = (*frags)[:0]
	}
	if fragmented && h.Length > 0 {
		*frags = append(*frags, Fragment{Frame: frame, Length: int(h.Length)})
	}
	if m := a.Frame(&h, payload, frame); m != nil {
		f.Ends, f.Opcode, f.Data, f.Compressed = true, m.Opcode, append([]byte(nil), m.Data...), m.Compressed
		if fragmented {
			f.Fragments = append([]Fragment(nil), *frags...)
		}
	}
	return f
}

// Frames of node-fragmented-ping-between.pcap, one direction after the
// other, with the lines tshark 4.0 -V shows for each (its
// X.details.txt.gz) and the body it hands on.
func TestFillTreeAsTsharkShows(t *testing.T) {
	type step struct {
		frame uint64
		raw   string
		want  string
		body  string // Opcode:data of the body, "" for none
	}
	ws := func(lines ...string) string { return strings.Join(lines, "\n") + "\n" }
	tests := []struct {
		name       string
		fromClient bool
		steps      []step
	}{
		{"client text in three fragments, a ping between", true, []step{
			{13, "018af44cc578802da7719c29b71d962e", ws("WebSocket",
				"    0... .... = Fin: False", "    .000 .... = Reserved: 0x0", "    .... 0001 = Opcode: Text (1)",
				"    1... .... = Mask: True", "    .000 1010 = Payload length: 10", "    Masking-Key: f44cc578",
				"    Masked payload", "    Payload"), ""},
			{14, "89917355d51c1e3cb1311527b47b1e30bb685325bc7214", ws("WebSocket",
				"    1... .... = Fin: True", "    .000 .... = Reserved: 0x0", "    .... 1001 = Opcode: Ping (9)",
				"    1... .... = Mask: True", "    .001 0001 = Payload length: 17", "    Masking-Key: 7355d51c",
				"    Masked payload", "    Payload", "        Ping: 6d69642d667261676d656e742070696e67"), ""},
			{15, "00943e1646c75f7a36af5f3627ab4e7e27e75c7332a6516134b3", ws("WebSocket",
				"    0... .... = Fin: False", "    .000 .... = Reserved: 0x0", "    .... 0000 = Opcode: Continuation (0)",
				"    1... .... = Mask: True", "    .001 0100 = Payload length: 20", "    Masking-Key: 3e1646c7",
				"    Masked payload", "    Payload", "Continue: 616c70686120616c70686120626574616f777274"), ""},
			{16, "809e7c38971314fb3e7f1057b7741d55fa725c4cf6717550f2611918e0d0ca4afb770d5c", ws("WebSocket",
				"    1... .... = Fin: True", "    .000 .... = Reserved: 0x0", "    .... 0000 = Opcode: Continuation (0)",
				"    1... .... = Mask: True", "    .001 1110 = Payload length: 30", "    Masking-Key: 7c389713",
				"    Masked payload", "    Payload", `        Text: tab\therebbalpha alpha betaowrthéllo gamma tab\there wörldqd`,
				"[3 Reassembled websocket Fragments (60 bytes): #13(10), #15(20), #16(30)]",
				"    [Frame: 13, payload: 0-9 (10 bytes)]", "    [Frame: 15, payload: 10-29 (20 bytes)]",
				"    [Frame: 16, payload: 30-59 (30 bytes)]", "    [Fragment count: 3]",
				"    [Reassembled websocket Payload length: 60]"),
				"Text:tab\therebbalpha alpha betaowrthéllo gamma tab\there wörldqd"},
		}},
		{"server pong and text", false, []step{
			{18, "8a116d69642d667261676d656e742070696e67", ws("WebSocket",
				"    1... .... = Fin: True", "    .000 .... = Reserved: 0x0", "    .... 1010 = Opcode: Pong (10)",
				"    0... .... = Mask: False", "    .001 0001 = Payload length: 17", "    Payload",
				"        Pong: 6d69642d667261676d656e742070696e67"), ""},
			{19, "813c74616209686572656262616c70686120616c70686120626574616f77727468c3a96c6c6f2067616d6d612074616209686572652077c3b6726c647164", ws("WebSocket",
				"    1... .... = Fin: True", "    .000 .... = Reserved: 0x0", "    .... 0001 = Opcode: Text (1)",
				"    0... .... = Mask: False", "    .011 1100 = Payload length: 60", "    Payload",
				`        Text: tab\therebbalpha alpha betaowrthéllo gamma tab\there wörldqd`),
				"Text:tab\therebbalpha alpha betaowrthéllo gamma tab\there wörldqd"},
		}},
		{"client binary, an empty fragment is not reassembled", true, []step{
			{21, "02e4d0dd615d75b2c60bca63064b80d76e173a80d8658d96d25957c85137cef622b1cdf6a375cb9e87a314fc015617fb5f7e62099603b76f86f9636a8dd41655b91875e82ffdb7c1739bce30a806393a4404f2a33402fc7da00f0728f354c75c528a4400a1bc31d581e3", ws("WebSocket",
				"    0... .... = Fin: False", "    .000 .... = Reserved: 0x0", "    .... 0010 = Opcode: Binary (2)",
				"    1... .... = Mask: True", "    .110 0100 = Payload length: 100", "    Masking-Key: d0dd615d",
				"    Masked payload", "    Payload"), ""},
			{23, "0080182f8140", ws("WebSocket",
				"    0... .... = Fin: False", "    .000 .... = Reserved: 0x0", "    .... 0000 = Opcode: Continuation (0)",
				"    1... .... = Mask: True", "    .000 0000 = Payload length: 0", "    Masking-Key: 182f8140"), ""},
			{24, "80b23be134702bfc33bf1db712112363c889d57be072024ffc50be7ef65ae921588cbdc29eb576356de2715cc05ef959e7ed25c39bd71b58", ws("WebSocket",
				"    1... .... = Fin: True", "    .000 .... = Reserved: 0x0", "    .... 0000 = Opcode: Continuation (0)",
				"    1... .... = Mask: True", "    .011 0010 = Payload length: 50", "    Masking-Key: 3be13470",
				"    Masked payload", "    Payload",
				"[2 Reassembled websocket Fragments (150 bytes): #21(100), #24(50)]",
				"    [Frame: 21, payload: 0-99 (100 bytes)]", "    [Frame: 24, payload: 100-149 (50 bytes)]",
				"    [Fragment count: 2]", "    [Reassembled websocket Payload length: 150]"), "Binary:"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewAssembler(Config{FromClient: tt.fromClient})
			var frags []Fragment
			tr := field.NewTree()
			for _, s := range tt.steps {
				raw := unhex(t, s.raw)
				f := treeFrame(t, a, raw, s.frame, &frags)
				tr.Reset()
				tr.AddSource("Frame", raw)
				body, ok := FillTree(tr, f)
				assert.Equal(t, s.want, string(tr.AppendDetails(nil, nil)), "frame %d", s.frame)
				assert.Equal(t, s.body != "", ok, "frame %d", s.frame)
				if !ok {
					continue
				}
				op, text, _ := strings.Cut(s.body, ":")
				assert.Equal(t, op, body.Opcode.String())
				if body.Opcode == OpText {
					assert.Equal(t, text, string(body.Data))
				}
				src := tr.Sources()[body.Source]
				assert.Equal(t, body.Data, src.Data[body.Offset:body.Offset+len(body.Data)], "the body is where it says")
			}
		})
	}
}

// The sources FillTree adds are named as tshark's -x shows them.
func TestFillTreeSources(t *testing.T) {
	a := NewAssembler(Config{FromClient: true})
	var frags []Fragment
	tr := field.NewTree()
	names := func() (out []string) {
		for _, s := range tr.Sources() {
			out = append(out, s.Name)
		}
		return out
	}
	for i, raw := range []string{"018af44cc578802da7719c29b71d962e", "00943e1646c75f7a36af5f3627ab4e7e27e75c7332a6516134b3",
		"809e7c38971314fb3e7f1057b7741d55fa725c4cf6717550f2611918e0d0ca4afb770d5c"} {
		b := unhex(t, raw)
		f := treeFrame(t, a, b, uint64(13+i), &frags)
		tr.Reset()
		tr.AddSource("Frame", b)
		FillTree(tr, f)
	}
	assert.Equal(t, []string{"Frame", "Unmasked data", "Reassembled Message"}, names())
	assert.Equal(t, 0, tr.CurrentSource(), "the current source is left as it was")
}

// A Close frame shows its status code by name and its reason; an opcode
// RFC 6455 reserves gets Wireshark's expert info; a tree that does not
// want websocket gets nothing.
func TestFillTreeClose(t *testing.T) {
	tests := []struct {
		name string
		f    frame
		want string
	}{
		{"close 1000", frame{fin: true, op: OpClose, payload: append([]byte{0x03, 0xe8}, "normal closure"...)},
			"    Payload\n        Close\n            Status code: Normal Closure (1000)\n            Reason: normal closure\n"},
		{"close 4000", frame{fin: true, op: OpClose, masked: true, key: [4]byte{1, 2, 3, 4}, payload: []byte{0x0f, 0xa0}},
			"    Payload\n        Close\n            Status code: Unknown (4000)\n"},
		{"reserved control", frame{fin: true, op: 0xb, payload: []byte{1}},
			"    Payload\n        Unknown: 01\n            [Expert Info (Note/Undecoded): Dissector for Websocket Opcode (11) code not implemented, Contact Wireshark developers if you want this supported]\n" +
				"                [Dissector for Websocket Opcode (11) code not implemented, Contact Wireshark developers if you want this supported]\n" +
				"                [Severity level: Note]\n                [Group: Undecoded]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := appendFrame(nil, tt.f)
			var frags []Fragment
			f := treeFrame(t, NewAssembler(Config{}), raw, 1, &frags)
			tr := field.NewTree()
			tr.AddSource("Frame", raw)
			FillTree(tr, f)
			out := string(tr.AppendDetails(nil, nil))
			_, payload, ok := strings.Cut(out, "    Payload\n")
			require.True(t, ok, out)
			assert.Equal(t, tt.want, "    Payload\n"+payload)
		})
	}
	tr := field.NewTree()
	tr.Want(&field.Field{Abbrev: "tcp"})
	raw := appendFrame(nil, frame{fin: true, op: OpText, payload: []byte("x")})
	var frags []Fragment
	_, ok := FillTree(tr, treeFrame(t, NewAssembler(Config{}), raw, 1, &frags))
	assert.False(t, ok)
	assert.Zero(t, tr.Len())
}

// FuzzFillTree: any header, a payload cut anywhere and whatever the
// message says never panic FillTree or the views of its tree.
func FuzzFillTree(f *testing.F) {
	f.Add([]byte{0x81, 0x85, 1, 2, 3, 4, 'h', 'e', 'l', 'l', 'o'}, true, true, 0)
	f.Add([]byte{0x00, 0x7e, 0x01, 0x00}, false, false, 3)
	f.Add([]byte{0x88, 0x7f, 0, 0, 0, 0, 0, 0, 0, 2, 3, 0xe8}, true, true, 1)
	f.Fuzz(func(t *testing.T, raw []byte, ends, pmc bool, nfrags int) {
		var h Header
		n, err := ParseHeader(raw, &h)
		if err != nil {
			return
		}
		payload := raw[n:]
		if uint64(len(payload)) > h.Length {
			payload = payload[:h.Length]
		}
		frags := make([]Fragment, nfrags&7)
		for i := range frags {
			frags[i] = Fragment{Frame: uint64(i + 1), Length: len(payload) / (i + 1)}
		}
		tf := &TreeFrame{Header: h, Payload: payload, PMC: pmc, Ends: ends, Opcode: Opcode(raw[0] & 0xf),
			Data: payload, Compressed: pmc && h.Rsv&4 != 0, Fragments: frags, Reassembled: payload}
		tr := field.NewTree()
		tr.AddSource("Frame", raw)
		FillTree(tr, tf)
		tr.AppendDetails(nil, nil)
		tr.AppendJSON(nil, 1)
	})
}

// A compressed message that does not inflate gets Wireshark's expert info
// after its frame, and no body.
func TestFillTreeDecompressionFailed(t *testing.T) {
	raw := appendFrame(nil, frame{fin: true, rsv: 4, op: OpText, payload: []byte{0xff, 0xff}})
	var frags []Fragment
	a := NewAssembler(Config{Extensions: "permessage-deflate"})
	f := treeFrame(t, a, raw, 1, &frags)
	for _, an := range a.msg.Anomalies {
		f.InflateFailed = f.InflateFailed || an.Kind == AnomalyInflateFailed
	}
	require.True(t, f.InflateFailed)
	f.PMC = true
	tr := field.NewTree()
	tr.AddSource("Frame", raw)
	_, ok := FillTree(tr, f)
	assert.False(t, ok)
	assert.Equal(t, "WebSocket\n    1... .... = Fin: True\n    .100 .... = Reserved: 0x4\n    .1.. .... = Per-Message Compressed: True\n"+
		"    .... 0001 = Opcode: Text (1)\n    0... .... = Mask: False\n    .000 0010 = Payload length: 2\n    Payload\n"+
		"[Expert Info (Warning/Protocol): Decompression failed]\n    [Decompression failed]\n    [Severity level: Warning]\n    [Group: Protocol]\n",
		string(tr.AppendDetails(nil, nil)))
}
