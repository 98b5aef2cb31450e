package field

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAppendOID(t *testing.T) {
	tests := []struct {
		name string
		der  []byte
		want string
	}{
		{"sha256WithRSAEncryption", []byte{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b}, "1.2.840.113549.1.1.11"},
		{"commonName", []byte{0x55, 0x04, 0x03}, "2.5.4.3"},
		{"first arc 2, second past 39", []byte{0x88, 0x37}, "2.999"},
		{"zero", []byte{0x00}, "0.0"},
		{"cut in an arc", []byte{0x2a, 0x86}, "1.2..."},
		{"arc past 64 bits", []byte{0x2a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, "1.2..."},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(AppendOID(nil, tt.der)))
		})
	}
}
