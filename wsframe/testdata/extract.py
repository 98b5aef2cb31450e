#!/usr/bin/env python3
"""Extract the WebSocket byte streams of corpus captures for wsframe's tests.

Run once from the wsframe directory (needs tshark 4.0.17 and /work/shared/corpus):

    python3 testdata/extract.py

For every TCP stream that carried WebSocket frames it follows the stream with
`tshark -z follow,tcp,raw`, drops the HTTP Upgrade request and the 101 answer, and
writes testdata/streams/<capture>.s<N>.client and .server (the raw frame bytes of each
direction) and .ext (the Sec-WebSocket-Extensions value of the 101 answer). The corpus'
<capture>.messages.jsonl (the applications' own record of every message) is copied too.
The tests then need neither tshark nor the corpus.
"""
import csv, os, shutil, subprocess, sys

CORPUS = "/work/shared/corpus"
CAPTURES = [
    "node-deflate-ctx-takeover.pcap",
    "node-deflate-no-ctx-takeover.pcapng",
    "node-deflate-window-bits-10-12.pcap",
    "go-gorilla-deflate-fragmented.pcap",
    "go-coder-ctx-takeover-frag.pcap",
    "chromium-json-heartbeat.pcap",
    "node-fragmented-ping-between.pcap",
    "node-ping-pong-close-codes.pcap",
    "node-coalesced-small-msgs-lo.pcap",
    "node-sizes-text.pcap",
    "node-port80-deflate.pcap",
]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "streams")


def tsv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def follow(cap, stream):
    out = subprocess.run(["tshark", "-r", cap, "-q", "-z", "follow,tcp,raw,%d" % stream],
                         check=True, capture_output=True, text=True).stdout
    client, server = bytearray(), bytearray()
    body = out.split("=" * 67)[1]
    for line in body.splitlines():
        if not line.strip() or ":" in line:
            continue
        if line.startswith("\t"):
            server += bytes.fromhex(line.strip())
        else:
            client += bytes.fromhex(line.strip())
    return bytes(client), bytes(server)


def main():
    os.makedirs(OUT, exist_ok=True)
    for cap in CAPTURES:
        base = cap.rsplit(".", 1)[0]
        path = os.path.join(CORPUS, cap)
        streams = sorted({int(r["tcp.stream"]) for r in tsv(os.path.join(CORPUS, base + ".ws.tsv"))})
        exts = {}
        for r in tsv(os.path.join(CORPUS, base + ".http.tsv")):
            if r["http.response.code"] == "101":
                exts[int(r["tcp.stream"])] = r["http.sec_websocket_extensions"]
        for s in streams:
            client, server = follow(path, s)
            client = client[client.index(b"\r\n\r\n") + 4:]
            server = server[server.index(b"\r\n\r\n") + 4:]
            stem = os.path.join(OUT, "%s.s%d" % (base, s))
            for suffix, data in ((".client", client), (".server", server)):
                with open(stem + suffix, "wb") as f:
                    f.write(data)
            with open(stem + ".ext", "w") as f:
                f.write(exts.get(s, ""))
        shutil.copy(os.path.join(CORPUS, base + ".messages.jsonl"), OUT)
    print("wrote", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
