#!/usr/bin/env python3
"""conn-memory.py writes a capture of N WebSocket connections open at once.

Every connection opens (handshake, HTTP Upgrade, 101), exchanges one small
message each way, and then stays idle while all the others open; once all
are open, each sends one more message each way, and then all close. With
--deflate every connection negotiates permessage-deflate (context takeover)
and its messages are compressed, so that each direction holds an inflater
window. scripts/conn-memory.sh measures wsdump's memory over such files.

Usage: conn-memory.py OUT.pcap N [--deflate]
"""
import struct
import sys
import zlib


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


class Writer:
    def __init__(self, f):
        self.f = f
        self.t = 1_700_000_000.0
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))

    def packet(self, src, dst, sport, dport, seq, ack, flags, payload=b""):
        self.t += 0.00001
        tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
        pseudo = struct.pack("!4s4sBBH", src, dst, 0, 6, len(tcp) + len(payload))
        c = csum(pseudo + tcp + payload)
        tcp = tcp[:16] + struct.pack("!H", c) + tcp[18:]
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), 0, 0x4000, 64, 6, 0, src, dst)
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        frame = b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + b"\x08\x00" + ip + tcp + payload
        sec = int(self.t)
        self.f.write(struct.pack("<IIII", sec, int((self.t - sec) * 1e6), len(frame), len(frame)))
        self.f.write(frame)


def ws_frame(payload, masked, rsv1=False):
    b0 = 0x81 | (0x40 if rsv1 else 0)
    n = len(payload)
    head = bytes([b0, (0x80 if masked else 0) | n]) if n < 126 else bytes([b0, (0x80 if masked else 0) | 126]) + struct.pack("!H", n)
    if not masked:
        return head + payload
    key = b"\x11\x22\x33\x44"
    return head + key + bytes(c ^ key[i % 4] for i, c in enumerate(payload))


class Conn:
    def __init__(self, w, i, deflate):
        self.w, self.deflate = w, deflate
        self.cli = bytes([10, 1 + i // 60000, (i // 250) % 240, 1 + i % 250])
        self.srv = bytes([10, 200, 0, 1])
        self.sport, self.dport = 1024 + i % 60000, 80
        self.cseq, self.sseq = 1000, 5000
        if deflate:
            self.cz = zlib.compressobj(6, zlib.DEFLATED, -15)
            self.sz = zlib.compressobj(6, zlib.DEFLATED, -15)

    def c2s(self, payload=b"", flags=0x18):
        self.w.packet(self.cli, self.srv, self.sport, self.dport, self.cseq, self.sseq, flags, payload)
        self.cseq += len(payload) + (1 if flags & 0x03 else 0)

    def s2c(self, payload=b"", flags=0x18):
        self.w.packet(self.srv, self.cli, self.dport, self.sport, self.sseq, self.cseq, flags, payload)
        self.sseq += len(payload) + (1 if flags & 0x03 else 0)

    def open(self):
        self.c2s(flags=0x02)
        self.w.packet(self.srv, self.cli, self.dport, self.sport, self.sseq, self.cseq, 0x12)
        self.sseq += 1
        self.c2s(flags=0x10)
        ext = "Sec-WebSocket-Extensions: permessage-deflate\r\n" if self.deflate else ""
        self.c2s(("GET /ws HTTP/1.1\r\nHost: server\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + ext + "\r\n").encode())
        self.s2c(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" + ext + "\r\n").encode())

    def message(self, n):
        text = ('{"seq":%d,"text":"hello from connection %d"}' % (n, self.sport)).encode()
        if self.deflate:
            c = self.cz.compress(text) + self.cz.flush(zlib.Z_SYNC_FLUSH)
            s = self.sz.compress(text) + self.sz.flush(zlib.Z_SYNC_FLUSH)
            self.c2s(ws_frame(c[:-4], True, True))
            self.s2c(ws_frame(s[:-4], False, True))
        else:
            self.c2s(ws_frame(text, True))
            self.s2c(ws_frame(text, False))

    def close(self):
        self.c2s(flags=0x11)
        self.s2c(flags=0x11)
        self.c2s(flags=0x10)


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    deflate = "--deflate" in sys.argv[3:]
    with open(out, "wb") as f:
        w = Writer(f)
        conns = [Conn(w, i, deflate) for i in range(n)]
        for c in conns:
            c.open()
            c.message(1)
        for c in conns:
            c.message(2)
        for c in conns:
            c.close()


if __name__ == "__main__":
    main()
