package tcp

// etherName is one line of Wireshark's well-known address file: an address
// or the first bits of a range, and its name.
type etherName struct {
	addr [6]byte
	bits uint8
	name string
}

// AppendEtherName appends a MAC address as tshark's default name resolution
// shows it in the Source and Destination columns: the name of a well-known
// address ("Broadcast", "LLDP_Multicast"), the name of a well-known range
// followed by the rest of the address without its leading zero bytes
// ("IPv6mcast_16", "IPv4mcast_7f:ff:fa", "MS-NLB-PhysServer-01_f5:48:5c:ea"),
// or the plain address. Vendor prefixes (Wireshark's manuf file) are not
// resolved, but for 00:00:00 ("00:00:00_00:00:00"): such an address prints
// plain where tshark prints "Intel_12:34:56".
func AppendEtherName(dst []byte, mac [6]byte) []byte {
	if !maybeWellKnown(mac) {
		return appendNamelessEther(dst, mac)
	}
	for i := range wellKnownEther {
		e := &wellKnownEther[i]
		if !hasPrefix(mac, e.addr, int(e.bits)) {
			continue
		}
		dst = append(dst, e.name...)
		if e.bits == 48 {
			return dst
		}
		// the byte holding the first bit past the prefix, without the
		// prefix's bits, then the rest; leading zero bytes are dropped but
		// the last byte always shows
		rest := mac
		i := int(e.bits) / 8
		rest[i] &= 0xff >> (e.bits % 8)
		for i < 5 && rest[i] == 0 {
			i++
		}
		dst = append(dst, '_')
		return appendMAC(dst, rest[i:])
	}
	return appendNamelessEther(dst, mac)
}

// plainEther reports whether AppendEtherName appends mac itself, as most
// addresses: then an address item's default label, "mac (mac)", is what
// tshark shows, with no text of its own.
func plainEther(mac [6]byte) bool {
	return !maybeWellKnown(mac) && mac[0]|mac[1]|mac[2] != 0
}

// maybeWellKnown reports whether a well-known address or range starts with
// mac's first two bytes (etherPrefixes): most addresses are told apart
// without a look at the list.
func maybeWellKnown(mac [6]byte) bool {
	p := uint16(mac[0])<<8 | uint16(mac[1])
	return etherPrefixes[p/64]&(1<<(p%64)) != 0
}

// appendNamelessEther appends an address that is not well known.
func appendNamelessEther(dst []byte, mac [6]byte) []byte {
	if mac[0]|mac[1]|mac[2] == 0 {
		// the one vendor prefix of Wireshark's manuf file known here, that
		// of the all-zero target of every ARP request; a vendor prefix
		// keeps the three bytes after it whole
		dst = append(dst, "00:00:00_"...)
		return appendMAC(dst, mac[3:])
	}
	return appendMAC(dst, mac[:])
}

// etherPrefixes is the set of the first two bytes of the well-known
// addresses and ranges, a bit each: most addresses are not well known, and
// the set tells so without a look at the list.
var etherPrefixes = func() (set [1 << 16 / 64]uint64) {
	for i := range wellKnownEther {
		e := &wellKnownEther[i]
		if e.bits >= 16 {
			p := uint16(e.addr[0])<<8 | uint16(e.addr[1])
			set[p/64] |= 1 << (p % 64)
			continue
		}
		for p := range 1 << 16 { // none today
			if hasPrefix([6]byte{byte(p >> 8), byte(p)}, e.addr, int(e.bits)) {
				set[p/64] |= 1 << (p % 64)
			}
		}
	}
	return set
}()

// hasPrefix reports whether the first bits of a and p are equal.
func hasPrefix(a, p [6]byte, bits int) bool {
	for i := 0; bits > 0; i++ {
		m := byte(0xff)
		if bits < 8 {
			m <<= 8 - bits
		}
		if (a[i]^p[i])&m != 0 {
			return false
		}
		bits -= 8
	}
	return true
}
