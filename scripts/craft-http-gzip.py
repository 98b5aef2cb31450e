"""Writes testdata/crafted-http-gzip.pcap: an HTTP/1.1 keep-alive connection whose
answers are gzip-coded, one with Content-Length and one chunked, then a 204
(scripts/craft-http-gzip.py testdata/crafted-http-gzip.pcap)."""
import sys, gzip, struct
sys.path.insert(0, __import__('os').path.dirname(__file__))
from craft import *
C, S = b'\x0a\x00\x00\x01', b'\x0a\x00\x00\x02'
cs, ss = 1000, 5000
frames = []
def c2s(data, flags=0x18):
    global cs
    frames.append(eth(ip4(src=C, dst=S, payload=tcp(40000, 8080, cs, ss, flags, data=data))))
    cs += len(data) + (1 if flags & 3 else 0)
def s2c(data, flags=0x18):
    global ss
    frames.append(eth(ip4(src=S, dst=C, payload=tcp(8080, 40000, ss, cs, flags, data=data)), dst=b'\x02\0\0\0\0\x01', src=b'\x02\0\0\0\0\x02'))
    ss += len(data) + (1 if flags & 3 else 0)
# handshake
frames.append(eth(ip4(src=C, dst=S, payload=tcp(40000, 8080, cs, 0, 0x02)))); cs += 1
frames.append(eth(ip4(src=S, dst=C, payload=tcp(8080, 40000, ss, cs, 0x12)), dst=b'\x02\0\0\0\0\x01', src=b'\x02\0\0\0\0\x02')); ss += 1
c2s(b'', 0x10)
body = b'hello gzip\nsecond line\n'
z = gzip.compress(body, mtime=0)
c2s(b'GET /a.txt?x=1 HTTP/1.1\r\nHost: example.test\r\nAccept-Encoding: gzip\r\nCookie: a=1; b=2\r\n\r\n')
s2c(b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n' % len(z) + z)
c2s(b'GET /b.txt HTTP/1.1\r\nHost: example.test\r\n\r\n')
z2 = gzip.compress(b'chunked and gzipped\n', mtime=0)
s2c(b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n' + b'%x\r\n' % 10 + z2[:10] + b'\r\n' + b'%x\r\n' % (len(z2)-10) + z2[10:] + b'\r\n0\r\n\r\n')
c2s(b'GET /c HTTP/1.1\r\nHost: example.test\r\n\r\n')
s2c(b'HTTP/1.1 204 No Content\r\nServer: t\r\n\r\n')
c2s(b'', 0x11)
s2c(b'', 0x11)
c2s(b'', 0x10)
pcap(sys.argv[1], frames)  # testdata/crafted-http-gzip.pcap
