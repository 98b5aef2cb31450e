package wsframe

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/field"
)

func kinds(as []Anomaly) []AnomalyKind {
	var ks []AnomalyKind
	for _, a := range as {
		ks = append(ks, a.Kind)
	}
	return ks
}

func TestCheckHeader(t *testing.T) {
	tests := []struct {
		name       string
		hex        string
		fromClient bool
		rsvAllowed uint8
		want       []AnomalyKind
	}{
		{"clean masked client text", "81850102030400", true, 0, nil},
		{"clean server text", "8100", false, 0, nil},
		{"compressed with deflate", "c100", false, 0x4, nil},
		{"RSV1 without extension", "c100", false, 0, []AnomalyKind{AnomalyReservedBits}},
		{"RSV2 with deflate", "a100", false, 0x4, []AnomalyKind{AnomalyReservedBits}},
		{"reserved data opcode", "8300", false, 0, []AnomalyKind{AnomalyReservedOpcode}},
		{"reserved control opcode", "8b00", false, 0, []AnomalyKind{AnomalyReservedOpcode}},
		{"long ping", "897e007e", false, 0, []AnomalyKind{AnomalyControlTooLong}},
		{"ping of 125", "897d", false, 0, nil},
		{"fragmented close", "0800", false, 0, []AnomalyKind{AnomalyControlFragmented}},
		{"client unmasked", "8100", true, 0, []AnomalyKind{AnomalyClientUnmasked}},
		{"server masked", "818001020304", false, 0, []AnomalyKind{AnomalyServerMasked}},
		{"16-bit length for 5", "827e0005", false, 0, []AnomalyKind{AnomalyNonMinimalLength}},
		{"64-bit length for 65535", "827f000000000000ffff", false, 0, []AnomalyKind{AnomalyNonMinimalLength}},
		{"64-bit length top bit", "827f8000000000000000", false, 0, []AnomalyKind{AnomalyLengthTopBit}},
		{"everything at once", "7bfe0001aabbccdd", false, 0, []AnomalyKind{
			AnomalyReservedOpcode, AnomalyControlFragmented, AnomalyReservedBits,
			AnomalyServerMasked, AnomalyNonMinimalLength}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h Header
			_, err := ParseHeader(unhex(t, tt.hex), &h)
			require.NoError(t, err)
			got := CheckHeader(&h, tt.fromClient, tt.rsvAllowed, nil)
			assert.Equal(t, tt.want, kinds(got))
			for _, a := range got {
				assert.NotZero(t, a.Severity)
			}
		})
	}
}

func TestAnomalyStrings(t *testing.T) {
	a := Anomaly{Kind: AnomalyCloseCode, Severity: field.SeverityWarning, Detail: "close code 1005"}
	assert.Equal(t, "wsframe: invalid close code: close code 1005", a.Error())
	assert.Equal(t, "wsframe: client frame not masked", Anomaly{Kind: AnomalyClientUnmasked}.Error())
	var err error = a
	var got Anomaly
	require.True(t, errors.As(err, &got))
	assert.Equal(t, a, got)

	assert.Equal(t, field.GroupProtocol, AnomalyInvalidUTF8.Group())
	assert.Equal(t, field.GroupUndecoded, AnomalyDecompressedTooBig.Group())
	assert.Equal(t, field.GroupAssumption, AnomalyInflateContextReset.Group())
	assert.Equal(t, "AnomalyKind(200)", AnomalyKind(200).String())
	assert.Equal(t, "AnomalyKind(0)", AnomalyKind(0).String())
	for k := AnomalyReservedOpcode; k <= AnomalyInflateContextReset; k++ {
		assert.NotContains(t, k.String(), "AnomalyKind", "kind %d has no name", k)
	}
}
