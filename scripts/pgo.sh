#!/usr/bin/env bash
# pgo.sh writes examples/wsdump/default.pgo, the CPU profile that `go build`
# uses to optimize wsdump (profile-guided optimization: the calls that are
# hot in the profile are inlined). It builds wsdump without a profile, runs
# the commands whose speed is measured (scripts/bench.sh,
# scripts/bench-details.sh) on a capture with --cpuprofile, and merges
# their profiles, each weighed by the time it takes.
#
# Usage: scripts/pgo.sh CAPTURE   (from anywhere in the repository)
#
# CAPTURE is best a realistic recording of ../shared/perf/run.sh (the one
# the speed targets are set on). Run it again when the hot code has moved
# a lot; a profile a little out of date still helps.
set -euo pipefail

cap=$(realpath "${1:?usage: scripts/pgo.sh CAPTURE}")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

go build -pgo=off -o "$dir/wsdump" ./examples/wsdump
run() {
	local name=$1
	shift
	"$dir/wsdump" --cpuprofile "$dir/$name.prof" -r "$cap" "$@" >/dev/null
}
run details -2 -V
run json -2 -T json
run hex -2 -x
for i in 1 2 3; do
	# the field commands take a tenth of the time: run them more often
	run headers$i -Y websocket -T fields -e frame.number -e websocket.fin -e websocket.opcode \
		-e websocket.mask -e websocket.payload_length
	run payload$i -Y websocket -T fields -e websocket.payload.text
	run messages$i --messages
done
go tool pprof -proto "$dir"/*.prof >examples/wsdump/default.pgo
echo "pgo.sh: wrote examples/wsdump/default.pgo ($(stat -c %s examples/wsdump/default.pgo) bytes) from $(basename "$cap")" >&2
