#!/usr/bin/env bash
# Makes testdata/zero-window.pcap: two WebSocket connections to a server
# whose receive buffer is small and who stops reading for 1.6 s after the
# upgrade (scripts/zero-window.py). Stream 0's client is a kernel socket
# (Linux fills the window and probes it with keep-alive-like segments),
# stream 1's a TCP of zero-window.py's own on an AF_PACKET socket, which
# probes with one byte of new data. Two network namespaces joined by a veth
# (MTU 1500, offloads off), tcpdump in the server's; nothing leaves them.
# Run as root from the repository's top; not byte-reproducible. Then
# scripts/goldens.sh testdata/zero-window.pcap.
# Usage: scripts/zero-window.sh [OUT.pcap]
set -euo pipefail
OUT=${1:-testdata/zero-window.pcap}
PY=$(cd "$(dirname "$0")" && pwd)/zero-window.py
SRV=c14srv CLI=c14cli
cleanup() {
  [[ -n "${TPID:-}" ]] && kill -INT "$TPID" 2>/dev/null || true
  [[ -n "${SPID:-}" ]] && kill "$SPID" 2>/dev/null || true
  sleep 0.5
  ip netns del $SRV 2>/dev/null || true
  ip netns del $CLI 2>/dev/null || true
}
trap cleanup EXIT
ip netns del $SRV 2>/dev/null || true; ip netns del $CLI 2>/dev/null || true
ip netns add $SRV; ip netns add $CLI
ip link add c14v0 netns $SRV type veth peer name c14v1 netns $CLI
ip -n $SRV link set c14v0 address 02:00:00:14:00:01
ip -n $CLI link set c14v1 address 02:00:00:14:00:02
ip -n $SRV addr add 10.214.0.1/24 dev c14v0
ip -n $CLI addr add 10.214.0.2/24 dev c14v1
ip -n $SRV link set c14v0 mtu 1500 up; ip -n $CLI link set c14v1 mtu 1500 up
ip netns exec $SRV ethtool -K c14v0 tso off gso off gro off tx off >/dev/null 2>&1 || true
ip netns exec $CLI ethtool -K c14v1 tso off gso off gro off tx off >/dev/null 2>&1 || true
# 10.214.0.3 is the user-space TCP's: no kernel owns it, the server reaches it by this entry
ip -n $SRV neigh add 10.214.0.3 lladdr 02:00:00:14:00:02 dev c14v0 nud permanent
ip -n $CLI neigh add 10.214.0.1 lladdr 02:00:00:14:00:01 dev c14v1 nud permanent
rm -f "$OUT"
ip netns exec $SRV tcpdump -i c14v0 -s 0 -U -w "$OUT" tcp port 8080 2>/dev/null & TPID=$!
sleep 1
ip netns exec $SRV python3 "$PY" server 10.214.0.1 8080 "${OUT%.*}.messages.jsonl" 2 & SPID=$!
sleep 0.5
ip netns exec $CLI python3 "$PY" kclient 10.214.0.1 8080
sleep 0.5
ip netns exec $CLI python3 "$PY" uclient c14v1 02:00:00:14:00:02 02:00:00:14:00:01 10.214.0.3 10.214.0.1 8080
wait $SPID; SPID=
sleep 0.5
kill -INT $TPID; wait $TPID || true; TPID=
echo "$OUT: $(stat -c %s "$OUT") bytes" >&2
