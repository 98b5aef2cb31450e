package field_test

import (
	"fmt"

	"github.com/wsdissect/wsdissect/field"
)

// Severities print as in tshark's packet details and its JSON.
func ExampleSeverity() {
	s := field.SeverityWarning
	fmt.Printf("[Severity level: %s] %d\n", s, s)
	// Output: [Severity level: Warning] 6291456
}
