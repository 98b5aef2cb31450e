package wsframe

import (
	"bytes"
	"compress/flate"
	"os"
	"path/filepath"
	"testing"
)

func FuzzParseHeader(f *testing.F) {
	for _, s := range []string{
		"", "81", "8a80ac1a3c34", "c1f3dc895f99", "81fe007e81c41a9c",
		"81ff0000000000010000cbd3c447", "827fffffffffffffffff", "f3020000",
	} {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var h Header
		n, err := ParseHeader(b, &h)
		if n < 2 || n > MaxHeaderLen {
			t.Fatalf("n = %d", n)
		}
		if err != nil {
			if err != ErrShortHeader || n <= len(b) && len(b) >= 2 {
				t.Fatalf("n = %d, err = %v for %d bytes", n, err, len(b))
			}
			return
		}
		if n != h.HeaderLen || n > len(b) {
			t.Fatalf("n = %d, HeaderLen = %d, len = %d", n, h.HeaderLen, len(b))
		}
		// Encoding the parsed header again gives the same bytes.
		enc := []byte{b[0], b[1]}
		switch h.PayloadLen7 {
		case 126:
			enc = append(enc, byte(h.Length>>8), byte(h.Length))
		case 127:
			for s := 56; s >= 0; s -= 8 {
				enc = append(enc, byte(h.Length>>s))
			}
		default:
			if h.Length != uint64(h.PayloadLen7) {
				t.Fatalf("Length %d for 7-bit %d", h.Length, h.PayloadLen7)
			}
		}
		if h.Masked {
			enc = append(enc, h.Key[:]...)
		}
		if !bytes.Equal(enc, b[:n]) {
			t.Fatalf("re-encoded %x, parsed %x", enc, b[:n])
		}
		_ = CheckHeader(&h, b[0]&1 == 0, b[0]&0x70>>4, nil)
	})
}

func FuzzMask(f *testing.F) {
	f.Add([]byte("Hello, WebSocket"), uint32(0x37fa213d), 3, 5)
	f.Fuzz(func(t *testing.T, b []byte, k uint32, pos, cut int) {
		key := [4]byte{byte(k >> 24), byte(k >> 16), byte(k >> 8), byte(k)}
		want := bytes.Clone(b)
		maskBytewise(key, pos&3, want)
		got := bytes.Clone(b)
		cut = min(max(cut, 0), len(got))
		next := Mask(key, Mask(key, pos, got[:cut]), got[cut:])
		if !bytes.Equal(got, want) || next != (pos+len(b))&3 {
			t.Fatalf("Mask(%x, %d, %x) = %x, %d; want %x", key, pos, b, got, next, want)
		}
	})
}

func FuzzParseClose(f *testing.F) {
	f.Add([]byte("\x03\xe8bye"))
	f.Add([]byte{3})
	f.Fuzz(func(t *testing.T, p []byte) {
		code, reason, ok, err := ParseClose(p)
		switch {
		case len(p) == 0 && (ok || err != nil),
			len(p) == 1 && err != ErrCloseTooShort,
			len(p) >= 2 && (!ok || err != nil || len(reason) != len(p)-2 || int(code) != int(p[0])<<8|int(p[1])):
			t.Fatalf("ParseClose(%x) = %d, %x, %v, %v", p, code, reason, ok, err)
		}
		_ = code.String()
	})
}

func FuzzParseDeflateParams(f *testing.F) {
	for _, s := range []string{
		"permessage-deflate",
		"permessage-deflate; server_no_context_takeover; client_no_context_takeover",
		"permessage-deflate; server_max_window_bits=10; client_max_window_bits=12",
		"x-webkit-deflate-frame; max_window_bits=9",
		`x, permessage-deflate; client_max_window_bits="8"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := ParseDeflateParams(s)
		if !ok {
			if p != (DeflateParams{}) {
				t.Fatalf("not ok but %+v", p)
			}
			return
		}
		for _, bits := range []int{p.ServerMaxWindowBits, p.ClientMaxWindowBits} {
			if bits < 8 || bits > 15 {
				t.Fatalf("window bits %d in %+v", bits, p)
			}
		}
	})
}

// fuzzExtensions are the extension values FuzzAssembler picks from.
var fuzzExtensions = []string{
	"permessage-deflate",
	"permessage-deflate; server_no_context_takeover; client_no_context_takeover",
	"x-webkit-deflate-frame",
	"",
}

// FuzzAssembler feeds a byte stream of frames to an Assembler. The first byte
// picks the direction and the extensions; the caps are small so that the
// fuzzer reaches them. Whatever the bytes, nothing panics and the caps hold.
func FuzzAssembler(f *testing.F) {
	streams, _ := filepath.Glob("testdata/streams/*.s0.client")
	for _, s := range streams {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append([]byte{1}, b[:min(len(b), 2048)]...))
	}
	bomb := (&deflater{level: flate.BestCompression}).compress(f, make([]byte, 1<<20))
	f.Add(appendFrame([]byte{0}, frame{fin: true, rsv: 0x4, op: OpBinary, payload: bomb}))
	const maxMessage, maxInflated = 4096, 8192
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		cfg := Config{
			FromClient:          b[0]&1 != 0,
			Extensions:          fuzzExtensions[int(b[0]>>1)%len(fuzzExtensions)],
			MaxMessageSize:      maxMessage,
			MaxDecompressedSize: maxInflated,
		}
		a := NewAssembler(cfg)
		b = b[1:]
		var h Header
		for id := uint64(1); len(b) > 0; id++ {
			n, err := ParseHeader(b, &h)
			if err != nil {
				return
			}
			b = b[n:]
			// A frame cut short by the end of the input is fed as it is.
			payload := b[:min(uint64(len(b)), h.Length)]
			b = b[len(payload):]
			if h.Masked {
				Mask(h.Key, 0, payload)
			}
			m := a.Frame(&h, payload, id)
			if id%7 == 0 {
				a.Reset()
			}
			if m == nil {
				continue
			}
			if len(m.Data) > max(maxMessage, maxInflated) {
				t.Fatalf("message of %d bytes", len(m.Data))
			}
			if len(m.Frames) == 0 || m.Frames[len(m.Frames)-1] != id {
				t.Fatalf("frames %v completed by %d", m.Frames, id)
			}
			if m.Opcode.IsControl() && len(m.Frames) != 1 {
				t.Fatalf("control message of frames %v", m.Frames)
			}
			if m.Opcode == OpContinuation {
				t.Fatal("message with opcode Continuation")
			}
			if a.inflate != nil && cap(a.inflate.out) > maxInflated+1 {
				t.Fatalf("inflate buffer of %d bytes", cap(a.inflate.out))
			}
			if cap(a.buf) > 2*maxMessage {
				t.Fatalf("reassembly buffer of %d bytes", cap(a.buf))
			}
		}
	})
}
