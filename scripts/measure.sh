# measure.sh: the timing shared by scripts/bench.sh and scripts/bench-details.sh
# (sourced; needs BENCH_DIR, and ME, the script's name for its messages).

# measure NAME RUNS CMD... runs CMD RUNS times under /usr/bin/time -v, with
# its output in $BENCH_DIR/NAME.out (in /dev/null when MEASURE_DISCARD is
# 1: then writing gigabytes of output to the disk is not timed), and sets
# the globals secs (the median wall clock, timed to the millisecond),
# spread (fastest-slowest), cpu (median user + system) and rss_kb (the
# largest peak resident set).
measure() {
	local name=$1 runs=$2 i start end walls=() cpus=() out
	shift 2
	rss_kb=0
	out=$BENCH_DIR/$name.out
	[[ ${MEASURE_DISCARD:-0} == 1 ]] && out=/dev/null
	for ((i = 1; i <= runs; i++)); do
		start=$(date +%s%N)
		/usr/bin/time -v -o "$BENCH_DIR/$name.time" "$@" >"$out" 2>"$BENCH_DIR/$name.err" || {
			echo "$ME: $name failed:" >&2
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
