package wsframe

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseDeflateParams(t *testing.T) {
	def := DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}
	with := func(f func(p *DeflateParams)) DeflateParams {
		p := def
		f(&p)
		return p
	}
	tests := []struct {
		ext  string
		want DeflateParams
		ok   bool
	}{
		{"", DeflateParams{}, false},
		{"x-custom; foo=bar", DeflateParams{}, false},
		{"permessage-deflate-x", DeflateParams{}, false},
		// Values of the corpus' 101 answers (testdata/streams/*.ext).
		{"permessage-deflate", def, true},
		{"permessage-deflate; server_no_context_takeover; client_no_context_takeover",
			with(func(p *DeflateParams) { p.ServerNoContextTakeover, p.ClientNoContextTakeover = true, true }), true},
		{"permessage-deflate; server_max_window_bits=10; client_max_window_bits=12",
			with(func(p *DeflateParams) { p.ServerMaxWindowBits, p.ClientMaxWindowBits = 10, 12 }), true},
		{"permessage-deflate; client_max_window_bits",
			def, true},
		{"Permessage-Deflate ; Server_No_Context_Takeover",
			with(func(p *DeflateParams) { p.ServerNoContextTakeover = true }), true},
		{`permessage-deflate; client_max_window_bits="9"`,
			with(func(p *DeflateParams) { p.ClientMaxWindowBits = 9 }), true},
		// Clamped and defaulted like Wireshark's websocket_extract_wbits.
		{"permessage-deflate; server_max_window_bits=4; client_max_window_bits=99",
			with(func(p *DeflateParams) { p.ServerMaxWindowBits, p.ClientMaxWindowBits = 8, 15 }), true},
		{"permessage-deflate; server_max_window_bits=x1",
			def, true},
		{"x-foo, permessage-deflate; client_no_context_takeover, permessage-deflate; server_no_context_takeover",
			with(func(p *DeflateParams) { p.ClientNoContextTakeover = true }), true},
		{"x-webkit-deflate-frame", with(func(p *DeflateParams) { p.PerFrame = true }), true},
		{"x-webkit-deflate-frame; no_context_takeover; max_window_bits=11",
			with(func(p *DeflateParams) {
				p.PerFrame, p.ServerNoContextTakeover, p.ServerMaxWindowBits = true, true, 11
			}), true},
	}
	for _, tt := range tests {
		got, ok := ParseDeflateParams(tt.ext)
		assert.Equal(t, tt.ok, ok, tt.ext)
		assert.Equal(t, tt.want, got, tt.ext)
	}
}
