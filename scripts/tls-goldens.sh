#!/usr/bin/env bash
# Regenerates tshark 4.0.17's goldens of wss captures (testdata/tls): those
# of scripts/goldens.sh and X.tls.tsv (record versions, content types,
# lengths, handshake types, cipher suites), with -o tls.keylog_file:X.keys
# where X.keys lies beside the capture.
# Usage: scripts/tls-goldens.sh testdata/tls/tlscap-*.pcap
set -euo pipefail
TLS=1 exec "$(dirname "$0")/goldens.sh" "$@"
