package stats

import (
	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// WSConnTap is -z ws,conn.
type WSConnTap struct{ json bool }

// NewWSConn returns the per-connection WebSocket summary.
func NewWSConn(json bool) *WSConnTap { return &WSConnTap{json: json} }

func (w *WSConnTap) Needs() Needs                             { return 0 }
func (w *WSConnTap) Add(rec *wsdissect.Record, _ *field.Tree) {}
func (w *WSConnTap) AppendText(dst []byte) []byte             { return dst }
