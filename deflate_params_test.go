package wsdissect

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect/httpupgrade"
	"github.com/wsdissect/wsdissect/wsframe"
)

// TestDeflateParamsAgree: the two readings of permessage-deflate, the
// handshake's strict one and the codec's lenient one (Wireshark's), mean
// the same by every parameter of a well-formed answer, absent ones included.
func TestDeflateParamsAgree(t *testing.T) {
	for _, ext := range []string{
		"permessage-deflate",
		"permessage-deflate; client_max_window_bits",
		"permessage-deflate; server_no_context_takeover",
		"permessage-deflate; client_no_context_takeover; server_max_window_bits=10",
		"permessage-deflate; server_max_window_bits=9; client_max_window_bits=12",
		`permessage-deflate; client_max_window_bits="8"`,
		"x-custom, permessage-deflate; server_no_context_takeover; client_no_context_takeover",
	} {
		exts, err := httpupgrade.ParseExtensions(ext)
		require.NoError(t, err, ext)
		var strict httpupgrade.DeflateParams
		found := false
		for _, e := range exts {
			if e.Name == httpupgrade.PerMessageDeflate {
				strict, err = e.Deflate()
				require.NoError(t, err, ext)
				found = true
			}
		}
		require.True(t, found, ext)
		lenient, ok := wsframe.ParseDeflateParams(ext)
		require.True(t, ok, ext)
		assert.Equal(t, lenient.ServerNoContextTakeover, strict.ServerNoContextTakeover, ext)
		assert.Equal(t, lenient.ClientNoContextTakeover, strict.ClientNoContextTakeover, ext)
		assert.Equal(t, lenient.ServerMaxWindowBits, strict.ServerMaxWindowBits, ext)
		assert.Equal(t, lenient.ClientMaxWindowBits, strict.ClientMaxWindowBits, ext)
	}
}
