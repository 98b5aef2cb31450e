#!/usr/bin/env bash
# bench.sh measures wsdump against tshark on a large generated capture.
#
# It writes a capture with examples/gencapture, runs wsdump (serial, and
# with --parallel: connections sharded over every core) and tshark on it
# with the same -Y/-T fields/-e arguments under /usr/bin/time -v, checks
# that all print the same bytes, and prints their throughput and peak
# memory. It then runs wsdump alone on a capture three times smaller, to
# show that its memory does not grow with the file, and the library's
# benchmarks on the capture: bare gopacket decoding against the pipeline.
#
# Usage: scripts/bench.sh          (from anywhere in the repository)
#
# Environment (defaults in brackets):
#   SIZE         capture size in bytes [300e6]; SIZE=50e6 for a quick run
#   SEED         gencapture -seed [1]
#   CONNS        gencapture -conns: connections open at a time [50]
#   LOSS         gencapture -loss [0.0005]
#   REORDER      gencapture -reorder [0.0005]
#   DEFLATE      gencapture -deflate [0.3]
#   BENCH_DIR    where captures, outputs and binaries go [./bench, git-ignored]
#   TSHARK_OPTS  extra tshark options [-o tcp.reassemble_out_of_order:TRUE]:
#                wsdump holds out-of-order segments until the hole fills,
#                as tshark does with this preference (off by default in 4.0);
#                TSHARK_OPTS= (empty) runs tshark with its defaults
#   RUNS         how many times wsdump runs on each capture [7]: the median counts
#   TSHARK_RUNS  how many times tshark runs [3]
#   SKIP_TSHARK  set to 1 to run wsdump only
#   SKIP_GOBENCH set to 1 not to run go test -bench on the capture
#
# Exit status: 0 when the outputs are identical, 1 otherwise.
set -euo pipefail

SIZE=${SIZE:-300e6}
SEED=${SEED:-1}
CONNS=${CONNS:-50}
LOSS=${LOSS:-0.0005}
REORDER=${REORDER:-0.0005}
DEFLATE=${DEFLATE:-0.3}
TSHARK_OPTS=${TSHARK_OPTS--o tcp.reassemble_out_of_order:TRUE}
RUNS=${RUNS:-7}
TSHARK_RUNS=${TSHARK_RUNS:-3}
SKIP_TSHARK=${SKIP_TSHARK:-0}
SKIP_GOBENCH=${SKIP_GOBENCH:-0}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
BENCH_DIR=${BENCH_DIR:-$root/bench}
mkdir -p "$BENCH_DIR/bin"

# The fields both tools print.
args=(-Y websocket -T fields -e frame.number -e tcp.stream -e websocket.opcode
	-e websocket.payload_length -e websocket.masking_key)

# need installs the Debian packages for missing commands when run as root.
need() {
	local missing=()
	[[ -x /usr/bin/time ]] || missing+=(time)
	[[ $SKIP_TSHARK == 1 ]] || command -v tshark >/dev/null || missing+=(tshark)
	((${#missing[@]} == 0)) && return
	if ((EUID != 0)); then
		echo "bench.sh: please install: ${missing[*]}" >&2
		exit 2
	fi
	echo "bench.sh: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "${missing[@]}" >/dev/null
}

# measure NAME RUNS CMD... runs CMD RUNS times under /usr/bin/time -v, with
# its output in $BENCH_DIR/NAME.out, and sets the globals secs (the median
# wall clock, timed to the millisecond), spread (fastest-slowest), cpu
# (median user + system) and rss_kb (the largest peak resident set).
measure() {
	local name=$1 runs=$2 i start end walls=() cpus=()
	shift 2
	rss_kb=0
	for ((i = 1; i <= runs; i++)); do
		start=$(date +%s%N)
		/usr/bin/time -v -o "$BENCH_DIR/$name.time" "$@" >"$BENCH_DIR/$name.out" 2>"$BENCH_DIR/$name.err" || {
			echo "bench.sh: $name failed:" >&2
			cat "$BENCH_DIR/$name.err" "$BENCH_DIR/$name.time" >&2
			exit 1
		}
		end=$(date +%s%N)
		walls+=("$(awk -v n=$((end - start)) 'BEGIN {printf "%.3f", n / 1e9}')")
		cpus+=("$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$BENCH_DIR/$name.time")")
		rss_kb=$(awk -F': ' -v m="$rss_kb" '/Maximum resident set size/ {print ($2 > m ? $2 : m)}' "$BENCH_DIR/$name.time")
	done
	secs=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
	spread=$(printf '%s\n' "${walls[@]}" | sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.3f-%.3f", lo, hi}')
	cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
}

# generate SIZE FILE writes a capture and prints its packet count.
generate() {
	"$BENCH_DIR/bin/gencapture" -o "$2" -size "$1" -seed "$SEED" -conns "$CONNS" \
		-loss "$LOSS" -reorder "$REORDER" -deflate "$DEFLATE" 2>"$2.summary"
	cat "$2.summary" >&2
	grep -o '[0-9]* packets' "$2.summary" | cut -d' ' -f1
}

need
echo "bench.sh: building gencapture and wsdump" >&2
go build -o "$BENCH_DIR/bin/gencapture" ./examples/gencapture
go build -o "$BENCH_DIR/bin/wsdump" ./examples/wsdump

cap=$BENCH_DIR/gen.pcap
small=$BENCH_DIR/gen-third.pcap
packets=$(generate "$SIZE" "$cap")
small_size=$(awk -v s="$SIZE" 'BEGIN {printf "%d", s / 3}')
small_packets=$(generate "$small_size" "$small")
bytes=$(stat -c %s "$cap")
small_bytes=$(stat -c %s "$small")

echo "bench.sh: wsdump on $cap" >&2
measure wsdump "$RUNS" "$BENCH_DIR/bin/wsdump" -r "$cap" "${args[@]}"
ws_secs=$secs ws_spread=$spread ws_cpu=$cpu ws_rss=$rss_kb
measure wsdump-parallel "$RUNS" "$BENCH_DIR/bin/wsdump" --parallel -r "$cap" "${args[@]}"
par_secs=$secs par_spread=$spread par_cpu=$cpu par_rss=$rss_kb
measure wsdump-third "$RUNS" "$BENCH_DIR/bin/wsdump" -r "$small" "${args[@]}"
third_secs=$secs third_spread=$spread third_cpu=$cpu third_rss=$rss_kb

same=1
if ! cmp -s "$BENCH_DIR/wsdump.out" "$BENCH_DIR/wsdump-parallel.out"; then
	same=0
	echo "bench.sh: SERIAL AND PARALLEL OUTPUTS DIFFER"
fi
if [[ $SKIP_TSHARK != 1 ]]; then
	echo "bench.sh: tshark $TSHARK_OPTS on $cap (this takes a while)" >&2
	# TSHARK_OPTS is split into words on purpose: it holds several options.
	# shellcheck disable=SC2086
	measure tshark "$TSHARK_RUNS" tshark $TSHARK_OPTS -r "$cap" "${args[@]}"
	ts_secs=$secs ts_spread=$spread ts_cpu=$cpu ts_rss=$rss_kb
	if ! cmp -s "$BENCH_DIR/wsdump.out" "$BENCH_DIR/tshark.out"; then
		same=0
		echo "bench.sh: OUTPUTS DIFFER (first differences; < wsdump, > tshark):"
		diff "$BENCH_DIR/wsdump.out" "$BENCH_DIR/tshark.out" | head -n 20 || true
	fi
fi

# row TOOL FILE_BYTES SECONDS SPREAD CPU_SECONDS RSS_KB PACKETS prints one line of the table.
row() {
	awk -v tool="$1" -v b="$2" -v s="$3" -v r="$4" -v c="$5" -v k="$6" -v p="$7" 'BEGIN {
		if (s <= 0) s = 0.001
		printf "%-18s %7.1f %8.3f %13s %8.2f %8.1f %10.0f %9.1f\n", tool, b / 1e6, s, r, c, b / 1e6 / s, p / s, k / 1024 }'
}

echo
echo "wall: median of $RUNS runs for wsdump, $TSHARK_RUNS for tshark, and the fastest-slowest range"
printf "%-18s %7s %8s %13s %8s %8s %10s %9s\n" "tool" "MB" "wall s" "range s" "cpu s" "MB/s" "packets/s" "peak MiB"
row wsdump "$bytes" "$ws_secs" "$ws_spread" "$ws_cpu" "$ws_rss" "$packets"
row "wsdump --parallel" "$bytes" "$par_secs" "$par_spread" "$par_cpu" "$par_rss" "$packets"
if [[ $SKIP_TSHARK != 1 ]]; then
	row tshark "$bytes" "$ts_secs" "$ts_spread" "$ts_cpu" "$ts_rss" "$packets"
fi
row "wsdump, 1/3 file" "$small_bytes" "$third_secs" "$third_spread" "$third_cpu" "$third_rss" "$small_packets"
echo
lines=$(wc -l <"$BENCH_DIR/wsdump.out")
echo "output: $lines lines of WebSocket fields"
if [[ $SKIP_TSHARK != 1 ]]; then
	awk -v w="$ws_secs" -v p="$par_secs" -v t="$ts_secs" -v wr="$ws_rss" -v tr="$ts_rss" 'BEGIN {
		if (w <= 0) w = 0.001
		if (p <= 0) p = 0.001
		printf "wsdump/tshark: time %.3f (wsdump %.1fx faster, %.1fx with --parallel), peak RSS %.3f (%.1fx less memory)\n", w / t, t / w, t / p, wr / tr, tr / wr }'
	if ((same)); then
		echo "outputs: identical (cmp), serial, parallel and tshark"
	else
		echo "outputs: DIFFERENT, see above and $BENCH_DIR/{wsdump,tshark}.out"
	fi
fi
awk -v a="$ws_rss" -v b="$third_rss" 'BEGIN {
	printf "wsdump peak RSS: %.1f MiB on the full file, %.1f MiB on a third of it (ratio %.2f)\n", a / 1024, b / 1024, a / b }'
awk -v s="$ws_secs" -v p="$par_secs" 'BEGIN { if (p <= 0) p = 0.001; printf "--parallel speed-up on %d cores: %.2fx\n", '"$(nproc)"', s / p }'
if [[ $SKIP_GOBENCH != 1 ]]; then
	echo
	echo "library pipeline on the same capture, no printing (go test -bench BenchmarkCaptureFile):"
	WSDISSECT_BENCH_CAPTURE=$cap go test -run '^$' -bench 'BenchmarkCaptureFile' -benchtime 5x . |
		awk '/^BenchmarkCaptureFile/ {
			name = $1; sub(/^BenchmarkCaptureFile\//, "", name); sub(/-[0-9]+$/, "", name)
			ms = $3 / 1e6; mbs = $5; t[name] = ms
			printf "  %-22s %8.1f ms %9.1f MB/s %12s B/op %8s allocs/op\n", name, ms, mbs, $7, $9 }
		END {
			if (t["bare-gopacket"] > 0) for (n in t) if (n != "bare-gopacket")
				printf "  %-22s %5.0f%% of bare gopacket speed\n", n, 100 * t["bare-gopacket"] / t[n] }'
fi
((same))
