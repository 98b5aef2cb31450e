package tcp

// etherName is an entry of Wireshark's well-known Ethernet addresses: an
// address, or a prefix of bits bits, and its name.
type etherName struct {
	addr [6]byte
	bits int
	name string
}

// matches reports whether mac starts with the entry's prefix.
func (e *etherName) matches(mac [6]byte) bool {
	full := e.bits / 8
	if mac[0] != e.addr[0] && full > 0 || string(mac[:full]) != string(e.addr[:full]) {
		return false
	}
	if rest := e.bits % 8; rest != 0 {
		m := byte(0xff) << (8 - rest)
		return mac[full]&m == e.addr[full]&m
	}
	return true
}

// AppendEtherName appends tshark's name of a MAC address: the well-known
// name of the address ("Broadcast"), or of its prefix followed by what the
// prefix leaves ("IPv6mcast_16", "IPv4mcast_7f:00:01"), or the address
// itself. Vendor prefixes (Wireshark's manuf file, as "IntelCor_aa:bb:cc")
// are not known, except the all-zero one.
func AppendEtherName(dst []byte, mac [6]byte) []byte {
	for i := range wellKnownEther {
		e := &wellKnownEther[i]
		if !e.matches(mac) {
			continue
		}
		dst = append(dst, e.name...)
		if e.bits == 48 {
			return dst
		}
		dst = append(dst, '_')
		rest := mac[e.bits/8:]
		if e.bits == 24 {
			// a vendor prefix keeps the three bytes after it as they are
			return appendMAC(dst, rest)
		}
		// the bits under the prefix are dropped, then leading zero bytes
		var buf [6]byte
		rest = buf[:copy(buf[:], rest)]
		if r := e.bits % 8; r != 0 {
			rest[0] &= 0xff >> r
		}
		for len(rest) > 1 && rest[0] == 0 {
			rest = rest[1:]
		}
		return appendMAC(dst, rest)
	}
	return appendMAC(dst, mac[:])
}
