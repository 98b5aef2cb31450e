#!/usr/bin/env python3
"""Writes X.link.txt.gz beside each capture given: the link and IP sections of
tshark -2 -V for every frame (the goldens of tcp.TestFillLinkAsTsharkShows)."""
import sys, re, subprocess, gzip
KEEP=("Ethernet II","802.1Q Virtual LAN","Linux cooked capture","Null/Loopback","Raw packet data","Internet Protocol Version")
for cap in sys.argv[1:]:
    out=subprocess.run(["tshark","-2","-o","tcp.reassemble_out_of_order:TRUE","-V","-r",cap],capture_output=True,env={"TZ":"UTC","PATH":"/usr/bin:/bin"}).stdout.decode()
    lines=[]; keep=False
    for l in out.split("\n"):
        if l.startswith("Frame "):
            lines.append(l.split(":")[0]); keep=False; continue
        if l and not l.startswith(" "):
            keep=l.startswith(KEEP)
        if keep and l: lines.append(l)
    base=cap.rsplit(".",1)[0]
    with gzip.open(base+".link.txt.gz","wt") as f: f.write("\n".join(lines)+"\n")
