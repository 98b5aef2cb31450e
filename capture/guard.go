package capture

import (
	"encoding/binary"
	"fmt"
	"io"
)

// guard sits between the caller's io.Reader and pcapgo's pcapng reader
// (classic pcap has its own reader, pcapReader). It follows the block
// structure of the bytes flowing through and stops the stream with a
// *FormatError before pcapgo sees a length that would make it allocate or
// skip absurd amounts: pcapgo trusts the lengths in the file. It also knows
// the byte offset of every block, which pcapgo does not report.
type guard struct {
	r      io.Reader
	order  binary.ByteOrder // of the current section
	off    int64            // bytes delivered so far
	unit   int64            // offset where the current block starts
	body   int64            // bytes of the current block still to pass through
	hdr    [28]byte         // header of the next unit, read ahead for checking
	hdrLen int              // bytes of hdr held
	hdrOut int              // bytes of hdr already delivered
	blk    []byte           // a whole metadata block, checked, being delivered
	blkOut int
	err    error  // sticky: delivered once the valid bytes are out
	frames uint64 // records seen, for error messages
	cut    bool   // the input ended inside the unit starting at cutAt
	cutAt  int64
	// Link types of the current section's interfaces, read here because
	// pcapgo truncates them to 8 bits.
	ifaces []uint16
	// secrets is the NSS key log of the Decryption Secrets Blocks read
	// since the last record was handed out.
	secrets []byte
}

// maxInterfaces bounds the interfaces of one pcapng section.
const maxInterfaces = 1 << 16

// ifaceLink returns the link type of pcapng interface i of the current section.
func (g *guard) ifaceLink(i int) uint16 {
	if i >= 0 && i < len(g.ifaces) {
		return g.ifaces[i]
	}
	return 0xFFFF
}

// pcapng block sizes, types and limits.
const (
	ngBlockHeaderLen = 8
	ngEPBFixedLen    = 28 // type, length, interface, ts high, ts low, caplen, origlen
	ngSPBFixedLen    = 12 // type, length, origlen

	ngSectionHeader  = 0x0A0D0D0A
	ngInterfaceDesc  = 0x00000001
	ngObsPacket      = 0x00000002
	ngSimplePacket   = 0x00000003
	ngEnhPacket      = 0x00000006
	ngInterfaceStats = 0x00000005
	maxMetadataLen   = 64 << 10 // section header, interface description and statistics blocks
	ngByteOrder      = 0x1A2B3C4D
	maxBlockLen      = 16 << 20 // Wireshark's limit for one pcapng block
)

func (g *guard) fail(err error, format string, args ...any) {
	if g.err == nil {
		g.err = &FormatError{Err: err, Offset: g.unit, Frame: g.frames, Detail: fmt.Sprintf(format, args...)}
	}
}

func (g *guard) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if g.blkOut < len(g.blk) { // deliver a checked metadata block
			n := copy(p, g.blk[g.blkOut:])
			g.blkOut += n
			g.off += int64(n)
			return n, nil
		}
		if g.hdrOut < g.hdrLen { // deliver a checked header
			n := copy(p, g.hdr[g.hdrOut:g.hdrLen])
			g.hdrOut += n
			g.off += int64(n)
			return n, nil
		}
		if g.body > 0 {
			if int64(len(p)) > g.body {
				p = p[:g.body]
			}
			n, err := g.r.Read(p)
			g.body -= int64(n)
			g.off += int64(n)
			if err == io.EOF && g.body > 0 {
				g.cut, g.cutAt = true, g.unit
			}
			return n, err
		}
		if g.err != nil {
			return 0, g.err
		}
		if err := g.next(); err != nil {
			if err == io.ErrUnexpectedEOF { // a partial header: let pcapgo see it, then EOF
				g.cut, g.cutAt = true, g.unit
				g.err = io.EOF
				continue
			}
			return 0, err
		}
	}
}

// readHeader reads up to n header bytes; it returns io.EOF only when none came.
func (g *guard) readHeader(n int) error {
	for g.hdrLen < n {
		m, err := g.r.Read(g.hdr[g.hdrLen:n])
		g.hdrLen += m
		if err != nil {
			if err == io.EOF && g.hdrLen > 0 {
				return io.ErrUnexpectedEOF
			}
			return err
		}
	}
	return nil
}

// next reads and checks the header of the next block.
func (g *guard) next() error {
	g.unit = g.off
	g.hdrLen, g.hdrOut = 0, 0
	g.blk, g.blkOut = g.blk[:0], 0
	if err := g.readHeader(ngBlockHeaderLen); err != nil {
		return err
	}
	typ := g.order.Uint32(g.hdr[0:4])
	if typ == ngSectionHeader {
		if err := g.readHeader(12); err != nil {
			return err
		}
		switch binary.LittleEndian.Uint32(g.hdr[8:12]) {
		case ngByteOrder:
			g.ifaces = g.ifaces[:0]
			g.order = binary.LittleEndian
		case 0x4D3C2B1A:
			g.ifaces = g.ifaces[:0]
			g.order = binary.BigEndian
		default:
			g.hdrLen = 0
			g.fail(ErrBadMagic, "pcapng section header with unknown byte-order magic")
			return g.err
		}
	}
	blockLen := g.order.Uint32(g.hdr[4:8])
	if blockLen < 12 || blockLen%4 != 0 || blockLen > maxBlockLen {
		g.hdrLen = 0
		g.fail(ErrBadRecord, "pcapng block type 0x%08x with impossible length %d", typ, blockLen)
		return g.err
	}
	switch typ {
	case ngEnhPacket, ngObsPacket:
		if blockLen < ngEPBFixedLen+4 {
			g.hdrLen = 0
			g.fail(ErrBadRecord, "pcapng packet block of %d bytes is too short", blockLen)
			return g.err
		}
		if err := g.readHeader(ngEPBFixedLen); err != nil {
			return err
		}
		caplen := g.order.Uint32(g.hdr[20:24])
		if caplen > MaxRecordSize {
			g.hdrLen = 0
			g.fail(ErrRecordTooLarge, "packet block claims %d captured bytes (limit %d)", caplen, MaxRecordSize)
			return g.err
		}
		if int64(caplen) > int64(blockLen)-ngEPBFixedLen-4 {
			g.hdrLen = 0
			g.fail(ErrBadRecord, "packet block claims %d captured bytes but holds at most %d", caplen, blockLen-ngEPBFixedLen-4)
			return g.err
		}
		g.frames++
	case ngSimplePacket:
		if err := g.readHeader(ngSPBFixedLen); err != nil {
			return err
		}
		orig := g.order.Uint32(g.hdr[8:12])
		if int64(orig) > int64(blockLen)-ngSPBFixedLen-4 {
			g.hdrLen = 0
			g.fail(ErrBadRecord, "simple packet block of %d bytes cannot hold a %d-byte packet", blockLen, orig)
			return g.err
		}
		g.frames++
	case ngInterfaceDesc:
		if err := g.readHeader(16); err != nil {
			return err
		}
		if len(g.ifaces) >= maxInterfaces {
			g.hdrLen = 0
			g.fail(ErrBadRecord, "more than %d interfaces in one section", maxInterfaces)
			return g.err
		}
		g.ifaces = append(g.ifaces, g.order.Uint16(g.hdr[8:10]))
		// pcapgo sizes its packet buffer from the interface's snap length:
		// a huge one is replaced by 0 ("no limit"), which pcapgo handles per packet.
		if g.order.Uint32(g.hdr[12:16]) > MaxRecordSize {
			g.order.PutUint32(g.hdr[12:16], 0)
		}
		return g.metadata(typ, blockLen, 16)
	case ngSectionHeader:
		return g.metadata(typ, blockLen, 24)
	case ngInterfaceStats:
		return g.metadata(typ, blockLen, 20)
	case ngDecryptionSecrets:
		return g.secretsBlock(blockLen)
	}
	g.body = int64(blockLen) - int64(g.hdrLen)
	return nil
}

// metadata reads a whole section header, interface description or
// interface statistics block and checks its options before pcapgo parses
// them: pcapgo indexes option values without checking their length.
func (g *guard) metadata(typ, blockLen uint32, optStart int) error {
	if blockLen > maxMetadataLen || int(blockLen) < optStart+4 {
		g.hdrLen = 0
		g.fail(ErrBadRecord, "pcapng block type 0x%08x with impossible length %d", typ, blockLen)
		return g.err
	}
	g.blk = append(g.blk[:0], g.hdr[:g.hdrLen]...)
	g.blk = append(g.blk, make([]byte, int(blockLen)-g.hdrLen)...)
	got, err := io.ReadFull(g.r, g.blk[g.hdrLen:])
	if err != nil {
		g.blk = g.blk[:g.hdrLen+got]
		g.hdrLen = 0
		g.cut, g.cutAt = true, g.unit
		g.err = io.EOF
		return nil
	}
	g.hdrLen = 0
	opts := g.blk[optStart : blockLen-4]
	for len(opts) > 0 {
		if len(opts) < 4 {
			break
		}
		code, n := g.order.Uint16(opts[0:2]), int(g.order.Uint16(opts[2:4]))
		padded := (n + 3) &^ 3
		if 4+padded > len(opts) {
			g.blk = g.blk[:0]
			g.fail(ErrBadRecord, "pcapng option %d of %d bytes overruns its block", code, n)
			return g.err
		}
		if code == 0 {
			break
		}
		if short := optionMin(typ, code); n < short {
			g.blk = g.blk[:0]
			g.fail(ErrBadRecord, "pcapng option %d of block type 0x%08x has %d bytes, needs %d", code, typ, n, short)
			return g.err
		}
		if typ == ngInterfaceDesc && code == 9 { // if_tsresol
			r := opts[4]
			if r&0x80 != 0 && r&0x7f > 63 || r&0x80 == 0 && r > 19 {
				g.blk = g.blk[:0]
				g.fail(ErrBadRecord, "pcapng interface timestamp resolution 0x%02x out of range", r)
				return g.err
			}
		}
		opts = opts[4+padded:]
	}
	return nil
}

// optionMin is the smallest value length pcapgo can read for an option.
func optionMin(typ uint32, code uint16) int {
	switch {
	case typ == ngInterfaceDesc && (code == 9 || code == 11): // if_tsresol, if_filter
		return 1
	case typ == ngInterfaceDesc && code == 14: // if_tsoffset
		return 8
	case typ == ngInterfaceStats && code >= 2 && code <= 5: // start/end time, received, dropped
		return 8
	}
	return 0
}
