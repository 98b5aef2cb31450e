package wsdissect

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFirstPassPassesOverWebSocket checks that passing over what follows
// an Upgrade in the first pass of TwoPass changes none of what the pass
// keeps, on every capture of testdata: the final completeness and iRTT of
// each stream and the frames of its HTTP requests and responses.
func TestFirstPassPassesOverWebSocket(t *testing.T) {
	captures, err := filepath.Glob("testdata/*.pcap*")
	require.NoError(t, err)
	require.NotEmpty(t, captures)
	upgraded := 0
	for _, path := range captures {
		t.Run(filepath.Base(path), func(t *testing.T) {
			opt := Options{SkipPayloads: true}
			parsed, err := finalValues(path, opt)
			if err != nil {
				t.Skip("not a capture the reader takes:", err)
			}
			opt.passUpgraded = true
			passed, err := finalValues(path, opt)
			require.NoError(t, err)
			assert.Equal(t, parsed, passed)
			for _, s := range parsed {
				for _, p := range s.http {
					if p.response != 0 {
						upgraded++
					}
				}
			}
		})
	}
	assert.Positive(t, upgraded, "the captures hold HTTP exchanges")
}
