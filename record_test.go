package wsdissect

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wsdissect/wsdissect/httpupgrade"
)

// A recycled record lets go of what its previous frame ended or parsed:
// the pool must not keep connections or HTTP heads alive, or memory would
// grow with the connections of the capture.
func TestRecycledRecordLetsGo(t *testing.T) {
	r := &Record{}
	r.HTTP = append(r.HTTP, &httpupgrade.Message{Method: "GET"})
	r.closedConns = append(r.closedConns, &Connection{Stream: 7})
	r.reset()
	assert.Empty(t, r.HTTP)
	assert.Empty(t, r.closedConns)
	assert.Nil(t, r.HTTP[:1][0], "the HTTP head is no longer referenced")
	assert.Nil(t, r.closedConns[:1][0], "the connection is no longer referenced")
}
