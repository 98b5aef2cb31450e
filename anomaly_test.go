package wsdissect

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAnomaliesPrintOneWay: the anomalies of every layer carry Wireshark's
// severities and groups and print them under Wireshark's names.
func TestAnomaliesPrintOneWay(t *testing.T) {
	captures, err := filepath.Glob("testdata/*.pcap*")
	require.NoError(t, err)
	form := regexp.MustCompile(`^(tcp|reassembly|http|websocket) (Note|Warning|Error): \S`)
	layers := map[string]bool{}
	check := func(a Anomaly) {
		assert.Regexp(t, form, a.String())
		assert.NotEqual(t, "Unknown", a.Group.String(), "%v", a)
		layers[a.Layer] = true
	}
	for _, name := range captures {
		d, err := Open(name, Options{})
		require.NoError(t, err)
		for r, err := range d.Records() {
			if err != nil {
				break // a damaged capture: its anomalies so far count
			}
			for _, a := range r.Anomalies {
				check(a)
			}
			for _, m := range r.Messages {
				for _, a := range m.Anomalies {
					check(a)
				}
			}
		}
		d.Close()
	}
	// the httpupgrade and wsframe layers' anomalies, converted
	assert.True(t, layers["http"] && layers["websocket"], "%v", layers)
}
