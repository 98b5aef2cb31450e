#!/bin/sh
# Records the frames tshark 4.0 selects with each display filter of
# dfilter/testdata/filters.txt on a few captures of testdata/, as
# dfilter/testdata/selected.tsv (capture, filter, frames or "error"): one
# tshark run per capture, a Lua tap per filter (dfilter-goldens.lua). Then
# tshark's message for each filter of bad-filters.txt, as errors.txt. The
# ground truth of dfilter's tests; needs tshark 4.0 with Lua. The captures
# carry TCP only: wsdissect's tree has no UDP, DNS or ICMP.
set -eu
cd "$(dirname "$0")/.."
out=dfilter/testdata/selected.tsv
: >"$out.tmp"
for cap in node-fragmented-ping-between.pcap go-gorilla-ipv6.pcap node-deflate-no-ctx-takeover.pcapng node-sll2-any.pcap \
	node-loss-retrans.pcap node-ping-pong-close-codes.pcap node-snaplen128-truncated.pcap; do
	FILTERS=dfilter/testdata/filters.txt tshark -q -2 -o tcp.reassemble_out_of_order:TRUE -r "testdata/$cap" \
		-X lua_script:scripts/dfilter-goldens.lua 2>/dev/null | sed "s/^/$cap	/" >>"$out.tmp"
done
mv "$out.tmp" "$out"

# "=== filter", then what tshark prints on stderr (its exit status is 2)
out=dfilter/testdata/errors.txt
: >"$out"
while IFS= read -r f; do
	printf '=== %s\n' "$f" >>"$out"
	tshark -r testdata/node-fragmented-ping-between.pcap -Y "$f" 2>&1 >/dev/null | grep -v '^Running as user' | sed 's/^tshark: //' >>"$out" || true
done <dfilter/testdata/bad-filters.txt
