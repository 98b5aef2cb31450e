#!/usr/bin/env bash
# Writes tshark 4.0.17's goldens of captures: for each X.pcap or X.pcapng
# given, X.ws.tsv X.http.tsv X.tcp.tsv (-T fields -E header=y, the corpus's
# columns), X.summary.txt (default output), X.json (-Y websocket -T json
# --no-duplicate-keys), X.details.txt.gz (-V), X.full.json.gz (-T json) and
# X.hex.txt.gz (-x), the views compare.py and the conformance tests read.
# tshark runs as the corpus was made: -2 -o
# tcp.reassemble_out_of_order:TRUE, TZ=UTC, -o tls.keylog_file:X.keys where
# X.keys lies beside the capture. With TLS=1 in the environment, also
# X.tls.tsv (scripts/tls-goldens.sh).
# Usage: scripts/goldens.sh testdata/X.pcap ...
set -euo pipefail
ws="frame.number tcp.stream websocket.fin websocket.rsv websocket.opcode websocket.mask websocket.pmc websocket.payload_length websocket.payload_length_ext_16 websocket.payload_length_ext_64 websocket.masking_key websocket.payload.text websocket.payload.close.status_code websocket.payload.close.reason websocket.payload.ping websocket.payload.pong _ws.col.Info"
http="frame.number tcp.stream http.request.method http.request.uri http.response.code http.upgrade http.connection http.sec_websocket_key http.sec_websocket_accept http.sec_websocket_version http.sec_websocket_protocol http.sec_websocket_extensions"
tcp="frame.number tcp.stream tcp.srcport tcp.dstport tcp.len tcp.seq tcp.ack tcp.flags.str tcp.reassembled_in tcp.segment tcp.reassembled.length tcp.analysis.retransmission tcp.analysis.out_of_order tcp.analysis.lost_segment _ws.col.Info"
tls="frame.number tcp.stream tls.record.version tls.record.content_type tls.record.length tls.record.opaque_type tls.handshake.type tls.handshake.ciphersuite tls.app_data_proto _ws.col.Protocol _ws.col.Info"
export TZ=UTC
for cap in "$@"; do
  base=${cap%.*}
  opts=(-2 -o tcp.reassemble_out_of_order:TRUE)
  [ -f "$base.keys" ] && opts+=(-o "tls.keylog_file:$base.keys")
  fields() { # view filter columns
    local e=() c
    for c in $3; do e+=(-e "$c"); done
    tshark "${opts[@]}" -r "$cap" -Y "$2" -T fields -E header=y "${e[@]}" > "$base.$1.tsv"
  }
  fields ws websocket "$ws"
  fields http http "$http"
  fields tcp tcp "$tcp"
  [ "${TLS:-}" = 1 ] && fields tls tls "$tls"
  tshark "${opts[@]}" -r "$cap" > "$base.summary.txt"
  tshark "${opts[@]}" -r "$cap" -Y websocket -T json --no-duplicate-keys > "$base.json"
  tshark "${opts[@]}" -r "$cap" -V | gzip -n -9 > "$base.details.txt.gz"
  tshark "${opts[@]}" -r "$cap" -T json | gzip -n -9 > "$base.full.json.gz"
  tshark "${opts[@]}" -r "$cap" -x | gzip -n -9 > "$base.hex.txt.gz"
done
