#!/usr/bin/env bash
# conn-memory.sh measures wsdump's memory per open connection: it writes
# captures of N connections open at once (scripts/conn-memory.py: idle
# after one message each way, then one more each), plain and with
# permessage-deflate, and of 1,000 connections, runs wsdump's payload
# command over each (GODEBUG=gctrace=1, /usr/bin/time -v) and prints the
# peak live heap and peak RSS, and the bytes per connection between the
# two sizes.
#
# Usage: scripts/conn-memory.sh [N]   (N defaults to 20000; the conversation
# table holds 32,768 connections, Options.MaxConnections' default, wsdump
# --max-connections; beyond it connections are evicted, as the messages
# then missing show: 4 N are printed when none is)
set -euo pipefail
N=${1:-20000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${BENCH_DIR:-$root/bench}/conns
mkdir -p "$dir"
cd "$root"
go build -o "$dir/wsdump" ./examples/wsdump
args=(-Y websocket -T fields -e frame.number -e websocket.opcode -e websocket.payload.text)

# measure FILE prints "live_MB rss_KB lines" for one run.
measure() {
	GODEBUG=gctrace=1 /usr/bin/time -f 'rss %M' "$dir/wsdump" -r "$1" "${args[@]}" 2>"$dir/err" >"$dir/out"
	awk '/^gc / { split($11, a, "->"); if (a[3] + 0 > m) m = a[3] + 0 } /^rss / { r = $2 } END { printf "%d %d ", m, r }' "$dir/err"
	wc -l <"$dir/out"
}

for kind in idle deflate; do
	flag=""
	[[ $kind == deflate ]] && flag=--deflate
	python3 scripts/conn-memory.py "$dir/$kind-1k.pcap" 1000 $flag
	python3 scripts/conn-memory.py "$dir/$kind-n.pcap" "$N" $flag
	read -r l1 r1 n1 < <(measure "$dir/$kind-1k.pcap")
	read -r l2 r2 n2 < <(measure "$dir/$kind-n.pcap")
	awk -v k="$kind" -v n="$N" -v l1="$l1" -v l2="$l2" -v r1="$r1" -v r2="$r2" -v m="$n2" 'BEGIN {
		printf "%-8s 1,000 connections: live %d MB, RSS %.0f MiB; %d: live %d MB, RSS %.0f MiB, %d messages printed\n", k, l1, r1 / 1024, n, l2, r2 / 1024, m
		printf "%-8s per open connection: %.1f KB live heap, %.1f KiB RSS\n", k, (l2 - l1) * 1e3 / (n - 1000), (r2 - r1) / (n - 1000) }'
done
