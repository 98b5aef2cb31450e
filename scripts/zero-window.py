#!/usr/bin/env python3
"""The two ends of the zero-window captures (scripts/zero-window.sh).

server ADDR PORT TRUTH N   A WebSocket server over a kernel socket whose
                           receive buffer is small (SO_RCVBUF before listen):
                           for each of N connections it answers the upgrade,
                           sends a welcome text, stops reading for a while
                           (the client fills the window, the kernel
                           advertises a zero window), then drains slowly,
                           echoes the client's last text and closes with 1000.
                           TRUTH gets one JSON line per message, as the
                           corpus's X.messages.jsonl.
kclient ADDR PORT          A client over a kernel socket that writes its
                           messages as fast as the kernel takes them: Linux
                           fills the window and probes the zero window with
                           keep-alive-like segments (seq - 1, no data).
uclient IFACE SRCMAC DSTMAC SRC DST PORT
                           The same client over a TCP of its own written on
                           an AF_PACKET socket (SRC is an address no kernel
                           owns): it sends up to the edge of the window and
                           probes a zero window with one byte of new data,
                           as BSD and Windows do, so that tshark sees [TCP
                           ZeroWindowProbe] and [TCP ZeroWindowProbeAck].
"""
import base64
import hashlib
import json
import os
import random
import socket
import struct
import sys
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC11B65"
OPNAMES = {1: "text", 2: "binary", 8: "close", 9: "ping", 10: "pong"}


def frame(opcode, payload, mask=True, fin=True):
    """One WebSocket frame, masked as a client sends it."""
    b0 = (0x80 if fin else 0) | opcode
    n = len(payload)
    m = 0x80 if mask else 0
    if n < 126:
        hdr = bytes([b0, m | n])
    elif n < 65536:
        hdr = bytes([b0, m | 126]) + struct.pack("!H", n)
    else:
        hdr = bytes([b0, m | 127]) + struct.pack("!Q", n)
    if not mask:
        return hdr + payload
    key = os.urandom(4)
    return hdr + key + bytes(c ^ key[i % 4] for i, c in enumerate(payload))


def client_messages():
    """What each client sends after the handshake: messages larger than the
    receive window, so that frames are cut across windows."""
    rnd = random.Random(14)
    out = [(1, b"hello, a slow reader")]
    for i in range(6):
        out.append((2, bytes(rnd.getrandbits(8) for _ in range(3000 + 700 * i))))
    out.append((1, ("the last text " * 60).encode()))
    return out


def upgrade_request(host, port):
    key = base64.b64encode(os.urandom(16)).decode()
    return (f"GET /slow HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()


def client_stream():
    data = b"".join(frame(op, p) for op, p in client_messages())
    return data + frame(8, struct.pack("!H", 1000) + b"done")


class Reader:
    """Reads WebSocket frames from a kernel socket."""

    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def need(self, n, chunk=65536, pause=0.0):
        while len(self.buf) < n:
            b = self.sock.recv(chunk)
            if not b:
                raise EOFError
            self.buf += b
            if pause:
                time.sleep(pause)
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def frame(self, chunk=65536, pause=0.0):
        b0, b1 = self.need(2, chunk, pause)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self.need(2, chunk, pause))[0]
        elif n == 127:
            n = struct.unpack("!Q", self.need(8, chunk, pause))[0]
        key = self.need(4, chunk, pause) if b1 & 0x80 else b"\0\0\0\0"
        p = self.need(n, chunk, pause)
        return b0 & 0x0F, bytes(c ^ key[i % 4] for i, c in enumerate(p))


def server(addr, port, truth, conns):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    ls.bind((addr, port))
    ls.listen(4)
    log = open(truth, "w")

    def record(stream, who, op, p):
        log.write(json.dumps({"stream": stream, "from": who, "opcode": OPNAMES[op], "length": len(p),
                              "sha256": hashlib.sha256(p).hexdigest()}) + "\n")
        log.flush()

    for stream in range(conns):
        s, _ = ls.accept()
        req = b""
        while b"\r\n\r\n" not in req:
            req += s.recv(4096)
        head, rest = req.split(b"\r\n\r\n", 1)
        key = [l.split(b":", 1)[1].strip() for l in head.split(b"\r\n") if l.lower().startswith(b"sec-websocket-key:")][0]
        accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
        s.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        welcome = b"welcome; I read slowly"
        s.sendall(frame(1, welcome, mask=False))
        record(stream, "server", 1, welcome)
        time.sleep(1.6)  # the window fills and stays shut
        r = Reader(s)
        r.buf = rest
        last = b""
        while True:
            op, p = r.frame(chunk=1024, pause=0.004)
            record(stream, "client", op, p)
            if op == 1:
                last = p
            if op == 8:
                break
        s.sendall(frame(1, last[:40], mask=False))
        record(stream, "server", 1, last[:40])
        close = struct.pack("!H", 1000) + b"bye"
        s.sendall(frame(8, close, mask=False))
        record(stream, "server", 8, close)
        s.shutdown(socket.SHUT_WR)
        try:
            while s.recv(4096):
                pass
        except OSError:
            pass
        s.close()


def kclient(addr, port):
    s = socket.create_connection((addr, port))
    s.sendall(upgrade_request(addr, port))
    r = Reader(s)
    while b"\r\n\r\n" not in r.buf:
        r.buf += s.recv(4096)
    r.buf = r.buf.split(b"\r\n\r\n", 1)[1]
    r.frame()  # welcome
    s.sendall(client_stream())
    while True:
        op, _ = r.frame()
        if op == 8:
            break
    while s.recv(4096):
        pass
    s.shutdown(socket.SHUT_WR)
    s.close()


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16


class UserTCP:
    """Just enough of a TCP sender over Ethernet for one connection."""

    def __init__(self, iface, smac, dmac, src, dst, port):
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
        self.sock.bind((iface, 0))
        self.smac, self.dmac = bytes.fromhex(smac.replace(":", "")), bytes.fromhex(dmac.replace(":", ""))
        self.src, self.dst = socket.inet_aton(src), socket.inet_aton(dst)
        self.sport, self.dport = 40714, port
        self.iss = 0x1A2B3C4D
        self.snd_una = self.snd_nxt = self.iss
        self.rcv_nxt = 0
        self.wnd = 0
        self.ipid = 1
        self.mss = 1460
        self.received = b""
        self.fin_received = False

    def send(self, flags, seq, payload=b"", opts=b""):
        off = (20 + len(opts)) // 4
        tcp = struct.pack("!HHIIBBHHH", self.sport, self.dport, seq & 0xFFFFFFFF, self.rcv_nxt if flags & ACK else 0,
                          off << 4, flags, 64240, 0, 0) + opts + payload
        pseudo = self.src + self.dst + struct.pack("!BBH", 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp)) + tcp[18:]
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), self.ipid, 0x4000, 64, 6, 0, self.src, self.dst)
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        self.ipid += 1
        self.sock.send(self.dmac + self.smac + b"\x08\x00" + ip + tcp)

    def recv(self, timeout):
        """Processes the segments that arrive within timeout; True if any did."""
        self.sock.settimeout(timeout)
        got = False
        end = time.time() + timeout
        while True:
            try:
                pkt = self.sock.recv(65536)
            except socket.timeout:
                return got
            ip = pkt[14:]
            if len(ip) < 40 or ip[9] != 6 or ip[12:16] != self.dst or ip[16:20] != self.src:
                continue
            ihl = (ip[0] & 15) * 4
            tot = struct.unpack("!H", ip[2:4])[0]
            tcp = ip[ihl:tot]
            sport, dport, seq, ack, offb, flags, win = struct.unpack("!HHIIBBH", tcp[:16])
            if sport != self.dport or dport != self.sport:
                continue
            got = True
            data = tcp[(offb >> 4) * 4:]
            if flags & SYN:
                self.rcv_nxt = seq + 1
            if flags & ACK and 0 <= (ack - self.snd_una) & 0xFFFFFFFF <= (self.snd_nxt + 1 - self.snd_una) & 0xFFFFFFFF:
                self.snd_una = ack
                self.wnd = win
            if data and seq == self.rcv_nxt:
                self.received += data
                self.rcv_nxt = (self.rcv_nxt + len(data)) & 0xFFFFFFFF
                self.send(ACK, self.snd_nxt)
            if flags & FIN and (seq + len(data)) & 0xFFFFFFFF == self.rcv_nxt:
                self.rcv_nxt = (self.rcv_nxt + 1) & 0xFFFFFFFF
                self.fin_received = True
                self.send(ACK, self.snd_nxt)
            # take what else is queued, then return
            end = min(end, time.time() + 0.001)
            left = end - time.time()
            if left <= 0:
                return got
            self.sock.settimeout(left)

    def connect(self):
        self.send(SYN, self.iss, opts=struct.pack("!BBH", 2, 4, self.mss))
        self.snd_nxt = self.iss + 1
        while self.snd_una != self.snd_nxt:
            self.recv(0.5)
        self.send(ACK, self.snd_nxt)

    def write(self, data):
        """Sends data as a window allows; probes a zero window with one byte."""
        base = self.snd_nxt  # data[i] has sequence number base + i
        end = base + len(data)
        probe_wait, last_progress = 0.2, time.time()
        while self.snd_una != end:
            edge = self.snd_una + self.wnd
            sent = False
            while self.snd_nxt < min(edge, end):
                n = min(self.mss, edge - self.snd_nxt, end - self.snd_nxt)
                i = self.snd_nxt - base
                self.send(ACK | PSH if self.snd_nxt + n == end or self.snd_nxt + n == edge else ACK, self.snd_nxt, data[i:i + n])
                self.snd_nxt += n
                sent = True
            una = self.snd_una
            if self.recv(0.002 if sent else probe_wait):
                if self.snd_una != una:
                    probe_wait, last_progress = 0.2, time.time()
                continue
            if self.wnd == 0 and self.snd_nxt == self.snd_una and self.snd_nxt < end:
                i = self.snd_nxt - base
                self.send(ACK | PSH, self.snd_nxt, data[i:i + 1])  # the zero-window probe
                probe_wait = min(probe_wait * 2, 1.0)
            elif self.snd_nxt != self.snd_una and time.time() - last_progress > 0.3:
                self.snd_nxt = self.snd_una  # go back: the receiver dropped something
                last_progress = time.time()

    def close(self):
        self.send(FIN | ACK, self.snd_nxt)
        self.snd_nxt += 1
        for _ in range(20):
            if self.snd_una == self.snd_nxt:
                break
            self.recv(0.2)


def uclient(iface, smac, dmac, src, dst, port):
    t = UserTCP(iface, smac, dmac, src, dst, int(port))
    t.connect()
    t.write(upgrade_request(dst, port))
    while t.received.count(b"\r\n\r\n") == 0 or len(t.received.split(b"\r\n\r\n", 1)[1]) < 2:
        t.recv(0.2)
    t.write(client_stream())
    while not t.fin_received:
        t.recv(0.2)
    t.close()


if __name__ == "__main__":
    role, args = sys.argv[1], sys.argv[2:]
    if role == "server":
        server(args[0], int(args[1]), args[2], int(args[3]))
    elif role == "kclient":
        kclient(args[0], int(args[1]))
    elif role == "uclient":
        uclient(*args)
