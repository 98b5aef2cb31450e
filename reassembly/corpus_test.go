package reassembly_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/reassembly"
)

// corpusCaptures are the captures of the module's testdata/ with tshark's columns
// tcp.reassembled_in, tcp.segment and tcp.reassembled.length beside them
// (tshark 4.0.17 -2 -o tcp.reassemble_out_of_order:TRUE).
var corpusCaptures = []string{
	"node-loss-retrans",
	"node-mtu576-many-segments",
	"node-sizes-binary-1mb",
	"node-duplicate-segments",
	"node-coalesced-small-msgs-lo",
	"node-welcome-after-101-same-segment",
	"go-gorilla-keepalive-then-upgrade-node",
	"chromium-json-heartbeat",
	"node-offload-gso-large-segments",
	"node-sizes-text",
	"chromium-abrupt-kill",
	"node-ping-pong-close-codes",
	"go-coder-ctx-takeover-frag",
	"go-gorilla-deflate-fragmented",
	"go-gorilla-ipv6",
	"node-deflate-ctx-takeover",
	"node-deflate-window-bits-10-12",
	"node-fragmented-ping-between",
	"node-midstream-no-upgrade",
	"node-nanosec",
	"node-port80-deflate",
	"node-port9001",
	"node-rejected-403",
	"node-sll2-any",
	"node-snaplen128-truncated",
	"node-subprotocol-chat",
	// Made by ../testdata/crafted-one-more-segment.py: a PDU whose length is
	// unknown at the end of its first segment (HTTP head without its blank
	// line, WebSocket header cut short).
	"crafted-one-more-segment-head-split",
	"crafted-one-more-segment-head-split-clean",
	"crafted-one-more-segment-ws-1byte",
	"crafted-one-more-segment-ws-1byte-clean",
	"crafted-one-more-segment-ws-ext",
}

// knownLengthDeviations are tcp.reassembled.length cells where tshark
// differs, by design of this package, from the PDU's own length. When a
// subdissector cannot tell a PDU's length from the bytes of its first
// segment, tshark asks for "one more segment" and reassembles the next
// segment whole: the PDUs that end inside it are dissected together, and
// tcp.reassembled.length covers all of them up to the first PDU that does
// not complete there. tcp.segment and tcp.reassembled_in are the same.
var knownLengthDeviations = map[string]map[uint64][2]string{ // frame: got, tshark
	"crafted-one-more-segment-head-split":       {6: {"129", "144"}},
	"crafted-one-more-segment-head-split-clean": {6: {"129", "157"}},
	"crafted-one-more-segment-ws-1byte":         {6: {"7", "15"}},
	"crafted-one-more-segment-ws-1byte-clean":   {6: {"7", "15"}},
}

// TestCorpus feeds every corpus capture through Streams driven by a minimal
// HTTP-then-WebSocket consumer and compares the three reassembly columns
// with tshark's, cell by cell, for every TCP packet.
func TestCorpus(t *testing.T) {
	for _, name := range corpusCaptures {
		t.Run(name, func(t *testing.T) {
			want := readGolden(t, corpusFile(t, name+".tcp.tsv", name+".reassembly.tsv"))
			got := dissect(t, corpusFile(t, name+".pcap"))
			var bad []string
			for _, w := range want {
				g, seen := got[w.frame]
				require.True(t, seen, "frame %d: not decoded as TCP", w.frame)
				g.frame = w.frame
				if dev, ok := knownLengthDeviations[name][w.frame]; ok {
					require.Equal(t, dev, [2]string{g.length, w.length}, "frame %d: known deviation changed", w.frame)
					g.length = w.length
				}
				if g != w {
					bad = append(bad, fmt.Sprintf("frame %d: got in=%q seg=%q len=%q, want in=%q seg=%q len=%q",
						w.frame, g.in, g.segments, g.length, w.in, w.segments, w.length))
				}
			}
			assert.Empty(t, bad, "%d of %d packets differ from tshark", len(bad), len(want))
		})
	}
}

// reassemblyCells are one packet's tcp.reassembled_in, tcp.segment and
// tcp.reassembled.length as tshark prints them.
type reassemblyCells struct {
	frame                uint64
	in, segments, length string
}

// corpusFile is the path of the first of names found in the module's
// testdata/, where each capture is stored once, as it is or gzip'd.
// The crafted captures' goldens hold only the reassembly columns
// (X.reassembly.tsv); the corpus' hold tshark's whole TCP view.
func corpusFile(t *testing.T, names ...string) string {
	t.Helper()
	for _, name := range names {
		for _, path := range []string{filepath.Join("..", "testdata", name), filepath.Join("..", "testdata", name+".gz")} {
			if _, err := os.Stat(path); err == nil {
				return path
			}
		}
	}
	t.Fatalf("none of %v in ../testdata", names)
	return ""
}

// openMaybeGzip opens path, gunzipping it when its name ends in .gz.
func openMaybeGzip(t *testing.T, path string) io.Reader {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	if !strings.HasSuffix(path, ".gz") {
		return f
	}
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	return zr
}

// readGolden reads tshark's reassembly columns of a capture.
func readGolden(t *testing.T, path string) []reassemblyCells {
	t.Helper()
	sc := bufio.NewScanner(openMaybeGzip(t, path))
	sc.Buffer(nil, 1<<20)
	require.True(t, sc.Scan())
	col := map[string]int{}
	for i, h := range strings.Split(sc.Text(), "\t") {
		col[h] = i
	}
	var rows []reassemblyCells
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		n, err := strconv.ParseUint(c[col["frame.number"]], 10, 64)
		require.NoError(t, err)
		rows = append(rows, reassemblyCells{frame: n, in: c[col["tcp.reassembled_in"]],
			segments: c[col["tcp.segment"]], length: c[col["tcp.reassembled.length"]]})
	}
	require.NoError(t, sc.Err())
	return rows
}

// endpointPair names one direction of a TCP connection.
type endpointPair struct{ src, dst string }

// connection is what the test keeps per TCP connection.
type connection struct {
	dirs   [2]*direction // 0: the side that spoke first (client), 1: the other
	client endpointPair
	closed bool
}

// direction is one side's Stream with the minimal consumer state.
type direction struct {
	stream    *reassembly.Stream
	websocket bool // past the HTTP Upgrade: WebSocket frames
	upgrading bool // a request asked for an upgrade (client side)
}

// dissect runs a capture and returns each frame's reassembly cells.
func dissect(t *testing.T, path string) map[uint64]reassemblyCells {
	t.Helper()
	raw, err := io.ReadAll(openMaybeGzip(t, path))
	require.NoError(t, err)
	require.Greater(t, len(raw), 24, "pcap file header")
	// pcapgo's LinkType is 8 bits wide; read the 32-bit field ourselves.
	linkType := binary.LittleEndian.Uint32(raw[20:])
	r, err := pcapgo.NewReader(bytes.NewReader(raw))
	require.NoError(t, err)

	out := map[uint64]reassemblyCells{}
	conns := map[endpointPair]*connection{}
	var frame uint64
	for {
		data, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		frame++
		pkt := decodePacket(data, linkType)
		tl, ok := pkt.TransportLayer().(*layers.TCP)
		if !ok || pkt.NetworkLayer() == nil {
			continue
		}
		nf := pkt.NetworkLayer().NetworkFlow()
		key := endpointPair{
			src: fmt.Sprintf("%v:%d", nf.Src(), tl.SrcPort),
			dst: fmt.Sprintf("%v:%d", nf.Dst(), tl.DstPort),
		}
		rev := endpointPair{src: key.dst, dst: key.src}
		c := conns[key]
		if c == nil {
			c = conns[rev]
		}
		if tl.SYN && !tl.ACK && (c == nil || c.closed) {
			c = nil // a new connection, possibly on a reused 4-tuple
		}
		if c == nil {
			c = &connection{client: key}
			for i := range c.dirs {
				c.dirs[i] = &direction{stream: reassembly.NewStream(reassembly.Config{})}
			}
			conns[key], conns[rev] = c, c
		}
		side := 0
		if key != c.client {
			side = 1
		}
		var flags reassembly.Flags
		if tl.SYN {
			flags |= reassembly.SYN
		}
		if tl.FIN {
			flags |= reassembly.FIN
		}
		if tl.RST {
			flags |= reassembly.RST
			c.closed = true
		}
		out[frame] = reassemblyCells{}
		d := c.dirs[side]
		d.stream.Add(tl.Seq, tl.Payload, frame, flags)
		consume(d, c.dirs[1-side], side, out)
		if tl.FIN && c.dirs[1-side].stream.Closed()&reassembly.FIN != 0 {
			c.closed = true
		}
	}
	return out
}

// linkTypeLinuxSLL2 is LINKTYPE_LINUX_SLL2, which gopacket 1.1.19 does not
// decode: a 20-byte header whose first two bytes are the EtherType.
const linkTypeLinuxSLL2 = 276

func decodePacket(data []byte, lt uint32) gopacket.Packet {
	if lt == linkTypeLinuxSLL2 && len(data) >= 20 {
		et := layers.EthernetType(binary.BigEndian.Uint16(data))
		return gopacket.NewPacket(data[20:], et, gopacket.NoCopy)
	}
	return gopacket.NewPacket(data, layers.LinkType(lt), gopacket.NoCopy)
}

// consume takes every complete PDU off d and records its attribution.
func consume(d, peer *direction, side int, out map[uint64]reassemblyCells) {
	for {
		b := d.stream.Bytes()
		n, upgraded := 0, false
		if d.websocket {
			n = wsFrameLength(b)
		} else {
			n, upgraded = httpMessageLength(b, side == 0)
		}
		if n == 0 || n > len(b) {
			return
		}
		if side == 0 && upgraded {
			d.upgrading = true
		}
		if side == 1 && upgraded && peer.upgrading {
			d.websocket, peer.websocket = true, true
		}
		record(d.stream.Consume(n), out)
	}
}

func record(p reassembly.PDU, out map[uint64]reassemblyCells) {
	if !p.Multi {
		return
	}
	var segs []string
	for _, f := range p.Frames {
		segs = append(segs, strconv.FormatUint(f, 10))
		if f != p.Frame {
			c := out[f]
			c.in = strconv.FormatUint(p.Frame, 10)
			out[f] = c
		}
	}
	c := out[p.Frame]
	if c.segments != "" {
		// A second multi-segment PDU completing in the same frame.
		c.segments += ","
		c.length += ","
	}
	c.segments += strings.Join(segs, ",")
	c.length += strconv.Itoa(p.Length)
	out[p.Frame] = c
}

// httpMessageLength returns the length of the HTTP/1.1 message (head and
// Content-Length body) at the start of b, or 0 when its head is not
// complete. upgraded reports a request asking for "Upgrade: websocket"
// (request) or a 101 answer (response).
func httpMessageLength(b []byte, request bool) (n int, upgraded bool) {
	end := bytes.Index(b, []byte("\r\n\r\n"))
	if end < 0 {
		return 0, false
	}
	head := string(b[:end])
	n = end + 4
	for _, line := range strings.Split(head, "\r\n")[1:] {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "content-length":
			cl, err := strconv.Atoi(value)
			if err == nil {
				n += cl
			}
		case "transfer-encoding":
			if strings.EqualFold(value, "chunked") {
				body := chunkedBodyLength(b[n:])
				if body == 0 {
					return 0, false
				}
				n += body
			}
		case "upgrade":
			upgraded = request && strings.EqualFold(value, "websocket")
		}
	}
	if !request {
		upgraded = strings.HasPrefix(head, "HTTP/1.1 101")
	}
	return n, upgraded
}

// chunkedBodyLength returns the length of the chunked body at the start of
// b, last chunk and empty trailer included, or 0 when it is not complete.
func chunkedBodyLength(b []byte) int {
	n := 0
	for {
		eol := bytes.Index(b[n:], []byte("\r\n"))
		if eol < 0 {
			return 0
		}
		sizeField, _, _ := strings.Cut(string(b[n:n+eol]), ";")
		size, err := strconv.ParseInt(strings.TrimSpace(sizeField), 16, 32)
		if err != nil {
			return 0
		}
		n += eol + 2
		if size == 0 {
			if !bytes.HasPrefix(b[n:], []byte("\r\n")) {
				return 0 // trailers are not expected here
			}
			return n + 2
		}
		n += int(size) + 2
		if n > len(b) {
			return 0
		}
	}
}

// wsFrameLength returns the length of the RFC 6455 frame at the start of b,
// or 0 when its header is not complete.
func wsFrameLength(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	hdr, n := 2, uint64(b[1]&0x7f)
	switch n {
	case 126:
		hdr = 4
		if len(b) < hdr {
			return 0
		}
		n = uint64(binary.BigEndian.Uint16(b[2:]))
	case 127:
		hdr = 10
		if len(b) < hdr {
			return 0
		}
		n = binary.BigEndian.Uint64(b[2:])
	}
	if b[1]&0x80 != 0 {
		hdr += 4
	}
	if n > 1<<40 {
		return 0
	}
	return hdr + int(n)
}
