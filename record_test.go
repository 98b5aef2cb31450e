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

// Nor does it keep the payloads of its previous frame: the WebSocket
// frames, PDUs and messages past the length of the reset slices would
// otherwise hold buffers given back to the pool, or to reassembly, alive.
func TestRecycledRecordLetsPayloadsGo(t *testing.T) {
	payload, data := []byte("hello"), []byte("reassembled")
	r := &Record{}
	m := r.newMessage()
	m.Data, m.Frames = payload, []uint64{3, 4}
	r.WebSocket = append(r.WebSocket, WSFrame{Payload: payload, Message: m})
	r.PDUs = append(r.PDUs, PDU{Data: data})
	r.reset()
	assert.Empty(t, r.WebSocket)
	assert.Empty(t, r.PDUs)
	assert.Nil(t, r.WebSocket[:1][0].Payload)
	assert.Nil(t, r.WebSocket[:1][0].Message)
	assert.Nil(t, r.PDUs[:1][0].Data)
	assert.Nil(t, r.msgs[0].Data)
	assert.Nil(t, r.msgs[0].Frames)
}
