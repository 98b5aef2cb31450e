// Command gencapture writes a synthetic but realistic WebSocket capture, for
// benchmarks and tests of wsdissect on captures of any size.
//
// Usage:
//
//	gencapture -o gen.pcap [-size 300e6] [-seed 1] [-conns 50] [-loss 0.0005] [-reorder 0.0005] [-deflate 0.3]
//
// The capture is a classic pcap file (Ethernet, IPv4, microsecond time
// stamps) as seen next to two WebSocket servers (192.0.2.10:80 and
// 192.0.2.20:8080) talking to clients behind a gateway (10.20.0.0/16).
// Connections open and close all along; -conns of them are open at a time.
// Each connection has:
//
//   - a TCP three-way handshake with MSS, SACK, timestamp and window scale
//     options, and its own round-trip time (1 to 80 ms) and link speed;
//   - an HTTP Upgrade request with a fresh Sec-WebSocket-Key and the 101
//     answer with the matching Sec-WebSocket-Accept, sometimes with a first
//     message in the same segment;
//   - exchanges of small JSON text messages (masked from the client, plain
//     from the server, several frames per segment at times), text messages
//     of a few segments, binary messages of 20 to 200 KB cut into 1448-byte
//     segments (some fragmented into several frames), pings and pongs;
//   - pure ACKs as a receiver sends them (every second segment, duplicate
//     ACKs after a hole, delayed ACKs);
//   - on a share of the connections (-deflate), permessage-deflate with real
//     compressed messages (RSV1, RFC 7692), with or without context takeover;
//   - a close handshake with code 1000 and a reason, then FIN/ACK teardown.
//
// -loss makes a data segment go missing and appear later as a
// retransmission; -reorder swaps two neighbouring segments. tshark reports
// these (previous segment not captured, out-of-order, retransmission,
// duplicate ACK) and nothing else.
//
// The output depends only on the flags: the same seed gives the same file,
// byte for byte. A summary of what was written goes to standard error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("gencapture", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the capture to `file` (- for standard output)")
	size := fs.Float64("size", 20e6, "approximate size of the capture in `bytes` (300e6 is fine)")
	seed := fs.Uint64("seed", 1, "random `seed`: the same seed gives the same file")
	conns := fs.Int("conns", 50, "`number` of connections open at a time")
	loss := fs.Float64("loss", 0.0005, "`probability` that a data segment is lost and retransmitted later")
	reorder := fs.Float64("reorder", 0.0005, "`probability` that a data segment is swapped with the next")
	deflate := fs.Float64("deflate", 0.3, "`share` of connections that negotiate permessage-deflate")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	cfg := config{size: int64(*size), seed: *seed, conns: *conns, loss: *loss, reorder: *reorder, deflate: *deflate}
	if err := cfg.check(); err != nil || *out == "" || fs.NArg() > 0 {
		if err == nil {
			err = errors.New("-o FILE is required and there are no arguments")
		}
		fmt.Fprintln(stderr, "gencapture:", err)
		return 2
	}

	w := os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "gencapture:", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	sum, err := generate(w, cfg)
	if err == nil && w != os.Stdout {
		err = w.Close()
	}
	if err != nil {
		fmt.Fprintln(stderr, "gencapture:", err)
		return 1
	}
	fmt.Fprintf(stderr, "gencapture: %s: %s\n", *out, &sum)
	return 0
}

// check rejects configurations that make no sense.
func (c config) check() error {
	switch {
	case c.size <= 0:
		return errors.New("-size must be positive")
	case c.conns < 1 || c.conns > 10000:
		return errors.New("-conns must be between 1 and 10000")
	case c.loss < 0 || c.loss > 0.1:
		return errors.New("-loss must be between 0 and 0.1")
	case c.reorder < 0 || c.reorder > 0.1:
		return errors.New("-reorder must be between 0 and 0.1")
	case c.deflate < 0 || c.deflate > 1:
		return errors.New("-deflate must be between 0 and 1")
	}
	return nil
}
