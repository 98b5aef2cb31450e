package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReportProtocols: -G protocols lists the protocols wsdump dissects as
// tshark 4.0.17's -G protocols does, in its order (testdata holds its lines
// for them).
func TestReportProtocols(t *testing.T) {
	want, err := os.ReadFile("testdata/protocols-ours.tsv")
	require.NoError(t, err)
	out, stderr, code := runWsdump(t, "-G", "protocols")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, string(want), out)
}

// linesByField groups -G values lines by field, in their order.
func linesByField(text string) map[string][]string {
	by := map[string][]string{}
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		c := strings.Split(l, "\t")
		by[c[1]] = append(by[c[1]], l)
	}
	return by
}

// TestReportValues: -G values lists the value names, extended tables,
// ranges, true/false names and units of every field wsdump knows exactly
// as tshark 4.0.17's -G values does (testdata holds its lines for those
// fields). Wireshark registers vlan.priority five times, each with a table
// of its own; wsdump declares a name once, with the table tshark prints
// its values with (the second).
func TestReportValues(t *testing.T) {
	golden, err := os.ReadFile("testdata/values-ours.tsv")
	require.NoError(t, err)
	out, stderr, code := runWsdump(t, "-G", "values")
	require.Equal(t, 0, code, stderr)
	want, got := linesByField(string(golden)), linesByField(out)
	assert.Len(t, got, len(want))
	for f, w := range want {
		if f == "vlan.priority" {
			w = w[8:16]
		}
		assert.Equal(t, w, got[f], f)
	}
	for _, kind := range []string{"V\t", "E\t", "R\t", "T\t", "U\t"} {
		assert.Contains(t, "\n"+out, "\n"+kind)
	}
}

// TestReportFieldCount: -G fieldcount counts the registry as tshark's
// does its own; -G help lists the reports.
func TestReportFieldCount(t *testing.T) {
	out, stderr, code := runWsdump(t, "-G", "fieldcount")
	require.Equal(t, 0, code, stderr)
	m := regexp.MustCompile(`^There are (\d+) header fields registered, of which:\n\t0 are deregistered\n\t(\d+) are protocols\n\t0 have the same name as another field\n\n(\d+) fields were pre-allocated.\n\nThe header field table consumes \d+ KiB of memory.\nThe fields themselves consume \d+ KiB of memory.\n$`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	fields, _, _ := runWsdump(t, "-G", "fields")
	protocols, _, _ := runWsdump(t, "-G", "protocols")
	assert.Equal(t, strconv.Itoa(strings.Count(fields, "\n")), m[1])
	assert.Equal(t, strconv.Itoa(strings.Count(protocols, "\n")), m[2])
	assert.Equal(t, m[1], m[3])

	out, _, code = runWsdump(t, "-G", "help")
	assert.Equal(t, 0, code)
	for _, r := range reports {
		assert.Contains(t, out, "  -G "+r.name+" ")
	}
}
