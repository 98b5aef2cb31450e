# measure.sh: the timing shared by scripts/bench.sh and scripts/bench-details.sh
# (sourced; needs BENCH_DIR, and ME, the script's name for its messages).

# measure NAME RUNS CMD... runs CMD RUNS times under /usr/bin/time -v, with
# its output in $BENCH_DIR/NAME.out (in /dev/null when MEASURE_DISCARD is
# 1: then writing gigabytes of output to the disk is not timed), and sets
# the globals secs (the median wall clock, timed to the millisecond),
# spread (fastest-slowest), cpu (median user + system) and rss_kb (the
# largest peak resident set).
measure() {
	local name=$1 runs=$2 i
	shift 2
	rm -f "$BENCH_DIR/$name.runs"
	for ((i = 1; i <= runs; i++)); do
		measure_once "$name" "$@"
	done
	summarize "$name"
}

# measure_once NAME CMD... runs CMD once as measure does, and adds its wall
# clock, CPU time and peak resident set to $BENCH_DIR/NAME.runs, a line a
# run: runs of two commands taken in turn share the machine's slow and
# fast minutes (summarize).
measure_once() {
	local name=$1 start end out wall
	shift
	out=$BENCH_DIR/$name.out
	[[ ${MEASURE_DISCARD:-0} == 1 ]] && out=/dev/null
	start=$(date +%s%N)
	/usr/bin/time -v -o "$BENCH_DIR/$name.time" "$@" >"$out" 2>"$BENCH_DIR/$name.err" || {
		echo "$ME: $name failed:" >&2
		cat "$BENCH_DIR/$name.err" "$BENCH_DIR/$name.time" >&2
		exit 1
	}
	end=$(date +%s%N)
	wall=$(awk -v n=$((end - start)) 'BEGIN {printf "%.3f", n / 1e9}')
	awk -F': ' -v w="$wall" '/User time|System time/ {s += $2} /Maximum resident set size/ {k = $2}
		END {print w, s, k}' "$BENCH_DIR/$name.time" >>"$BENCH_DIR/$name.runs"
}

# summarize NAME sets secs, spread, cpu and rss_kb from NAME's runs.
summarize() {
	local runs=$BENCH_DIR/$1.runs
	secs=$(sort -n "$runs" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
	spread=$(sort -n "$runs" | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.3f-%.3f", lo, hi}')
	cpu=$(awk '{print $2}' "$runs" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
	rss_kb=$(awk '$3 > m {m = $3} END {print m + 0}' "$runs")
}
