"""Writes testdata/crafted-ipv6-ext.pcap: a WebSocket connection over IPv6
whose packets carry extension headers, alone and chained: Hop-by-Hop options
(Router Alert, PadN, Pad1, options of unknown types), Destination Options
before and after a Routing header, Routing type 0 and type 4 (Segment
Routing, segments left 0: the packets have reached their destination), type 2
(Mobile IPv6) and the experimental 253, and
Fragment headers of unfragmented packets (offset 0, no more fragments:
RFC 6946's atomic fragments). A WebSocket frame is cut across two segments
(scripts/craft-ipv6-ext.py testdata/crafted-ipv6-ext.pcap)."""
import base64, hashlib, os, struct, sys
sys.path.insert(0, os.path.dirname(__file__))
from craft import *

C = bytes.fromhex('fd000000000000000000000000000002')
S = bytes.fromhex('fd000000000000000000000000000001')
R1 = bytes.fromhex('fd000000000000000000000000000a01')
R2 = bytes.fromhex('fd000000000000000000000000000a02')
CMAC, SMAC = b'\x02\0\0\0\0\x02', b'\x02\0\0\0\0\x01'
HOPOPTS, ROUTING, FRAGMENT, DSTOPTS, TCP = 0, 43, 44, 60, 6


def hopopts(nxt, opts):  # also destination options: next header, length, options
    assert (2 + len(opts)) % 8 == 0
    return bytes([nxt, (2 + len(opts)) // 8 - 1]) + opts


def routing0(nxt, addrs, left=0):
    return bytes([nxt, 2 * len(addrs), 0, left]) + b'\0\0\0\0' + b''.join(addrs)


def srh(nxt, segments, left=0, tag=0):
    return bytes([nxt, 2 * len(segments), 4, left, len(segments) - 1, 0]) + struct.pack('!H', tag) + b''.join(segments)


def routing(nxt, typ, left, data):  # any other type: its type-specific data
    return bytes([nxt, len(data) // 8, typ, left]) + data


def fragment(nxt, ident):
    return bytes([nxt, 0]) + struct.pack('!HI', 0, ident)  # offset 0, M = 0


def ip6(src, dst, exts, segment):
    """exts: (type, builder of next header -> bytes), in order."""
    kinds = [k for k, _ in exts] + [TCP]
    body = b''.join(build(kinds[i + 1]) for i, (_, build) in enumerate(exts))
    pseudo = src + dst + struct.pack('!IxxxB', len(segment), TCP)
    segment = segment[:16] + struct.pack('!H', csum(pseudo + segment)) + segment[18:]
    payload = body + segment
    return struct.pack('!IHBB', 0x60000000, len(payload), kinds[0], 64) + src + dst + payload


cs, ss = 0x10000000, 0x20000000
frames = []


def send(from_client, data, flags=0x18, exts=()):
    global cs, ss
    if from_client:
        seg = tcp(50514, 8080, cs, ss if flags & 0x10 else 0, flags, 64800, data=data)
        frames.append(eth(ip6(C, S, exts, seg), 0x86dd, dst=SMAC, src=CMAC))
        cs += len(data) + (1 if flags & 3 else 0)
    else:
        seg = tcp(8080, 50514, ss, cs, flags, 64260, data=data)
        frames.append(eth(ip6(S, C, exts, seg), 0x86dd, dst=CMAC, src=SMAC))
        ss += len(data) + (1 if flags & 3 else 0)


router_alert = b'\x05\x02\x00\x00'  # Router Alert: MLD (0)
padn0 = b'\x01\x00'
unknown = b'\x1e\x02\xab\xcd'  # type 0x1e: experimental (RFC 4727), skip if unknown, may not change
unassigned = b'\x0c\x00'  # type 0x0c: unassigned, no data (tshark -T fields prints <MISSING>)
unassigned2 = b'\x0d\x02\x12\x34'  # type 0x0d: unassigned, two bytes
tunnel_limit = b'\x04\x01\x04\x01\x01\x00'  # Tunnel Encapsulation Limit 4, PadN
masked = lambda p, k: k + bytes(c ^ k[i % 4] for i, c in enumerate(p))

send(True, b'', 0x02, [(HOPOPTS, lambda n: hopopts(n, router_alert + padn0))])
send(False, b'', 0x12, [(DSTOPTS, lambda n: hopopts(n, b'\x00\x00' + unknown))])
send(True, b'', 0x10, [(ROUTING, lambda n: routing0(n, [R1]))])
key = base64.b64encode(b'crafted-ipv6-ext').decode()
send(True, ('GET /ext HTTP/1.1\r\nHost: [fd00::1]:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
            'Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n' % key).encode(),
     exts=[(HOPOPTS, lambda n: hopopts(n, padn0 + b'\x01\x02\0\0')), (DSTOPTS, lambda n: hopopts(n, unknown + b'\x01\x00')),
           (ROUTING, lambda n: srh(n, [S, R2], tag=7)), (FRAGMENT, lambda n: fragment(n, 0x0badcafe))])
accept = base64.b64encode(hashlib.sha1(key.encode() + b'258EAFA5-E914-47DA-95CA-C5AB0DC11B65').digest()).decode()
send(False, ('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
             'Sec-WebSocket-Accept: %s\r\n\r\n' % accept).encode(), exts=[(FRAGMENT, lambda n: fragment(n, 1))])
send(True, b'', 0x10, [(ROUTING, lambda n: routing0(n, [R1, R2])), (DSTOPTS, lambda n: hopopts(n, tunnel_limit))])
send(False, b'\x81\x0dhello over v6', exts=[(HOPOPTS, lambda n: hopopts(n, b'\x00' + b'\x00' + router_alert))])
text = b'a text frame cut across two segments, both with extension headers'
frame = b'\x81' + bytes([0x80 | len(text)]) + masked(text, b'\x11\x22\x33\x44')
send(True, frame[:20], exts=[(DSTOPTS, lambda n: hopopts(n, unassigned + unknown))])
send(True, frame[20:], exts=[(FRAGMENT, lambda n: fragment(n, 2)), (DSTOPTS, lambda n: hopopts(n, b'\x01\x04\0\0\0\0'))])
send(False, b'', 0x10, [(ROUTING, lambda n: routing(n, 2, 1, b'\0\0\0\0' + C))])  # Mobile IPv6's: to the home address, the client's
send(True, b'\x89\x84' + masked(b'ping', b'\x01\x02\x03\x04'), exts=[(ROUTING, lambda n: srh(n, [S]))])
send(False, b'\x8a\x04ping', exts=[(DSTOPTS, lambda n: hopopts(n, unassigned2 + padn0))])
send(True, b'\x88\x82' + masked(b'\x03\xe8', b'\x0a\x0b\x0c\x0d'), exts=[(HOPOPTS, lambda n: hopopts(n, padn0 + padn0 + padn0))])
send(False, b'\x88\x02\x03\xe8', 0x19)
send(True, b'', 0x11, [(FRAGMENT, lambda n: fragment(n, 3))])
send(False, b'', 0x10, [(ROUTING, lambda n: routing(n, 253, 0, b'\x01\x02\x03\x04'))])  # experimental type
pcap(sys.argv[1], frames)  # testdata/crafted-ipv6-ext.pcap
