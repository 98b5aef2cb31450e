package field

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The names and values tshark 4.0 prints in -V and -T json
// (../shared/corpus/node-loss-retrans.details.txt.gz, .full.json.gz).
func TestSeverityAndGroupAsTsharkPrints(t *testing.T) {
	for _, c := range []struct {
		s     Severity
		name  string
		value uint32
	}{
		{SeverityChat, "Chat", 2097152},
		{SeverityNote, "Note", 4194304},
		{SeverityWarning, "Warning", 6291456},
		{SeverityError, "Error", 8388608},
		{Severity(1), "Unknown", 1},
	} {
		assert.Equal(t, c.name, c.s.String())
		assert.Equal(t, c.value, uint32(c.s))
	}
	assert.Equal(t, "Sequence", GroupSequence.String())
	assert.Equal(t, uint32(33554432), uint32(GroupSequence))
	assert.Equal(t, "Malformed", GroupMalformed.String())
	assert.Equal(t, "Unknown", Group(0).String())
}
