package wsdissect

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// A field looked up once (RefField) prints what the same name looked up at
// each call prints, for every field, on every record of the test captures.
func TestFieldRefPrintsAsByName(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.pcap*")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	refs := make([]FieldRef, len(Fields))
	fast := 0
	for i, name := range Fields {
		refs[i] = RefField(name)
		if refs[i].id != fieldByName {
			fast++
		}
	}
	require.Equal(t, 8, fast)
	var a, b []byte
	for _, path := range paths {
		d, err := Open(path, Options{})
		require.NoError(t, err)
		for r, err := range d.Records() {
			if err != nil {
				break // a damaged capture ends early
			}
			for i, name := range Fields {
				for _, occ := range []Occurrence{AllOccurrences, FirstOccurrence, LastOccurrence} {
					a = r.AppendFieldRef(a[:0], refs[i], ";", occ)
					b = r.AppendFieldRef(b[:0], FieldRef{name: name}, ";", occ)
					require.Equal(t, string(b), string(a), "%s frame %d %s", path, r.Frame, name)
				}
			}
		}
		d.Close()
	}
}
