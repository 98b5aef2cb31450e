#!/usr/bin/env bash
# bench-details.sh measures wsdump's packet details against tshark's.
#
# It runs `wsdump -2 -V` and `tshark -2 -o tcp.reassemble_out_of_order:TRUE
# -V` on the same capture under /usr/bin/time -v, in turn (wsdump several
# times, tshark's runs spread among them: the medians count, and both meet
# the machine's slow and fast minutes), then the same with -T json, and
# prints their wall time, throughput and peak memory, and how much faster
# wsdump is. The timed runs
# write to /dev/null: a gigabyte of text written to the disk would time
# the disk. One more run of each, untimed, writes its output to a file:
# its size is shown, and the -V outputs are compared frame by frame
# (scripts/details-diff.py): the frames that differ, and apart those tshark
# gets wrong (messages it fails to inflate) and those wsdump does not
# dissect (not TCP).
#
# A realistic capture comes from ../shared/perf/run.sh (Node ws traffic
# between two network namespaces, captured by tcpdump); without one it
# writes one with examples/gencapture, as scripts/bench.sh does.
#
# Usage: scripts/bench-details.sh [CAPTURE]   (from anywhere in the repository)
#
# Environment (defaults in brackets):
#   SIZE         gencapture -size when no capture is given [100e6]
#   SEED         gencapture -seed [1]
#   BENCH_DIR    where outputs and binaries go [./bench, git-ignored]
#   TSHARK_OPTS  tshark's options besides -2 -V [-o tcp.reassemble_out_of_order:TRUE]
#   RUNS         how many times wsdump runs each command [3]: the median counts
#   TSHARK_RUNS  how many times tshark runs each command [1], at most RUNS
#   SKIP_TSHARK  set to 1 to run wsdump only
#   SKIP_JSON    set to 1 not to run -T json
#   SKIP_DIFF    set to 1 not to compare the -V outputs
set -euo pipefail

SIZE=${SIZE:-100e6}
SEED=${SEED:-1}
TSHARK_OPTS=${TSHARK_OPTS--o tcp.reassemble_out_of_order:TRUE}
RUNS=${RUNS:-3}
TSHARK_RUNS=${TSHARK_RUNS:-1}
SKIP_TSHARK=${SKIP_TSHARK:-0}
SKIP_JSON=${SKIP_JSON:-0}
SKIP_DIFF=${SKIP_DIFF:-0}

cap=${1:-}
[[ -z $cap ]] || cap=$(realpath "$cap")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
BENCH_DIR=${BENCH_DIR:-$root/bench}
mkdir -p "$BENCH_DIR/bin"

if [[ ! -x /usr/bin/time ]] || [[ $SKIP_TSHARK != 1 ]] && ! command -v tshark >/dev/null; then
	echo "bench-details.sh: please install time and tshark" >&2
	exit 2
fi

ME=bench-details.sh
# shellcheck source=measure.sh
source "$root/scripts/measure.sh"

echo "bench-details.sh: building wsdump" >&2
go build -o "$BENCH_DIR/bin/wsdump" ./examples/wsdump
if [[ -z $cap ]]; then
	go build -o "$BENCH_DIR/bin/gencapture" ./examples/gencapture
	cap=$BENCH_DIR/gen-details.pcap
	"$BENCH_DIR/bin/gencapture" -o "$cap" -size "$SIZE" -seed "$SEED" 2>"$cap.summary"
	cat "$cap.summary" >&2
fi
bytes=$(stat -c %s "$cap")
# the packets, as tshark counts them (capinfos is not always installed)
packets=$("$BENCH_DIR/bin/wsdump" -r "$cap" -T fields -e frame.number | wc -l)
echo "bench-details.sh: $cap: $bytes bytes, $packets packets" >&2

row() {
	awk -v tool="$1" -v b="$bytes" -v p="$packets" -v s="$secs" -v r="$spread" -v c="$cpu" -v k="$rss_kb" -v o="$2" 'BEGIN {
		if (s <= 0) s = 0.001
		printf "%-22s %8.3f %15s %8.2f %8.1f %10.0f %8.2f %9.1f %9.0f\n", tool, s, r, c, b / 1e6 / s, p / s, s * 1e6 / p, k / 1024, o / 1e6 }'
}

# kept NAME CMD... runs CMD once more, untimed, its output kept in
# $BENCH_DIR/NAME.out, for the -V outputs alone, which
# are compared; the others are not written anywhere.
kept() {
	local name=$1
	shift
	rm -f "$BENCH_DIR/$name.out"
	[[ $name == details-details-* && $SKIP_DIFF != 1 ]] || return 0
	"$@" >"$BENCH_DIR/$name.out" 2>/dev/null
}

# size_of NAME prints the size of NAME's kept output, 0 when none is kept.
size_of() {
	if [[ -f $BENCH_DIR/$1.out ]]; then stat -c %s "$BENCH_DIR/$1.out"; else echo 0; fi
}

# compare NAME ARGS... runs wsdump and tshark with -2 ARGS on the capture
# and prints the table and the ratio.
compare() {
	local name=$1 ws ws_rss
	shift
	echo
	echo "$name: -2 $* on $(basename "$cap"), $((bytes / 1000000)) MB, $packets packets (wall: median of $RUNS runs for wsdump, $TSHARK_RUNS for tshark, taken in turn)"
	printf "%-22s %8s %15s %8s %8s %10s %8s %9s %9s\n" tool "wall s" "range s" "cpu s" "MB/s" "packets/s" "us/pkt" "peak MiB" "out MB"
	local tshark_runs=$((TSHARK_RUNS < RUNS ? TSHARK_RUNS : RUNS)) i k
	[[ $SKIP_TSHARK == 1 ]] && tshark_runs=0
	echo "bench-details.sh: $name: wsdump and tshark -2 $TSHARK_OPTS in turn (this takes a while)" >&2
	rm -f "$BENCH_DIR/details-$name-wsdump.runs" "$BENCH_DIR/details-$name-tshark.runs"
	# the tshark runs spread among wsdump's, so that both meet the
	# machine's slow and fast minutes alike
	for ((i = 1; i <= RUNS; i++)); do
		for ((k = (i - 1) * tshark_runs / RUNS; k < i * tshark_runs / RUNS; k++)); do
			# TSHARK_OPTS is split into words on purpose: it holds several options.
			# shellcheck disable=SC2086
			MEASURE_DISCARD=1 measure_once "details-$name-tshark" tshark -2 $TSHARK_OPTS -r "$cap" "$@"
		done
		MEASURE_DISCARD=1 measure_once "details-$name-wsdump" "$BENCH_DIR/bin/wsdump" -2 -r "$cap" "$@"
	done
	summarize "details-$name-wsdump"
	kept "details-$name-wsdump" "$BENCH_DIR/bin/wsdump" -2 -r "$cap" "$@"
	row wsdump "$(size_of "details-$name-wsdump")"
	ws=$secs ws_rss=$rss_kb
	[[ $SKIP_TSHARK == 1 ]] && return
	summarize "details-$name-tshark"
	# shellcheck disable=SC2086
	kept "details-$name-tshark" tshark -2 $TSHARK_OPTS -r "$cap" "$@"
	row tshark "$(size_of "details-$name-tshark")"
	awk -v w="$ws" -v t="$secs" -v wr="$ws_rss" -v tr="$rss_kb" 'BEGIN {
		printf "wsdump is %.2fx faster than tshark, with %.1fx less memory at its peak\n", t / w, tr / wr }'
}

compare details -V
if [[ $SKIP_DIFF != 1 && $SKIP_TSHARK != 1 ]]; then
	echo "bench-details.sh: comparing the outputs frame by frame" >&2
	python3 "$root/scripts/details-diff.py" "$BENCH_DIR/details-details-wsdump.out" "$BENCH_DIR/details-details-tshark.out" || true
fi
if [[ $SKIP_JSON != 1 ]]; then
	compare json -T json
fi
