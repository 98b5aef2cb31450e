package wsdissect

import (
	"github.com/wsdissect/wsdissect/reassembly"
	"github.com/wsdissect/wsdissect/wsframe"
)

// maxPooledDirections is how many directions of ended connections a shard
// keeps for the next ones. Connections open and close all the time on a
// busy capture: a few suffice for none to allocate its reassembly storage
// again, and each keeps tens of kilobytes at most.
const maxPooledDirections = 32

// directions hands out the directions of a shard's connections, reusing
// those of ended connections: their reassembly buffers and segment lists,
// and the queues of their records.
type directions struct {
	free []*direction
	// inflate is the space where the WebSocket directions of the shard's
	// connections inflate their messages: the shard dissects one frame at a
	// time and copies each message out before the next.
	inflate wsframe.Scratch
}

// get returns an empty direction i of c (0: sent by the initiator).
func (p *directions) get(c *conn, i int) *direction {
	cfg := c.streamConfig()
	var d *direction
	if n := len(p.free); n > 0 {
		d = p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		d.stream.Reset(cfg)
		*d = direction{stream: d.stream, waiting: d.waiting[:0], missing: d.missing[:0], pad: d.pad, frags: d.frags[:0]}
	} else {
		d = &direction{stream: reassembly.NewStream(cfg)}
	}
	d.c = c
	d.fromClient = i == 0
	d.acct = &c.info.Bytes[i]
	return d
}

// put keeps the direction of an ended connection, flushed, for reuse.
func (p *directions) put(d *direction) {
	if len(p.free) >= maxPooledDirections {
		return
	}
	clear(d.waiting)
	d.c, d.acct, d.asm = nil, nil, nil
	p.free = append(p.free, d)
}
