package tls

import (
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

// readCertificate reads the corpus's server certificate (wss.corpus.test),
// kept as hex.
func readCertificate(t testing.TB) []byte {
	h, err := os.ReadFile("testdata/wss-corpus-test.cert.hex")
	require.NoError(t, err)
	der, err := hex.DecodeString(strings.TrimSpace(string(h)))
	require.NoError(t, err)
	return der
}

// certificateTree fills the tree of der under a Certificate item.
func certificateTree(tr *field.Tree, der []byte) {
	tr.Reset()
	c := tr.AddBytes(field.NoNode, &fTlsHandshakeCertificate, 3, len(der), der)
	if cn := subjectCommonName(der); cn != nil {
		label := tr.AppendLabel(tr.Scratch(), c)
		label = append(append(label, " (id-at-commonName="...), cn...)
		tr.SetText(c, append(label, ')'))
		tr.KeepScratch(label)
	}
	fillCertificate(tr, c, der, 3)
}

// TestCertificateTree compares the X.509 tree with tshark's, line for line
// (tshark -V on s-chromium-tls13-aes128gcm-9443, the Certificate message).
func TestCertificateTree(t *testing.T) {
	der := readCertificate(t)
	want, err := os.ReadFile("testdata/wss-corpus-test.cert.details.txt")
	require.NoError(t, err)
	tr := field.NewTree()
	certificateTree(tr, der)
	got := tr.AppendDetails(nil, nil)
	assert.Equal(t, strings.Split(string(want), "\n"), strings.Split(string(got), "\n"))
}

func TestCertificateProtocols(t *testing.T) {
	der := readCertificate(t)
	assert.Equal(t, ":x509sat:x509sat:x509ce:x509ce:x509ce:x509ce", string(appendCertificateProtocols(nil, der)))
	assert.Empty(t, appendCertificateProtocols(nil, der[:10]))
}

// TestCertificateTreeCut fills the tree of every prefix of the certificate
// and of a copy with each byte flipped: no panic, and never more items
// than the whole certificate has.
func TestCertificateTreeCut(t *testing.T) {
	der := readCertificate(t)
	tr := field.NewTree()
	certificateTree(tr, der)
	whole := len(tr.AppendDetails(nil, nil))
	for i := range der {
		certificateTree(tr, der[:i])
		assert.LessOrEqual(t, len(tr.AppendDetails(nil, nil)), whole)
		b := append([]byte(nil), der...)
		b[i] ^= 0xff
		certificateTree(tr, b)
		appendCertificateProtocols(nil, b)
	}
}

func TestCertificateTreeAllocs(t *testing.T) {
	der := readCertificate(t)
	tr := field.NewTree()
	certificateTree(tr, der)
	allocs := testing.AllocsPerRun(20, func() { certificateTree(tr, der) })
	assert.Zero(t, allocs)
}

func TestDERReader(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		ok   bool
		tag  byte
		hdr  int
		n    int
	}{
		{"short form", []byte{0x02, 0x01, 0x05}, true, 0x02, 2, 1},
		{"long form", append([]byte{0x04, 0x81, 0x80}, make([]byte, 0x80)...), true, 0x04, 3, 0x80},
		{"empty", []byte{0x05, 0x00}, true, 0x05, 2, 0},
		{"content past the end", []byte{0x30, 0x05, 0x01}, false, 0, 0, 0},
		{"indefinite length", []byte{0x30, 0x80, 0x00, 0x00}, false, 0, 0, 0},
		{"length of 4 bytes", []byte{0x30, 0x84, 0, 0, 0, 1, 0}, false, 0, 0, 0},
		{"multi-byte tag", []byte{0x1f, 0x81, 0x01, 0x00}, false, 0, 0, 0},
		{"one byte", []byte{0x30}, false, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := derReader{b: tt.in, off: 7}
			e, ok := r.next()
			require.Equal(t, tt.ok, ok)
			if !ok {
				assert.False(t, r.more())
				return
			}
			assert.Equal(t, tt.tag, e.tag)
			assert.Equal(t, 7, e.start)
			assert.Equal(t, tt.hdr, e.hdr)
			assert.Len(t, e.content, tt.n)
			assert.Equal(t, tt.hdr+tt.n, e.size())
		})
	}
}

func TestAppendOIDName(t *testing.T) {
	tests := []struct {
		der  string
		want string
	}{
		{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b", "sha256WithRSAEncryption"},
		{"\x55\x04\x03", "id-at-commonName"},
		{"\x2b\x06\x01\x04\x01\x82\x37\x15\x14", "1.3.6.1.4.1.311.21.20"}, // unknown: dotted
		{"\x88\x37", "2.999"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(appendOIDName(nil, []byte(tt.der))))
	}
}
