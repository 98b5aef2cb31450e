package capture

import "io"

// pcapng Decryption Secrets Block (pcapng spec §4.7): the block type, the
// secrets type of a TLS key log, and the most secrets a capture may bring.
const (
	ngDecryptionSecrets = 0x0000000A
	secretsTLSKeyLog    = 0x544c534b // "TLSK": an NSS key log
	maxSecretsBytes     = 64 << 20
)

// secretsBlock reads a whole Decryption Secrets Block, keeps the NSS key
// log it carries (Secrets of the next record's CaptureInfo) and lets the
// block through to pcapgo, which skips it.
func (g *guard) secretsBlock(blockLen uint32) error {
	g.blk = append(g.blk[:0], g.hdr[:g.hdrLen]...)
	g.blk = append(g.blk, make([]byte, int(blockLen)-g.hdrLen)...)
	got, err := io.ReadFull(g.r, g.blk[g.hdrLen:])
	g.hdrLen = 0
	if err != nil {
		g.blk = g.blk[:ngBlockHeaderLen+got]
		g.cut, g.cutAt = true, g.unit
		g.err = io.EOF
		return nil
	}
	b := g.blk[ngBlockHeaderLen : blockLen-4]
	if len(b) < 8 {
		g.blk = g.blk[:0]
		g.fail(ErrBadRecord, "decryption secrets block of %d bytes is too short", blockLen)
		return g.err
	}
	typ, n := g.order.Uint32(b[0:4]), g.order.Uint32(b[4:8])
	if int64(n) > int64(len(b)-8) {
		g.blk = g.blk[:0]
		g.fail(ErrBadRecord, "decryption secrets block claims %d bytes of secrets but holds %d", n, len(b)-8)
		return g.err
	}
	if typ == secretsTLSKeyLog && len(g.secrets)+int(n) <= maxSecretsBytes {
		g.secrets = append(g.secrets, b[8:8+n]...)
		if n > 0 && b[8+n-1] != '\n' {
			g.secrets = append(g.secrets, '\n')
		}
	}
	return nil
}

// takeSecrets returns the key log of the secrets blocks read since the
// last call, or nil.
func (g *guard) takeSecrets() []byte {
	if len(g.secrets) == 0 {
		return nil
	}
	s := g.secrets
	g.secrets = nil
	return s
}
