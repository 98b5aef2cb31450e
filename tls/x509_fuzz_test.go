package tls

import (
	"testing"

	"github.com/wsdissect/wsdissect/field"
)

// FuzzCertificate feeds the X.509 walk any bytes: it must not panic, and
// what it adds stays in proportion to the input (each item is one DER
// element of at least two bytes, or one of the few labels it carries).
func FuzzCertificate(f *testing.F) {
	f.Add(readCertificate(f))
	f.Add([]byte{0x30, 0x03, 0x30, 0x01})
	f.Add([]byte{0x30, 0x84, 0xff, 0xff, 0xff, 0xff})
	tr := field.NewTree()
	f.Fuzz(func(t *testing.T, der []byte) {
		certificateTree(tr, der)
		out := tr.AppendDetails(nil, nil)
		if limit := 1024 + 600*len(der); len(out) > limit {
			t.Fatalf("%d bytes of details from %d bytes of DER", len(out), len(der))
		}
		if p := appendCertificateProtocols(nil, der); len(p) > 8*len(der) {
			t.Fatalf("%d bytes of protocols from %d bytes of DER", len(p), len(der))
		}
	})
}
