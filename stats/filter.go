package stats

import (
	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/dfilter"
	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/tcp"
)

// tapFilter is the display filter of a tap (-z conv,tcp,FILTER, io,stat
// columns): empty for every frame, a bare protocol name the record itself
// answers, or any other display filter, evaluated on a tree of the tap's
// own primed with the fields the filter reads.
type tapFilter struct {
	text string
	f    *dfilter.Filter
	tree *field.Tree
}

// compileTapFilter compiles a tap's filter. Its error is dfilter's
// message, which each tap wraps in tshark's words.
func compileTapFilter(text string) (*tapFilter, error) {
	tf := &tapFilter{text: text}
	switch text {
	case "", "frame", "eth", "ip", "ipv6", "tcp", "http", "websocket":
		return tf, nil
	}
	f, err := dfilter.Compile(text, wsdissect.Registry())
	if err != nil {
		return nil, err
	}
	tf.f, tf.tree = f, field.NewTree()
	f.Prime(tf.tree)
	return tf, nil
}

// needs is what evaluating the filter needs from the dissection.
func (tf *tapFilter) needs() Needs {
	if tf == nil || tf.f == nil {
		return 0
	}
	n := NeedFrames // the tree is built from the frame's bytes
	for _, fd := range tf.f.Fields() {
		if wsdissect.FilterNeedsPayload(fd.Abbrev) {
			n |= NeedPayloads
		}
	}
	return n
}

// matches applies the filter to a record.
func (tf *tapFilter) matches(rec *wsdissect.Record) bool {
	switch {
	case tf == nil:
		return true
	case tf.f != nil:
		rec.FillTree(tf.tree, rec.Delta)
		return tf.f.Match(tf.tree)
	case tf.text == "", tf.text == "frame":
		return true
	case tf.text == "eth":
		return rec.LinkType == tcp.LinkTypeEthernet
	case tf.text == "ip":
		return rec.Src.Is4()
	case tf.text == "ipv6":
		return rec.Src.Is6()
	}
	return rec.Has(tf.text)
}

// expr is the filter as given; "" for none.
func (tf *tapFilter) expr() string {
	if tf == nil {
		return ""
	}
	return tf.text
}
