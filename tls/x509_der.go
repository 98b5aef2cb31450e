package tls

// derElem is one DER element read in place: its tag, its offset in the
// data the walk began at, the length of its header and its content.
type derElem struct {
	tag     byte
	start   int
	hdr     int
	content []byte
}

// size is the element's whole length, header and content.
func (e derElem) size() int { return e.hdr + len(e.content) }

// inner is a reader of the element's content.
func (e derElem) inner() derReader { return derReader{b: e.content, off: e.start + e.hdr} }

// derReader walks the DER elements of b one after the other, each read in
// place; off is b's offset in the data the walk began at, so that every
// element knows its range. It allocates nothing and recurses nowhere: a
// caller goes one level down with inner, so the depth is the caller's.
type derReader struct {
	b   []byte
	off int
}

// more reports whether elements are left.
func (r *derReader) more() bool { return len(r.b) > 0 }

// next reads the next element; ok is false at the end or on an element
// whose header is bad (a multi-byte tag, an indefinite or too long length,
// content past the end), after which the reader is empty.
func (r *derReader) next() (e derElem, ok bool) {
	b := r.b
	if len(b) < 2 || b[0]&0x1f == 0x1f {
		r.b = nil
		return derElem{}, false
	}
	n, hdr := int(b[1]), 2
	if n&0x80 != 0 {
		k := n & 0x7f
		if k == 0 || k > 3 || len(b) < 2+k {
			r.b = nil
			return derElem{}, false
		}
		n = 0
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		hdr += k
	}
	if n > len(b)-hdr {
		r.b = nil
		return derElem{}, false
	}
	e = derElem{tag: b[0], start: r.off, hdr: hdr, content: b[hdr : hdr+n]}
	r.b = b[hdr+n:]
	r.off += hdr + n
	return e, true
}

// nextTag reads the next element if its tag is tag; else it reads nothing.
func (r *derReader) nextTag(tag byte) (derElem, bool) {
	if len(r.b) == 0 || r.b[0] != tag {
		return derElem{}, false
	}
	return r.next()
}

// DER tags the certificate walk uses.
const (
	derBoolean     = 0x01
	derInteger     = 0x02
	derBitString   = 0x03
	derOctetString = 0x04
	derOID         = 0x06
	derUTF8String  = 0x0c
	derPrintable   = 0x13
	derTeletex     = 0x14
	derIA5String   = 0x16
	derUTCTime     = 0x17
	derGeneralized = 0x18
	derUniversal   = 0x1c
	derBMPString   = 0x1e
	derSequence    = 0x30
	derSet         = 0x31
)

// derInt is an INTEGER's content as a signed number; ok is false when it
// does not fit 64 bits.
func derInt(b []byte) (v int64, ok bool) {
	if len(b) == 0 || len(b) > 8 {
		return 0, false
	}
	if b[0]&0x80 != 0 {
		v = -1
	}
	for _, c := range b {
		v = v<<8 | int64(c)
	}
	return v, true
}
