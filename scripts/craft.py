"""Small helpers that build frames and pcap files byte by byte, for crafted test captures."""
import struct, sys
def csum(b):
    if len(b)%2: b+=b'\0'
    s=sum(struct.unpack('!%dH'%(len(b)//2),b)); s=(s>>16)+(s&0xffff); s+=s>>16; return (~s)&0xffff
def ip4(tos=0, flags=2, frag=0, ttl=64, proto=6, payload=b'', src=b'\x0a\x00\x00\x01', dst=b'\x0a\x00\x00\x02', ident=0x1234, opts=b''):
    ihl=5+len(opts)//4
    h=struct.pack('!BBHHHBBH4s4s',0x40|ihl,tos,20+len(opts)+len(payload),ident,(flags<<13)|frag,ttl,proto,0,src,dst)+opts
    c=csum(h); h=h[:10]+struct.pack('!H',c)+h[12:]
    return h+payload
def tcp(sport=1000,dport=80,seq=1,ack=0,flags=0x02,win=65535,opts=b'',data=b''):
    off=(20+len(opts))//4
    return struct.pack('!HHIIBBHHH',sport,dport,seq,ack,off<<4,flags,win,0,0)+opts+data
def eth(payload, etype=0x0800, dst=b'\x02\0\0\0\0\x02', src=b'\x02\0\0\0\0\x01'):
    return dst+src+struct.pack('!H',etype)+payload
def pcap(name, frames, link=1):
    with open(name,'wb') as f:
        f.write(struct.pack('<IHHiIII',0xa1b2c3d4,2,4,0,0,65535,link))
        for i,b in enumerate(frames):
            f.write(struct.pack('<IIII',1000+i,0,len(b),len(b))+b)
