package tls

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAppendLifetime: a ticket's lifetime hint as tshark 4.0.17 shows it
// (a TLS 1.2 capture's NewSessionTicket given each lifetime): its unit,
// then from a minute on its span.
func TestAppendLifetime(t *testing.T) {
	for secs, want := range map[uint32]string{
		0: "0 seconds", 1: "1 second", 30: "30 seconds", 59: "59 seconds", 60: "60 seconds (1 minute)",
		61: "61 seconds (1 minute, 1 second)", 3600: "3600 seconds (1 hour)", 604800: "604800 seconds (7 days)",
	} {
		assert.Equal(t, want, string(appendLifetime(nil, secs)), "%d", secs)
	}
}
