#!/usr/bin/env bash
# bench-wss.sh measures wsdump against tshark on wss:// (WebSocket over
# TLS), decrypted with the key log the clients wrote, and wsdump's cost on
# wss:// against ws:// of the same traffic mix.
#
# It runs, on the same wss capture and with the same key log
# (-o tls.keylog_file:KEYS), wsdump (by default, and on one goroutine,
# --workers 0) and tshark -2 -o tcp.reassemble_out_of_order:TRUE under
# /usr/bin/time -v: the five fields of the speed target (those of
# scripts/bench.sh), then the payload text command. It checks that all print
# the same bytes (the payload text but for tshark 4.0's known failures to
# inflate, see deviations.sh), and prints their throughput and peak
# memory. With a ws
# capture of the same mix (../shared/perf/run.sh), it runs wsdump on it with
# the same fields and prints the cost per MB of wss:// against ws://.
#
# A wss capture comes from scripts/perf-wss/run.sh (Node ws over https with
# a self-signed certificate, between two network namespaces, captured by
# tcpdump, the key log written by node --tls-keylog): it writes OUT.pcap and
# OUT.keys. Without one at WSS, and when run as root, this script records
# one of SIZE_MB.
#
# Usage: scripts/bench-wss.sh   (from anywhere in the repository)
#
# Environment (defaults in brackets):
#   WSS          the wss capture, its key log next to it as NAME.keys [/tmp/wss-medium.pcap]
#   WS           a ws capture of the same mix, or empty [/tmp/ws-medium.pcap]
#   SIZE_MB      the size of the wss capture recorded when WSS is missing [100]
#   BENCH_DIR    where outputs and binaries go [./bench, git-ignored]
#   RUNS         how many times wsdump runs each command [7]: the median counts
#   TSHARK_RUNS  how many times tshark runs each command [3]
#   SKIP_TSHARK  set to 1 to run wsdump only
#   SKIP_PAYLOAD set to 1 not to run the payload command
#   SKIP_GOBENCH set to 1 not to run go test -bench BenchmarkPipelineTLS on the capture
#
# Exit status: 0 when the outputs are identical (but for the known
# deviations), 1 otherwise.
set -euo pipefail

WSS=${WSS:-/tmp/wss-medium.pcap}
WS=${WS-/tmp/ws-medium.pcap}
SIZE_MB=${SIZE_MB:-100}
RUNS=${RUNS:-7}
TSHARK_RUNS=${TSHARK_RUNS:-3}
SKIP_TSHARK=${SKIP_TSHARK:-0}
SKIP_PAYLOAD=${SKIP_PAYLOAD:-0}
SKIP_GOBENCH=${SKIP_GOBENCH:-0}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
BENCH_DIR=${BENCH_DIR:-$root/bench}
mkdir -p "$BENCH_DIR/bin"

if [[ ! -x /usr/bin/time ]] || [[ $SKIP_TSHARK != 1 ]] && ! command -v tshark >/dev/null; then
	echo "bench-wss.sh: please install time and tshark" >&2
	exit 2
fi

keys=${WSS%.pcap*}.keys
if [[ ! -s $WSS || ! -s $keys ]]; then
	if ((EUID != 0)); then
		echo "bench-wss.sh: no capture at $WSS (with $keys): record one as root with scripts/perf-wss/run.sh $WSS $SIZE_MB 200 1.5" >&2
		exit 2
	fi
	(cd scripts/perf-wss && { [[ -d node_modules ]] || npm ci --silent; })
	scripts/perf-wss/run.sh "$WSS" "$SIZE_MB" 200 1.5
fi

ME=bench-wss.sh
# shellcheck source=measure.sh
source "$root/scripts/measure.sh"
# shellcheck source=deviations.sh
source "$root/scripts/deviations.sh"

echo "bench-wss.sh: building wsdump" >&2
go build -o "$BENCH_DIR/bin/wsdump" ./examples/wsdump

# packets FILE prints the packet count of a capture.
packets() { tshark -r "$1" -T fields -e frame.number 2>/dev/null | tail -n 1; }

tls_opts=(-2 -o tcp.reassemble_out_of_order:TRUE -o "tls.keylog_file:$keys")
args=(-Y websocket -T fields -e frame.number -e tcp.stream -e websocket.opcode
	-e websocket.payload_length -e websocket.masking_key)
payload_args=(-Y websocket -T fields -e frame.number -e websocket.opcode -e websocket.payload.text)
bytes=$(stat -c %s "$WSS")
npk=$(packets "$WSS")

row() {
	awk -v tool="$1" -v b="$2" -v p="$3" -v s="$secs" -v r="$spread" -v c="$cpu" -v k="$rss_kb" 'BEGIN {
		if (s <= 0) s = 0.001
		printf "%-22s %7.1f %8.3f %13s %8.2f %8.1f %10.0f %9.1f\n", tool, b / 1e6, s, r, c, b / 1e6 / s, p / s, k / 1024 }'
}

header() {
	echo
	echo "$1 (wall: median of $RUNS runs for wsdump, $TSHARK_RUNS for tshark; range: fastest-slowest)"
	printf "%-22s %7s %8s %13s %8s %8s %10s %9s\n" "tool" "MB" "wall s" "range s" "cpu s" "MB/s" "packets/s" "peak MiB"
}

same=1
wss_secs=0 wss_cpu=0
# compare NAME ARGS... runs wsdump (default and --workers 0) and tshark with
# the key log and ARGS on the wss capture, prints the table and the ratios,
# and checks the outputs.
compare() {
	local name=$1 def def_rss one ts
	shift
	echo "bench-wss.sh: $name: wsdump on $WSS" >&2
	header "wss $name: tshark ${tls_opts[*]} ${*}"
	measure "wss-$name-wsdump" "$RUNS" "$BENCH_DIR/bin/wsdump" "${tls_opts[@]}" -r "$WSS" "$@"
	row wsdump "$bytes" "$npk"
	def=$secs def_rss=$rss_kb
	[[ $name != headers ]] || wss_secs=$secs wss_cpu=$cpu
	measure "wss-$name-wsdump-one" "$RUNS" "$BENCH_DIR/bin/wsdump" --workers 0 "${tls_opts[@]}" -r "$WSS" "$@"
	row "wsdump --workers 0" "$bytes" "$npk"
	one=$secs
	if ! cmp -s "$BENCH_DIR/wss-$name-wsdump.out" "$BENCH_DIR/wss-$name-wsdump-one.out"; then
		same=0
		echo "bench-wss.sh: $name: WSDUMP OUTPUTS DIFFER (default and --workers 0)"
	fi
	if [[ $SKIP_TSHARK == 1 ]]; then
		return
	fi
	echo "bench-wss.sh: $name: tshark on $WSS (this takes a while)" >&2
	measure "wss-$name-tshark" "$TSHARK_RUNS" tshark "${tls_opts[@]}" -r "$WSS" "$@"
	row tshark "$bytes" "$npk"
	ts=$secs
	awk -v w="$def_rss" -v t="$rss_kb" 'BEGIN { printf "peak RSS: wsdump %.1f MiB, tshark %.1f MiB (%.1fx less)\n", w / 1024, t / 1024, t / w }'
	awk -v d="$def" -v o="$one" -v t="$ts" 'BEGIN {
		printf "wsdump is %.1fx faster than tshark (%.1fx with --workers 0)\n", t / d, t / o }'
	if cmp -s "$BENCH_DIR/wss-$name-wsdump.out" "$BENCH_DIR/wss-$name-tshark.out"; then
		echo "outputs: identical (cmp), $(wc -l <"$BENCH_DIR/wss-$name-wsdump.out") lines, wsdump in both modes and tshark"
	elif [[ $name == payload ]] && known_deviations "$BENCH_DIR/wss-$name-wsdump.out" "$BENCH_DIR/wss-$name-tshark.out" \
		"$BENCH_DIR/bin/wsdump" "${tls_opts[@]}" -r "$WSS"; then
		:
	else
		same=0
		echo "bench-wss.sh: $name: OUTPUTS DIFFER (first differences; < wsdump, > tshark):"
		diff "$BENCH_DIR/wss-$name-wsdump.out" "$BENCH_DIR/wss-$name-tshark.out" | head -n 20 || true
	fi
}

compare headers "${args[@]}"
if [[ $SKIP_PAYLOAD != 1 ]]; then
	compare payload "${payload_args[@]}"
fi

if [[ -n $WS && -s $WS ]]; then
	echo "bench-wss.sh: wsdump on $WS" >&2
	ws_bytes=$(stat -c %s "$WS")
	header "ws:// of the same mix, the same fields: tshark -2 -o tcp.reassemble_out_of_order:TRUE ${args[*]}"
	measure ws-headers-wsdump "$RUNS" "$BENCH_DIR/bin/wsdump" -2 -o tcp.reassemble_out_of_order:TRUE -r "$WS" "${args[@]}"
	row "wsdump on ws://" "$ws_bytes" "$(packets "$WS")"
	awk -v a="$wss_secs" -v ac="$wss_cpu" -v ab="$bytes" -v b="$secs" -v bc="$cpu" -v bb="$ws_bytes" 'BEGIN {
		printf "wsdump per MB: wss %.2f ms wall (%.2f ms cpu), ws %.2f ms wall (%.2f ms cpu): wss costs %.2fx ws wall, %.2fx cpu\n",
			a * 1e9 / ab, ac * 1e9 / ab, b * 1e9 / bb, bc * 1e9 / bb, (a / ab) / (b / bb), (ac / ab) / (bc / bb) }'
fi

if [[ $SKIP_GOBENCH != 1 ]]; then
	echo
	echo "library pipeline with decryption on the same capture, no printing (go test -bench BenchmarkPipelineTLS):"
	WSDISSECT_BENCH_TLS_CAPTURE=${WSS%.pcap*} go test -run '^$' -bench 'BenchmarkPipelineTLS' -benchtime 3x . |
		awk '/^BenchmarkPipelineTLS/ {
			name = $1; sub(/^BenchmarkPipelineTLS\//, "", name); sub(/-[0-9]+$/, "", name)
			printf "  %-10s %8.1f ms %9.1f MB/s %12s B/op %8s allocs/op\n", name, $3 / 1e6, $5, $9, $11 }'
fi
((same))
