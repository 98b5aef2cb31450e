package wsframe

import (
	"bytes"
	"compress/flate"
	"fmt"
	"os"
	"strings"
	"testing"
)

// benchText is JSON-like text that compresses about as well as chat traffic.
func benchText(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `{"seq":%d,"user":"user%d","text":"The quick brown fox %d jumps over the lazy dog."}`+"\n", i, i%17, i*i%1013)
	}
	return b.Bytes()[:n]
}

// BenchmarkInflate measures permessage-deflate inflation (MB/s of inflated
// output) through the Assembler, one message per iteration.
func BenchmarkInflate(b *testing.B) {
	for _, size := range []int{256, 16 << 10, 1 << 20} {
		msg := benchText(size)
		p := (&deflater{level: flate.BestCompression}).compress(b, msg)
		b.Run(fmt.Sprintf("%d", size), func(b *testing.B) {
			a := NewAssembler(Config{Extensions: "permessage-deflate; server_no_context_takeover"})
			h := Header{Fin: true, Rsv: 0x4, Opcode: OpText, Length: uint64(len(p))}
			b.SetBytes(int64(len(msg)))
			b.ReportAllocs()
			for b.Loop() {
				if m := a.Frame(&h, p, 0); len(m.Data) != len(msg) {
					b.Fatalf("inflated %d bytes", len(m.Data))
				}
			}
		})
	}
}

// BenchmarkAssemblerCorpus replays directions of corpus connections (parse,
// unmask, assemble, inflate), MB/s of wire bytes. Reset brings the context
// takeover window back to the start of the stream.
func BenchmarkAssemblerCorpus(b *testing.B) {
	for _, name := range []string{
		"node-coalesced-small-msgs-lo.s0.client",
		"node-deflate-ctx-takeover.s0.client",
		"go-gorilla-deflate-fragmented.s0.server",
		"node-sizes-text.s0.client",
	} {
		raw, err := os.ReadFile("testdata/streams/" + name)
		if err != nil {
			b.Fatal(err)
		}
		stem, from, _ := strings.Cut(name, ".s0.")
		ext, err := os.ReadFile("testdata/streams/" + stem + ".s0.ext")
		if err != nil {
			b.Fatal(err)
		}
		fromClient := from == "client"
		b.Run(name, func(b *testing.B) {
			a := NewAssembler(Config{FromClient: fromClient, Extensions: string(ext)})
			work := make([]byte, len(raw))
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				copy(work, raw)
				a.Reset()
				var h Header
				for rest := work; len(rest) > 0; {
					n, err := ParseHeader(rest, &h)
					if err != nil {
						b.Fatal(err)
					}
					payload := rest[n : n+int(h.Length)]
					rest = rest[n+int(h.Length):]
					if h.Masked {
						Mask(h.Key, 0, payload)
					}
					if m := a.Frame(&h, payload, 0); m != nil && len(m.Anomalies) > 0 {
						b.Fatal(m.Anomalies)
					}
				}
			}
		})
	}
}
