package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dsb builds a Decryption Secrets Block.
func dsb(typ uint32, secrets []byte, claimed int) []byte {
	b := binary.LittleEndian.AppendUint32(nil, typ)
	b = binary.LittleEndian.AppendUint32(b, uint32(claimed))
	return ngBlock(ngDecryptionSecrets, append(b, secrets...))
}

// withSecrets is a pcapng file of three packets with secrets blocks
// before the first two.
func withSecrets(blocks ...[]byte) []byte {
	ts := time.Unix(1700000000, 0)
	file := pcapngBytes([]uint16{linkEthernet}, record{ts: ts, data: make([]byte, 60)}, record{ts: ts, data: make([]byte, 60)}, record{ts: ts, data: make([]byte, 60)})
	// SHB and IDB come first; the packet blocks are 12+20+60 bytes each
	const epb = 12 + 20 + 60
	head := file[:len(file)-3*epb]
	pkts := file[len(head):]
	out := append([]byte(nil), head...)
	for i := range 3 {
		if i < len(blocks) {
			out = append(out, blocks[i]...)
		}
		out = append(out, pkts[i*epb:(i+1)*epb]...)
	}
	return out
}

func TestDecryptionSecretsBlock(t *testing.T) {
	one := []byte("CLIENT_RANDOM 01 02\n")
	two := []byte("SERVER_TRAFFIC_SECRET_0 03 04") // no newline: one is added
	r, err := NewReader(bytes.NewReader(withSecrets(
		append(dsb(secretsTLSKeyLog, one, len(one)), dsb(0x57474b4c, []byte("wireguard"), 9)...),
		dsb(secretsTLSKeyLog, two, len(two)))))
	require.NoError(t, err)
	want := [][]byte{one, append(two, '\n'), nil}
	for i, w := range want {
		_, ci, err := r.Next()
		require.NoError(t, err)
		assert.Equal(t, w, ci.Secrets, "record %d", i+1)
	}
	_, _, err = r.Next()
	assert.ErrorIs(t, err, io.EOF)
}

func TestDecryptionSecretsBlockDamaged(t *testing.T) {
	r, err := NewReader(bytes.NewReader(withSecrets(dsb(secretsTLSKeyLog, []byte("CLIENT_RANDOM"), 1000))))
	require.NoError(t, err)
	_, _, err = r.Next()
	var fe *FormatError
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.ErrorIs(t, err, ErrBadRecord)
}

// TestDecryptionSecretsCorpus: editcap --inject-secrets puts the key log
// before the first packet.
func TestDecryptionSecretsCorpus(t *testing.T) {
	f, err := os.Open("../testdata/tls/s-echo-tls13-chacha20-443.dsb.pcapng")
	require.NoError(t, err)
	defer f.Close()
	r, err := NewReader(f)
	require.NoError(t, err)
	_, ci, err := r.Next()
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(ci.Secrets, []byte("SERVER_HANDSHAKE_TRAFFIC_SECRET ")) || bytes.Contains(ci.Secrets, []byte("CLIENT_TRAFFIC_SECRET_0 ")))
	name, section := r.Interface(0)
	assert.Equal(t, "veth-s", name)
	assert.Equal(t, 1, section)
}
