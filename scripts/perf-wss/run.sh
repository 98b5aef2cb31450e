#!/usr/bin/env bash
# Generate a WebSocket-over-TLS (wss://, port 443) pcap and its key log (OUT.keys, NSS format, written by
# the clients with node --tls-keylog) for the same traffic mix as ../shared/perf. The server certificate
# is self-signed, made by openssl for this run only. Otherwise as there: two netns (perfsrv, perfcli) joined by veth pwssv0<->pwssv1 (MTU 1500,
# offloads off so the capture holds wire-sized segments), Node ws server + clients, tcpdump in perfsrv.
# Usage: run.sh OUT.pcap TARGET_MB [CONC] [SCALE]
# Traffic stays inside the two namespaces; nothing is routed to the host or beyond.
set -euo pipefail
OUT=${1:?out.pcap}; TARGET_MB=${2:?target MB}; CONC=${3:-120}; SCALE=${4:-1}
DIR=$(cd "$(dirname "$0")" && pwd)
SRV=perfwsrv CLI=perfwcli
KEYS=${OUT%.pcap*}.keys
TMP=$(mktemp -d)

cleanup() {
  [[ -n "${CPID:-}" ]] && kill "$CPID" 2>/dev/null || true
  [[ -n "${SPID:-}" ]] && kill "$SPID" 2>/dev/null || true
  [[ -n "${TPID:-}" ]] && kill -INT "$TPID" 2>/dev/null || true
  sleep 1
  ip netns del $SRV 2>/dev/null || true
  ip netns del $CLI 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

ip netns del $SRV 2>/dev/null || true; ip netns del $CLI 2>/dev/null || true
ip netns add $SRV; ip netns add $CLI
ip link add pwssv0 netns $SRV type veth peer name pwssv1 netns $CLI
for ns in $SRV $CLI; do ip -n $ns link set lo up; done
ip -n $SRV addr add 10.202.0.1/24 dev pwssv0; ip -n $SRV addr add fd00:202::1/64 dev pwssv0 nodad
ip -n $CLI addr add 10.202.0.2/24 dev pwssv1; ip -n $CLI addr add fd00:202::2/64 dev pwssv1 nodad
ip -n $SRV link set pwssv0 mtu 1500 up; ip -n $CLI link set pwssv1 mtu 1500 up
if command -v ethtool >/dev/null; then
  ip netns exec $SRV ethtool -K pwssv0 tso off gso off gro off >/dev/null 2>&1 || true
  ip netns exec $CLI ethtool -K pwssv1 tso off gso off gro off >/dev/null 2>&1 || true
else
  echo "WARNING: ethtool missing; segments may exceed MTU (TSO/GSO)" >&2
fi

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=perf.test -keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2>/dev/null
rm -f "$OUT" "$KEYS"
ip netns exec $SRV tcpdump -i pwssv0 -s 0 -B 262144 -w "$OUT" 2>/tmp/perf-tcpdump-wss.log & TPID=$!
sleep 1
ip netns exec $SRV env SCALE="$SCALE" CERT="$TMP/cert.pem" KEY="$TMP/key.pem" node "$DIR/server.js" & SPID=$!
sleep 0.5
ip netns exec $CLI env CONC="$CONC" SCALE="$SCALE" node --tls-keylog="$KEYS" "$DIR/clients.js" & CPID=$!

T0=$(date +%s)
while :; do
  sleep 1
  sz=$(stat -c %s "$OUT" 2>/dev/null || echo 0)
  if (( sz >= TARGET_MB * 1000000 )); then break; fi
  if ! kill -0 $CPID 2>/dev/null; then echo "clients exited early" >&2; break; fi
  if (( $(date +%s) % 10 == 0 )); then echo "pcap: $((sz/1000000)) MB after $(( $(date +%s) - T0 )) s" >&2; fi
done
kill -TERM $CPID; wait $CPID || true; CPID=
sleep 1
kill -TERM $SPID; wait $SPID || true; SPID=
sleep 0.5
kill -INT $TPID; wait $TPID || true; TPID=
cat /tmp/perf-tcpdump-wss.log >&2
echo "key log: $KEYS ($(wc -l <"$KEYS") lines)" >&2
echo "done in $(( $(date +%s) - T0 )) s: $(stat -c %s "$OUT") bytes" >&2
