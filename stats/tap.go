package stats

import (
	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// Tap is one statistic: fed every record of a capture in order, it prints
// itself at the end as tshark prints it.
type Tap interface {
	// Add counts one record. t is the record's packet tree when the tap
	// Needs it (filled by the caller with Record.FillTree), nil otherwise.
	Add(rec *wsdissect.Record, t *field.Tree)
	// AppendText appends what tshark prints for the statistic at the end
	// of the capture.
	AppendText(dst []byte) []byte
	// Needs tells what the tap reads beyond the record's typed values.
	Needs() Needs
}

// Needs is what a tap needs from the dissection.
type Needs uint8

// What taps may need.
const (
	// NeedTree: the packet tree, hence the frame's bytes
	// (wsdissect.Options.KeepFrames).
	NeedTree Needs = 1 << iota
	// NeedFrames: the frame's bytes (wsdissect.Options.KeepFrames), no
	// tree.
	NeedFrames
	// NeedPayloads: the payloads of WebSocket messages (the dissector may
	// not skip them, wsdissect.Options.SkipPayloads).
	NeedPayloads
	// NeedTCPTree: the packet tree as far as TCP (the payload's place in
	// the frame), cheaper than the whole tree.
	NeedTCPTree
)
