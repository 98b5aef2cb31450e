#!/usr/bin/env python3
"""Compares two -V outputs of the same capture frame by frame.

    scripts/details-diff.py WSDUMP.txt TSHARK.txt [DEVIATIONS.tsv]

A frame is the block from its "Frame N: " line to the next one. It prints
how many frames and lines differ, and the first frames that do; frames a
DEVIATIONS.tsv (frame numbers in its first column, as the corpus's
X.deviations.tsv) lists are counted apart, as known deviations of tshark,
and so are, each class apart: frames that are not TCP (tshark dissects
ICMPv6 or ARP, wsdissect does not), frames where tshark prints
"Decompression failed" and we inflate, and frames whose lines are the
same up to their WebSocket layer (but the protocols in frame): tshark 4.0
inflates some messages into garbage there (check them against the payload
command's known deviations).
It reads both files once, a frame at a time: outputs of gigabytes are fine.
Exit status 1 when a frame differs that is not a known deviation.
"""
import difflib
import re
import sys

FRAME = re.compile(rb"^Frame (\d+): ")


def frames(path):
    """Yields (frame number, lines) of a -V output."""
    num, block = None, []
    with open(path, "rb") as f:
        for line in f:
            m = FRAME.match(line)
            if m:
                if num is not None:
                    yield num, block
                num, block = int(m.group(1)), []
            block.append(line)
    if num is not None:
        yield num, block


def upto_websocket(block):
    """The lines of a frame before its WebSocket layer but its protocols,
    which name the layers after it."""
    for i, line in enumerate(block):
        if line.startswith(b"WebSocket"):
            return [l for l in block[:i] if not l.startswith(b"    [Protocols in frame: ")]
    return block


def main():
    ours, theirs = sys.argv[1], sys.argv[2]
    known = set()
    if len(sys.argv) > 3:
        for line in open(sys.argv[3]):
            c = line.split("\t")
            if c and c[0].strip().isdigit():
                known.add(int(c[0]))
    total = lines = differ = deviations = websocket = failed = other = 0
    first, ws_first = [], []
    a, b = frames(ours), frames(theirs)
    for (na, la), (nb, lb) in zip(a, b):
        total += 1
        if la == lb:
            continue
        ops = difflib.SequenceMatcher(None, la, lb, autojunk=False).get_opcodes()
        changed = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")
        if na in known and na == nb:
            deviations += 1
            continue
        if na == nb and not any(l.startswith(b"Transmission Control Protocol") for l in la):
            other += 1  # ICMPv6, ARP, UDP: wsdissect dissects TCP and what it carries
            continue
        if na == nb and any(l.startswith(b"Decompression failed") for l in lb) and \
                not any(l.startswith(b"Decompression failed") for l in la):
            failed += 1
            continue
        if na == nb and upto_websocket(la) == upto_websocket(lb) and len(upto_websocket(la)) < len(la):
            websocket += 1
            if len(ws_first) < 20:
                ws_first.append(str(na))
            continue
        differ += 1
        lines += changed
        if len(first) < 20:
            first.append(f"{na}({changed})" if na == nb else f"{na}/{nb}")
    left = sum(1 for _ in a) + sum(1 for _ in b)
    print(f"{total} frames compared: {differ} differ ({lines} lines); apart: {deviations} known deviations, "
          f"{failed} where tshark fails to inflate, {websocket} that differ in their WebSocket layer only, "
          f"{other} not TCP" + (f"; {left} frames in one output only" if left else ""))
    if ws_first:
        print("first frames that differ in their WebSocket layer only: " + " ".join(ws_first))
    if first:
        print("first frames that differ (lines): " + " ".join(first))
    sys.exit(1 if differ or left else 0)


if __name__ == "__main__":
    main()
