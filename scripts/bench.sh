#!/usr/bin/env bash
# bench.sh measures wsdump against tshark on a large generated capture.
#
# It writes a capture with examples/gencapture and runs two commands on it,
# each with wsdump (as it runs by default; on one goroutine, --workers 0;
# and with --parallel: connections sharded over every core) and with
# tshark, under /usr/bin/time -v: the fields of the speed target, which
# need no payloads, and the same with websocket.payload.text, which needs
# every message whole and inflated. It checks that all print the same
# bytes (but for tshark's known deviations: deviations.sh), and prints
# their throughput and peak memory. It then runs wsdump
# alone on a capture three times smaller, to show that its memory does not
# grow with the file, and the library's benchmarks on the capture: bare
# gopacket decoding against the pipeline, built as wsdump is (with
# examples/wsdump/default.pgo) and without the profile.
#
# Usage: scripts/bench.sh          (from anywhere in the repository)
#        CAPTURE=/tmp/ws-medium.pcap scripts/bench.sh
#
# With CAPTURE, it measures that file instead of a generated one: a
# realistic capture recorded with ../shared/perf's run.sh (real Node ws
# clients, churn, IPv6, permessage-deflate, 1-4 MB messages), whose mix of
# frames is what the speed targets are set on. The smaller file is then the
# capture's first third of packets (editcap -r), and the payload command
# also runs with --messages on wsdump alone.
#
# Environment (defaults in brackets):
#   CAPTURE      a capture to measure rather than a generated one [unset]
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
#   RUNS         how many times wsdump runs each command [7]: the median counts
#   TSHARK_RUNS  how many times tshark runs each command [3]
#   SKIP_TSHARK  set to 1 to run wsdump only
#   SKIP_PAYLOAD set to 1 not to run the payload command
#   SKIP_GOBENCH set to 1 not to run go test -bench on the capture
#
# Exit status: 0 when the outputs are identical (but for tshark's known
# deviations), 1 otherwise.
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
SKIP_PAYLOAD=${SKIP_PAYLOAD:-0}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
BENCH_DIR=${BENCH_DIR:-$root/bench}
mkdir -p "$BENCH_DIR/bin"

# The fields both tools print: those of the speed target, and a command
# that prints payloads.
args=(-Y websocket -T fields -e frame.number -e tcp.stream -e websocket.opcode
	-e websocket.payload_length -e websocket.masking_key)
payload_args=(-Y websocket -T fields -e frame.number -e websocket.opcode -e websocket.payload.text)

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

ME=bench.sh
# shellcheck source=measure.sh
source "$root/scripts/measure.sh"
# shellcheck source=deviations.sh
source "$root/scripts/deviations.sh"

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

if [[ -n ${CAPTURE:-} ]]; then
	cap=$CAPTURE
	small=$BENCH_DIR/capture-third.pcap
	packets=$(capinfos -M -c -T -r "$cap" | awk -F'\t' '{print $2}')
	small_packets=$((packets / 3))
	editcap -r "$cap" "$small" "1-$small_packets"
else
	cap=$BENCH_DIR/gen.pcap
	small=$BENCH_DIR/gen-third.pcap
	packets=$(generate "$SIZE" "$cap")
	small_size=$(awk -v s="$SIZE" 'BEGIN {printf "%d", s / 3}')
	small_packets=$(generate "$small_size" "$small")
fi
bytes=$(stat -c %s "$cap")
small_bytes=$(stat -c %s "$small")

# row TOOL FILE_BYTES PACKETS prints one line of the table from measure's globals.
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
# compare NAME ARGS... runs wsdump in its three modes and tshark with ARGS
# on the capture, prints the table and the ratios, and checks the outputs.
compare() {
	local name=$1 def one par ts def_rss
	shift
	echo "bench.sh: $name: wsdump on $cap" >&2
	header "$name: tshark ${*}"
	measure "$name-wsdump" "$RUNS" "$BENCH_DIR/bin/wsdump" -r "$cap" "$@"
	row "wsdump" "$bytes" "$packets"
	def=$secs def_rss=$rss_kb
	last_rss=$rss_kb
	measure "$name-wsdump-one" "$RUNS" "$BENCH_DIR/bin/wsdump" --workers 0 -r "$cap" "$@"
	row "wsdump --workers 0" "$bytes" "$packets"
	one=$secs
	measure "$name-wsdump-parallel" "$RUNS" "$BENCH_DIR/bin/wsdump" --parallel -r "$cap" "$@"
	row "wsdump --parallel" "$bytes" "$packets"
	par=$secs
	for mode in one parallel; do
		if ! cmp -s "$BENCH_DIR/$name-wsdump.out" "$BENCH_DIR/$name-wsdump-$mode.out"; then
			same=0
			echo "bench.sh: $name: WSDUMP OUTPUTS DIFFER (default and $mode)"
		fi
	done
	if [[ $SKIP_TSHARK == 1 ]]; then
		return
	fi
	echo "bench.sh: $name: tshark $TSHARK_OPTS on $cap (this takes a while)" >&2
	# TSHARK_OPTS is split into words on purpose: it holds several options.
	# shellcheck disable=SC2086
	measure "$name-tshark" "$TSHARK_RUNS" tshark $TSHARK_OPTS -r "$cap" "$@"
	row tshark "$bytes" "$packets"
	ts=$secs
	awk -v w="$def_rss" -v t="$rss_kb" 'BEGIN { printf "peak RSS: wsdump %.1f MiB, tshark %.1f MiB (%.1fx less)\n", w / 1024, t / 1024, t / w }'
	awk -v d="$def" -v o="$one" -v p="$par" -v t="$ts" 'BEGIN {
		printf "wsdump is %.1fx faster than tshark (%.1fx with --workers 0, %.1fx with --parallel)\n", t / d, t / o, t / p
		printf "on %d cores: %.2fx the speed of --workers 0 by default, %.2fx with --parallel\n", '"$(nproc)"', o / d, o / p }'
	if cmp -s "$BENCH_DIR/$name-wsdump.out" "$BENCH_DIR/$name-tshark.out"; then
		echo "outputs: identical (cmp), $(wc -l <"$BENCH_DIR/$name-wsdump.out") lines, wsdump in every mode and tshark"
	elif [[ $name == payload ]] && known_deviations "$BENCH_DIR/$name-wsdump.out" "$BENCH_DIR/$name-tshark.out" "$BENCH_DIR/bin/wsdump" -r "$cap"; then
		# on a realistic capture the payload command differs where tshark
		# 4.0 fails to inflate a fragmented compressed message (README:
		# where we differ on purpose)
		:
	else
		same=0
		# count the lines, show the first few, cut
		echo "bench.sh: $name: OUTPUTS DIFFER: $(diff "$BENCH_DIR/$name-wsdump.out" "$BENCH_DIR/$name-tshark.out" | grep -c '^<' || true) of $(wc -l <"$BENCH_DIR/$name-wsdump.out") lines (first differences, cut at 200 characters; < wsdump, > tshark):"
		diff "$BENCH_DIR/$name-wsdump.out" "$BENCH_DIR/$name-tshark.out" | head -n 20 | cut -c1-200 || true
	fi
}

compare headers "${args[@]}"
ws_rss=$last_rss
measure third "$RUNS" "$BENCH_DIR/bin/wsdump" -r "$small" "${args[@]}"
echo
header "a third of the capture"
row "wsdump, 1/3 file" "$small_bytes" "$small_packets"
awk -v a="$ws_rss" -v b="$rss_kb" 'BEGIN {
	printf "wsdump peak RSS: %.1f MiB on the full file, %.1f MiB on a third of it (ratio %.2f)\n", a / 1024, b / 1024, a / b }'

if [[ $SKIP_PAYLOAD != 1 ]]; then
	compare payload "${payload_args[@]}"
	if [[ -n ${CAPTURE:-} ]]; then
		measure messages "$RUNS" "$BENCH_DIR/bin/wsdump" --messages -r "$cap"
		echo
		header "--messages: one JSON line per message (wsdump only)"
		row "wsdump --messages" "$bytes" "$packets"
	fi
fi

if [[ $SKIP_GOBENCH != 1 ]]; then
	# built as wsdump is (go build reads examples/wsdump/default.pgo), and
	# without the profile, as a program of its own would build the library
	for pgo in "$root/examples/wsdump/default.pgo" off; do
		echo
		echo "library pipeline on the same capture, no printing (go test -bench BenchmarkCaptureFile, -pgo=$(basename "$pgo")):"
		WSDISSECT_BENCH_CAPTURE=$cap go test -pgo="$pgo" -run '^$' -bench 'BenchmarkCaptureFile' -benchtime 5x . |
			awk '/^BenchmarkCaptureFile/ {
				name = $1; sub(/^BenchmarkCaptureFile\//, "", name); sub(/-[0-9]+$/, "", name)
				ms = $3 / 1e6; mbs = $5; t[name] = ms
				printf "  %-22s %8.1f ms %9.1f MB/s %12s B/op %8s allocs/op\n", name, ms, mbs, $7, $9 }
			END {
				if (t["bare-gopacket"] > 0) for (n in t) if (n != "bare-gopacket")
					printf "  %-22s %5.0f%% of bare gopacket speed\n", n, 100 * t["bare-gopacket"] / t[n] }'
	done
fi
((same))
