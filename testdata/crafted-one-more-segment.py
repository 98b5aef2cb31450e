import struct, sys
def pcap(path, pkts):
    with open(path,'wb') as f:
        f.write(struct.pack('<IHHiIII',0xa1b2c3d4,2,4,0,0,65535,1))
        t=0
        for p in pkts:
            t+=1
            f.write(struct.pack('<IIII',1000+t,0,len(p),len(p)))
            f.write(p)
def csum(b):
    if len(b)%2: b+=b'\0'
    s=sum(struct.unpack('!%dH'%(len(b)//2),b)); s=(s>>16)+(s&0xffff); s+=s>>16
    return (~s)&0xffff
def pkt(src,dst,sport,dport,seq,ack,flags,payload=b''):
    tcp=struct.pack('!HHIIBBHHH',sport,dport,seq,ack,5<<4,flags,65535,0,0)+payload
    ip=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(tcp),1,0,64,6,0,bytes(src),bytes(dst))
    ip=ip[:10]+struct.pack('!H',csum(ip))+ip[12:]
    ph=struct.pack('!4s4sBBH',bytes(src),bytes(dst),0,6,len(tcp))
    c=csum(ph+tcp); tcp=tcp[:16]+struct.pack('!H',c)+tcp[18:]
    eth=b'\x00\x01\x02\x03\x04\x05'+b'\x00\x01\x02\x03\x04\x06'+b'\x08\x00'
    return eth+ip+tcp
C=[10,0,0,1]; S=[10,0,0,2]; cp=40000; sp=8080
SYN,ACK,PSH,FIN=2,16,8,1
req=b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
resp=b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
def ws(text): return bytes([0x81,len(text)])+text
mode=sys.argv[1]
cs,ss=1000,5000
P=[pkt(C,S,cp,sp,cs,0,SYN),pkt(S,C,sp,cp,ss,cs+1,SYN|ACK),pkt(C,S,cp,sp,cs+1,ss+1,ACK)]
cs+=1; ss+=1
P.append(pkt(C,S,cp,sp,cs,ss,ACK|PSH,req)); cs+=len(req)
def srv(data):
    global ss
    P.append(pkt(S,C,sp,cp,ss,cs,ACK|PSH,data)); ss+=len(data)
w1,w2,w3=ws(b"hello"),ws(b"world!"),ws(b"third frame")
if mode=='head-split':   # head split, 2nd seg: head end + full frame + half frame
    stream=resp+w1+w2+w3
    cut1=len(resp)-10; cut2=len(resp)+len(w1)+len(w2)+3
    srv(stream[:cut1]); srv(stream[cut1:cut2]); srv(stream[cut2:])
elif mode=='head-split-clean':   # head split, 2nd seg: head end + full frames
    stream=resp+w1+w2+w3
    cut1=len(resp)-10
    srv(stream[:cut1]); srv(stream[cut1:])
elif mode=='ws-1byte':   # frame header split after 1 byte, 2nd seg holds rest + full frame + half
    srv(resp+w1[:1]); rest=w1[1:]+w2+w3; srv(rest[:len(w1)-1+len(w2)+4]); srv(rest[len(w1)-1+len(w2)+4:])
elif mode=='ws-1byte-clean':
    srv(resp+w1[:1]); srv(w1[1:]+w2)
elif mode=='ws-ext':   # 16-bit length header split after 3 bytes
    big=bytes([0x82,126])+struct.pack('!H',300)+bytes(300)
    srv(resp+big[:3]); srv(big[3:100]); srv(big[100:]+w1)
pcap('/tmp/craft/'+mode+'.pcap',P)
