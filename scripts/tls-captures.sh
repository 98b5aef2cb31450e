#!/usr/bin/env bash
# Makes the tlscap-* captures of testdata/tls (real wss:// conversations on
# loopback, see scripts/tlscaps) with tcpdump, their key logs and the
# server's record of the messages, then their goldens (tls-goldens.sh).
# Run as root from the repository's top; not byte-reproducible.
# Usage: scripts/tls-captures.sh [OUTDIR]   (default testdata/tls)
set -euo pipefail
out=${1:-testdata/tls}
go build -o /tmp/tlscaps.bin ./scripts/tlscaps
capture() { # name port tlscaps-flags...
  local name=$1 port=$2; shift 2
  tcpdump -i lo -U -w "$out/$name.pcap" port "$port" 2>/dev/null & local pid=$!
  sleep 1
  /tmp/tlscaps.bin -port "$port" -keys "$out/$name.keys" -truth "$out/$name.messages.jsonl" "$@"
  sleep 1; kill -INT $pid; wait $pid || true
  rm -f "$out/$name.keys.session"
}
capture tlscap-tls12-aes128cbcsha-443 443 -suite TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
capture tlscap-tls12-aes128cbcsha256-4443 4443 -suite TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
capture tlscap-keyupdate-tls13-8443 8443 -sclient
capture tlscap-hrr-tls13-9443 9443 -hrr
capture tlscap-resumed-tls12-443 443 -sclient -tls12 -conns 2
capture tlscap-resumed-tls13-8443 8443 -conns 2
