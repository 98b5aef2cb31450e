package dfilter_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/dfilter"
	"github.com/wsdissect/wsdissect/field"
)

// selection is one line of testdata/selected.tsv: the frames tshark 4.0
// selects with a filter on a capture of ../testdata ("error" when it
// refuses the filter).
type selection struct {
	capture, filter, frames string
}

func readSelections(t *testing.T) []selection {
	f, err := os.Open("testdata/selected.tsv")
	require.NoError(t, err)
	defer f.Close()
	var out []selection
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.SplitN(sc.Text(), "\t", 3)
		require.Len(t, p, 3, sc.Text())
		out = append(out, selection{p[0], p[1], p[2]})
	}
	require.NoError(t, sc.Err())
	return out
}

// namesUnknown reports whether the filter names a field wsdissect does not
// have yet: its line is checked once the field is in the registry.
func namesUnknown(reg *field.Registry, filter string) bool {
	_, err := dfilter.Compile(filter, reg)
	if err == nil {
		return false
	}
	for _, m := range []string{"is neither a field nor a protocol name", "must be a field or function, not ",
		"Only a field may be tested", "Only fields can be used", "is not a valid arithmetic operand"} {
		if strings.Contains(err.Error(), m) {
			return true
		}
	}
	return false
}

// treeGaps are captures on which the packet tree lacks expert infos
// tshark raises: on a capture cut to 128 bytes a frame, tshark reads the
// continuation of an HTTP body as headers and finds "Illegal characters
// found in header name" where wsdissect sees data.
var treeGaps = map[string]bool{"node-snaplen128-truncated.pcap": true}

// TestSelectsAsTshark runs every filter of testdata/filters.txt on the
// captures tshark ran it on, and compares the frames selected.
func TestSelectsAsTshark(t *testing.T) {
	reg := wsdissect.Registry()
	byCapture := map[string][]selection{}
	var order []string
	for _, s := range readSelections(t) {
		if _, ok := byCapture[s.capture]; !ok {
			order = append(order, s.capture)
		}
		byCapture[s.capture] = append(byCapture[s.capture], s)
	}
	for _, capture := range order {
		t.Run(capture, func(t *testing.T) {
			sels := byCapture[capture]
			filters := make([]*dfilter.Filter, len(sels))
			got := make([][]string, len(sels))
			for i, s := range sels {
				f, err := dfilter.Compile(s.filter, reg)
				if s.frames == "error" {
					assert.Error(t, err, "tshark refuses %q", s.filter)
					continue
				}
				if err != nil && namesUnknown(reg, s.filter) {
					continue
				}
				if strings.Contains(s.filter, "_ws.expert") && (reg.Lookup("websocket") == nil || treeGaps[s.capture]) {
					continue // expert infos the tree does not raise yet
				}
				if assert.NoError(t, err, s.filter) {
					filters[i] = f
				}
			}
			d, err := wsdissect.Open("../testdata/"+capture, wsdissect.Options{KeepFrames: true, TwoPass: true})
			require.NoError(t, err)
			defer d.Close()
			// each filter on the whole tree, and on a tree primed with its
			// fields of interest, as wsdump -Y builds it
			tree, primed := field.NewTree(), field.NewTree()
			gotPrimed := make([][]string, len(sels))
			for rec, err := range d.Records() {
				require.NoError(t, err)
				rec.FillTree(tree, rec.Delta)
				for i, f := range filters {
					if f == nil {
						continue
					}
					frame := strconv.FormatUint(rec.Frame, 10)
					if f.Match(tree) {
						got[i] = append(got[i], frame)
					}
					f.Prime(primed)
					rec.FillTree(primed, rec.Delta)
					if f.Match(primed) {
						gotPrimed[i] = append(gotPrimed[i], frame)
					}
				}
			}
			for i, s := range sels {
				if filters[i] != nil {
					assert.Equal(t, s.frames, strings.Join(got[i], ","), "%s", s.filter)
					assert.Equal(t, s.frames, strings.Join(gotPrimed[i], ","), "%s, primed", s.filter)
				}
			}
		})
	}
}

// TestErrorsAsTshark compiles each filter of testdata/bad-filters.txt and
// compares the message, with its underline, with tshark's
// (testdata/errors.txt); a filter tshark accepts must compile.
func TestErrorsAsTshark(t *testing.T) {
	b, err := os.ReadFile("testdata/errors.txt")
	require.NoError(t, err)
	reg := wsdissect.Registry()
	blocks := strings.Split(strings.TrimPrefix(string(b), "=== "), "\n=== ")
	require.Greater(t, len(blocks), 20)
	for _, block := range blocks {
		filter, want, _ := strings.Cut(block, "\n")
		want = strings.TrimSuffix(want, "\n")
		t.Run(filter, func(t *testing.T) {
			_, err := dfilter.Compile(filter, reg)
			if want == "" {
				assert.NoError(t, err)
				return
			}
			if strings.Contains(want, "maybe you mixed them up") {
				// tshark's note about capture filters, which wsdump has not
				want = want[:strings.Index(want, "\n  Note:")]
			}
			var fe *dfilter.Error
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, want, fe.Underlined())
		})
	}
}
