package httpupgrade

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseExtensions(t *testing.T) {
	tests := []struct {
		in   string
		want []Extension
		err  string
	}{
		{"permessage-deflate; client_max_window_bits", // chromium, corpus
			[]Extension{{"permessage-deflate", []Param{{Name: "client_max_window_bits"}}}}, ""},
		{"permessage-deflate; server_max_window_bits=10; client_max_window_bits=12", // node, corpus
			[]Extension{{"permessage-deflate", []Param{{"server_max_window_bits", "10", true}, {"client_max_window_bits", "12", true}}}}, ""},
		{"permessage-deflate;client_max_window_bits, x-webkit-deflate-frame",
			[]Extension{{"permessage-deflate", []Param{{Name: "client_max_window_bits"}}}, {Name: "x-webkit-deflate-frame"}}, ""},
		{`foo; a="b,c"; d="e\"f" ,, bar ; x = 1`,
			[]Extension{{"foo", []Param{{"a", "b,c", true}, {"d", `e"f`, true}}}, {"bar", []Param{{"x", "1", true}}}}, ""},
		{"", nil, ""},
		{"foo; ", nil, "parameter name expected"},
		{"foo bar", nil, "';' or ',' expected"},
		{"foo; a=", nil, "parameter value expected"},
		{`foo; a="b`, nil, "unterminated quoted string"},
		{`foo; a="b\`, nil, "unterminated quoted string"},
		{"a, ;", []Extension{{Name: "a"}}, "extension name expected"},
	}
	for _, tt := range tests {
		got, err := ParseExtensions(tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		if tt.err == "" {
			assert.NoError(t, err, tt.in)
			continue
		}
		require.ErrorIs(t, err, ErrBadExtension, tt.in)
		assert.Contains(t, err.Error(), tt.err)
	}
}

func TestExtensionString(t *testing.T) {
	exts, err := ParseExtensions("permessage-deflate;server_max_window_bits=10;client_max_window_bits")
	require.NoError(t, err)
	assert.Equal(t, "permessage-deflate; server_max_window_bits=10; client_max_window_bits", exts[0].String())
}

func TestDeflate(t *testing.T) {
	tests := []struct {
		in   string
		want DeflateParams
		err  string
	}{
		{"permessage-deflate", DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, ""},
		{"permessage-deflate; client_max_window_bits", DeflateParams{ClientMaxWindowBitsOffered: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, ""},
		{"permessage-deflate; server_no_context_takeover; client_no_context_takeover",
			DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, ""},
		{"permessage-deflate; server_max_window_bits=10; client_max_window_bits=12",
			DeflateParams{ServerMaxWindowBits: 10, ClientMaxWindowBits: 12, ClientMaxWindowBitsOffered: true}, ""},
		{`PERMESSAGE-DEFLATE; Server_Max_Window_Bits="15"`, DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, ""},
		{"permessage-deflate; server_max_window_bits", DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, "needs a value"},
		{"permessage-deflate; server_max_window_bits=7", DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, "not 8 to 15"},
		{"permessage-deflate; client_max_window_bits=16", DeflateParams{ClientMaxWindowBitsOffered: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, "not 8 to 15"},
		{"permessage-deflate; client_max_window_bits=09", DeflateParams{ClientMaxWindowBitsOffered: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, "not 8 to 15"},
		{"permessage-deflate; server_no_context_takeover=1", DeflateParams{ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, "takes no value"},
		{"permessage-deflate; server_no_context_takeover; server_no_context_takeover", DeflateParams{ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, "repeated"},
		{"permessage-deflate; foo", DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, "unknown parameter foo"},
		{"x-webkit-deflate-frame", DeflateParams{}, "is not permessage-deflate"},
	}
	for _, tt := range tests {
		exts, err := ParseExtensions(tt.in)
		require.NoError(t, err)
		got, err := exts[0].Deflate()
		assert.Equal(t, tt.want, got, tt.in)
		if tt.err == "" {
			assert.NoError(t, err, tt.in)
			continue
		}
		require.ErrorIs(t, err, ErrBadExtension, tt.in)
		assert.Contains(t, err.Error(), tt.err)
	}
}

func TestMessageExtension(t *testing.T) {
	m := mustParse(t, noCtxResp)
	e, ok := m.Extension("permessage-deflate")
	require.True(t, ok)
	d, err := e.Deflate()
	require.NoError(t, err)
	assert.Equal(t, DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, d)
	_, ok = mustParse(t, ipv6Resp).Extension("permessage-deflate")
	assert.False(t, ok)
}
