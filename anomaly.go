package wsdissect

import (
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/httpupgrade"
	"github.com/wsdissect/wsdissect/wsframe"
)

// Anomaly is something wrong or capped found in the capture, with the layer
// that found it: what Wireshark calls an expert info, with its severity and
// group.
type Anomaly struct {
	Layer    string // "tcp", "reassembly", "http", "websocket"
	Severity field.Severity
	// Group is the kind of problem: Malformed (bytes that cannot be
	// parsed, cut by the snap length), Reassemble (the TCP stream could not
	// be put together), Protocol (a violation of RFC 6455 or RFC 7692),
	// Undecoded (a cap left bytes undissected) or Assumption.
	Group   field.Group
	Message string
}

// String returns the anomaly as "layer Severity: message", with Wireshark's
// name of the severity ("Note", "Warning", "Error").
func (a Anomaly) String() string { return a.Layer + " " + a.Severity.String() + ": " + a.Message }

// wsAnomaly is the anomaly of the record for one of wsframe.
func wsAnomaly(a wsframe.Anomaly) Anomaly {
	return Anomaly{Layer: "websocket", Severity: a.Severity, Group: a.Kind.Group(), Message: a.Error()}
}

// httpAnomaly is the anomaly of the record for one of httpupgrade.
func httpAnomaly(a httpupgrade.Anomaly) Anomaly {
	return Anomaly{Layer: "http", Severity: a.Severity, Group: field.GroupProtocol, Message: a.Error()}
}
