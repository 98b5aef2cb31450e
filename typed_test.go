package wsdissect_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// typedValues returns, by filter name, the values of the items of fields
// a record's typed values hold (FilterNeedsFrames false), as -T fields
// prints them, in tree order.
func typedValues(tree *field.Tree) map[string][]string {
	out := map[string][]string{}
	for i := 0; i < tree.Len(); i++ {
		n := field.Node(i)
		f := tree.Field(n)
		if f == nil || wsdissect.FilterNeedsFrames(f.Abbrev) {
			continue
		}
		out[f.Abbrev] = append(out[f.Abbrev], string(tree.AppendValue(nil, n, field.FormFields)))
	}
	return out
}

// TestTypedTreeAsFullTree: a record whose frame was not kept gets, from
// FillTree, the same items of the fields FilterNeedsFrames lets go as the
// record with its frame, frame by frame on every capture of testdata, so a
// display filter on them selects the same frames either way.
func TestTypedTreeAsFullTree(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.pcap*")
	require.NoError(t, err)
	more, err := filepath.Glob("testdata/tls/*.pcap*")
	require.NoError(t, err)
	paths = append(paths, more...)
	typed := func(f *field.Field) bool { return !wsdissect.FilterNeedsFrames(f.Abbrev) }
	checked := map[string]int{}
	for _, path := range paths {
		if filepath.Ext(path) == ".gz" {
			continue
		}
		for _, skip := range []bool{false, true} {
			t.Run(filepath.Base(path)+map[bool]string{false: "", true: "/skip-payloads"}[skip], func(t *testing.T) {
				opt := func(keep bool) wsdissect.Options {
					o := wsdissect.Options{SkipPayloads: skip, KeepFrames: keep}
					if keys, err := os.ReadFile(strings.TrimSuffix(path, filepath.Ext(path)) + ".keys"); err == nil {
						o.KeyLog = bytes.NewReader(keys)
					}
					return o
				}
				full := cloneRecords(t, path, opt(true))
				lean := cloneRecords(t, path, opt(false))
				require.Len(t, lean, len(full))
				ft, lt := field.NewTree(), field.NewTree()
				lt.Prime(typed)
				for i, r := range full {
					l := lean[i]
					require.Equal(t, r.Frame, l.Frame)
					require.Nil(t, l.Data)
					r.FillTree(ft, r.Delta)
					l.FillTree(lt, l.Delta)
					want := typedValues(ft)
					require.Equal(t, want, typedValues(lt), "frame %d", r.Frame)
					for k := range want {
						checked[k]++
					}
				}
			})
		}
	}
	for _, name := range []string{"frame.number", "tcp.stream", "tcp.port", "tcp.len", "websocket.opcode", "websocket.masking_key", "websocket.payload_length_ext_64"} {
		require.Positive(t, checked[name], "no frame had %s", name)
	}
}

// TestPrinterAsAppendDetails: a field.Printer, which copies the lines it
// printed before, prints every tree of every capture of testdata as
// Tree.AppendDetails does, one Printer for all of them, as wsdump -V uses
// one.
func TestPrinterAsAppendDetails(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.pcap*")
	require.NoError(t, err)
	var p field.Printer
	tree := field.NewTree()
	lines := 0
	for _, path := range paths {
		if filepath.Ext(path) == ".gz" {
			continue
		}
		for _, r := range cloneRecords(t, path, wsdissect.Options{KeepFrames: true, TwoPass: true}) {
			r.FillTree(tree, r.Delta)
			want := tree.AppendDetails(nil, nil)
			require.Equal(t, string(want), string(p.AppendDetails(nil, tree)), "%s frame %d", path, r.Frame)
			lines += bytes.Count(want, []byte("\n"))
		}
	}
	require.Greater(t, lines, 100000)
}
