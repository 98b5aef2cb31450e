package main

import "encoding/binary"

// Wire constants: what every generated packet shares.
const (
	snapLen = 262144 // the pcap snap length: nothing is ever cut
	mss     = 1448   // TCP payload per full segment: 1500 - 20 (IP) - 32 (TCP with timestamps)

	flagFIN = 0x01
	flagSYN = 0x02
	flagPSH = 0x08
	flagACK = 0x10

	// window is the advertised window once scaling is on (scale 7): 4 MiB,
	// enough that no burst fills it, so tshark never reports a full window.
	window    = 0x7fff
	synWindow = 64240
	windowExp = 7
)

// appendEthernet appends the Ethernet/IPv4/TCP frame of p, sent on c, to dst
// and returns it. IP and TCP checksums are computed: the capture is what a
// real interface would have seen with checksum offloading off.
func (c *conn) appendEthernet(dst []byte, p *packet) []byte {
	src, to := &c.server, &c.client
	if p.client {
		src, to = &c.client, &c.server
	}
	optLen := 12 // NOP, NOP, timestamps
	if p.flags&flagSYN != 0 {
		optLen = 20 // MSS, SACK permitted, timestamps, NOP, window scale
	}
	tcpLen := 20 + optLen
	ipLen := 20 + tcpLen + len(p.payload)

	dst = append(dst, to.mac[:]...)
	dst = append(dst, src.mac[:]...)
	dst = append(dst, 0x08, 0x00) // IPv4

	ip := len(dst)
	dst = append(dst,
		0x45, 0, byte(ipLen>>8), byte(ipLen),
		byte(src.ipID>>8), byte(src.ipID), 0x40, 0, // don't fragment
		64, 6, 0, 0) // TTL, TCP, checksum
	dst = append(dst, src.ip[:]...)
	dst = append(dst, to.ip[:]...)
	src.ipID++
	binary.BigEndian.PutUint16(dst[ip+10:], checksum(dst[ip:ip+20], 0))

	tsval := src.tsBase + uint32(p.t/1000)
	tsecr := to.lastTS
	if p.flags == flagSYN {
		tsecr = 0
	}
	src.lastTS = tsval
	win := uint16(window)
	if p.flags&flagSYN != 0 {
		win = synWindow
	}

	th := len(dst)
	dst = binary.BigEndian.AppendUint16(dst, src.port)
	dst = binary.BigEndian.AppendUint16(dst, to.port)
	dst = binary.BigEndian.AppendUint32(dst, p.seq)
	dst = binary.BigEndian.AppendUint32(dst, p.ack)
	dst = append(dst, byte(tcpLen/4)<<4, p.flags)
	dst = binary.BigEndian.AppendUint16(dst, win)
	dst = append(dst, 0, 0, 0, 0) // checksum, urgent pointer
	if p.flags&flagSYN != 0 {
		dst = append(dst, 2, 4, 0x05, 0xb4, 4, 2) // MSS 1460, SACK permitted
		dst = append(dst, 8, 10)
		dst = binary.BigEndian.AppendUint32(dst, tsval)
		dst = binary.BigEndian.AppendUint32(dst, tsecr)
		dst = append(dst, 1, 3, 3, windowExp)
	} else {
		dst = append(dst, 1, 1, 8, 10)
		dst = binary.BigEndian.AppendUint32(dst, tsval)
		dst = binary.BigEndian.AppendUint32(dst, tsecr)
	}
	dst = append(dst, p.payload...)

	// The pseudo header: addresses, protocol and TCP length.
	pseudo := uint64(binary.BigEndian.Uint32(src.ip[:])) + uint64(binary.BigEndian.Uint32(to.ip[:])) +
		6 + uint64(tcpLen+len(p.payload))
	binary.BigEndian.PutUint16(dst[th+16:], checksum(dst[th:], pseudo))
	return dst
}

// checksum returns the Internet checksum (RFC 1071) of b, starting from the
// partial sum initial. It adds 32-bit words: folding their sum gives the
// same result as adding 16-bit words, in half the steps.
func checksum(b []byte, initial uint64) uint16 {
	sum := initial
	for len(b) >= 4 {
		sum += uint64(binary.BigEndian.Uint32(b))
		b = b[4:]
	}
	if len(b) >= 2 {
		sum += uint64(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		sum += uint64(b[0]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}
