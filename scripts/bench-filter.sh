#!/usr/bin/env bash
# bench-filter.sh measures display filters: wsdump -Y with a filter on
# fields against -Y websocket alone (issue bar: within 1.2x), and against
# tshark with the same filter; then -w of one TCP stream, read back by
# tshark, which must print the same frames as the filter selects.
#
# Usage: scripts/bench-filter.sh CAPTURE   (from anywhere in the repository)
#
# A realistic capture comes from ../shared/perf/run.sh (Node ws traffic
# between two network namespaces, captured by tcpdump).
#
# Environment (defaults in brackets):
#   FILTER       the filter measured ['websocket.opcode == 1 && tcp.stream in {1, 2, 3}']
#   STREAM       the tcp.stream -w saves [1]
#   RUNS         how many times wsdump runs each command [7]: the median counts
#   TSHARK_RUNS  how many times tshark runs [1]
#   SKIP_TSHARK  set to 1 to run wsdump only
#   BENCH_DIR    where outputs and binaries go [./bench, git-ignored]
#
# Exit status: 0 when wsdump prints what tshark prints, 1 otherwise.
set -euo pipefail

FILTER=${FILTER:-'websocket.opcode == 1 && tcp.stream in {1, 2, 3}'}
STREAM=${STREAM:-1}
RUNS=${RUNS:-7}
TSHARK_RUNS=${TSHARK_RUNS:-1}
SKIP_TSHARK=${SKIP_TSHARK:-0}
TSHARK_OPTS=(-o tcp.reassemble_out_of_order:TRUE)

cap=$(realpath "${1:?usage: scripts/bench-filter.sh CAPTURE}")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
BENCH_DIR=${BENCH_DIR:-$root/bench}
mkdir -p "$BENCH_DIR/bin"
ME=bench-filter.sh
# shellcheck source=measure.sh
source "$root/scripts/measure.sh"

go build -o "$BENCH_DIR/bin/wsdump" ./examples/wsdump
wsdump=$BENCH_DIR/bin/wsdump
bytes=$(stat -c %s "$cap")

row() {
	awk -v tool="$1" -v b="$bytes" -v s="$secs" -v r="$spread" -v c="$cpu" -v k="$rss_kb" 'BEGIN {
		if (s <= 0) s = 0.001
		printf "%-34s %8.3f %13s %8.2f %8.1f %9.1f\n", tool, s, r, c, b / 1e6 / s, k / 1024 }'
}

echo "capture: $cap ($(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}') MB); filter: $FILTER"
echo "(wall: median of $RUNS runs for wsdump, $TSHARK_RUNS for tshark; range: fastest-slowest)"
printf "%-34s %8s %13s %8s %8s %9s\n" "command" "wall s" "range s" "cpu s" "MB/s" "peak MiB"
measure bare "$RUNS" "$wsdump" -r "$cap" -Y websocket
bare=$secs
row "wsdump -Y websocket"
measure filter "$RUNS" "$wsdump" -r "$cap" -Y "$FILTER"
filtered=$secs
row "wsdump -Y FILTER"
awk -v f="$filtered" -v b="$bare" 'BEGIN {printf "-Y FILTER / -Y websocket: %.2fx (bar: 1.2x)\n", f / b}'

same=1
if [[ $SKIP_TSHARK != 1 ]]; then
	measure tshark "$TSHARK_RUNS" tshark "${TSHARK_OPTS[@]}" -r "$cap" -Y "$FILTER"
	row "tshark -Y FILTER"
	awk -v t="$secs" -v f="$filtered" 'BEGIN {printf "tshark / wsdump: %.1fx\n", t / f}'
	if cmp -s "$BENCH_DIR/filter.out" "$BENCH_DIR/tshark.out"; then
		echo "-Y FILTER: wsdump prints what tshark prints ($(wc -l <"$BENCH_DIR/filter.out") lines)"
	else
		echo "-Y FILTER: the outputs differ (diff $BENCH_DIR/filter.out $BENCH_DIR/tshark.out)"
		same=0
	fi
fi

# -w of one stream: the saved file, read back, holds the stream's frames
saved=$BENCH_DIR/stream-$STREAM.pcap
measure save 1 "$wsdump" -r "$cap" -Y "tcp.stream == $STREAM" -w "$saved"
row "wsdump -Y 'tcp.stream == $STREAM' -w"
if [[ $SKIP_TSHARK != 1 ]]; then
	# the saved frames, numbered from 1, are the stream's frames in order
	tshark "${TSHARK_OPTS[@]}" -r "$cap" -Y "tcp.stream == $STREAM" -T fields -e frame.len -e frame.time_epoch >"$BENCH_DIR/stream.want" 2>/dev/null
	tshark -r "$saved" -T fields -e frame.len -e frame.time_epoch >"$BENCH_DIR/stream.got" 2>/dev/null
	if cmp -s "$BENCH_DIR/stream.want" "$BENCH_DIR/stream.got"; then
		echo "-w: tshark reads back the $(wc -l <"$BENCH_DIR/stream.got") frames of stream $STREAM"
	else
		echo "-w: tshark reads back other frames than stream $STREAM's (diff $BENCH_DIR/stream.want $BENCH_DIR/stream.got)"
		same=0
	fi
fi
[[ $same == 1 ]]
