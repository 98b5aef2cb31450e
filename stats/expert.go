package stats

import (
	"fmt"
	"strings"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/field"
)

// Experts is tshark's -z expert: every expert info of every packet tree,
// counted by severity, then by protocol and message, in order of first
// appearance.
type Experts struct {
	lowest field.Severity
	filter *tapFilter // the packets counted; nil: all
	levels [5][]*ExpertCount
	index  map[expertKey]*ExpertCount
}

// ExpertCount is one line of the expert summary.
type ExpertCount struct {
	Severity field.Severity
	Group    field.Group
	Protocol string // the short name of the protocol that raised it ("TCP", "HTTP", "WebSocket")
	Summary  string // its message
	Count    int
}

type expertKey struct {
	severity          field.Severity
	protocol, summary string
}

// expertLevels are the severities in the order tshark prints them, with
// the headings and the names -z expert,LEVEL takes.
var expertLevels = [5]struct {
	severity field.Severity
	heading  string
	name     string
}{
	{field.SeverityError, "Errors", "error"},
	{field.SeverityWarning, "Warns", "warn"},
	{field.SeverityNote, "Notes", "note"},
	{field.SeverityChat, "Chats", "chat"},
	{field.SeverityComment, "Comments", "comment"},
}

// NewExperts counts the expert infos of severity lowest and above.
func NewExperts(lowest field.Severity) *Experts {
	return &Experts{lowest: lowest, index: map[expertKey]*ExpertCount{}}
}

// parseExpert reads expert[,LEVEL][,FILTER].
func parseExpert(rest string, withArgs bool) (Tap, error) {
	e := NewExperts(field.SeverityComment)
	if !withArgs {
		return e, nil
	}
	level, filter, _ := strings.Cut(rest, ",")
	known := false
	for _, l := range expertLevels {
		if level == l.name {
			e.lowest, known = l.severity, true
		}
	}
	if !known {
		filter = rest
	}
	tf, err := compileTapFilter(filter)
	if err != nil {
		return nil, fmt.Errorf("Expert tap error (Filter %q is invalid - %s)!", filter, err)
	}
	e.filter = tf
	return e, nil
}

// Needs reports that Experts walks the packet tree.
func (e *Experts) Needs() Needs { return NeedTree | e.filter.needs() }

// Add counts the expert infos of one packet tree.
func (e *Experts) Add(rec *wsdissect.Record, t *field.Tree) {
	if t == nil || !e.filter.matches(rec) {
		return
	}
	t.Walk(func(n field.Node, _ int) bool {
		x := t.Expert(n)
		if x == nil || x.Severity < e.lowest {
			return true
		}
		e.count(x, expertProtocol(t, n, x), t.ExpertMessage(n))
		return true
	})
}

func (e *Experts) count(x *field.Expert, protocol string, msg []byte) {
	k := expertKey{x.Severity, protocol, string(msg)}
	if c := e.index[k]; c != nil {
		c.Count++
		return
	}
	c := &ExpertCount{Severity: x.Severity, Group: x.Group, Protocol: protocol, Summary: k.summary, Count: 1}
	e.index[k] = c
	for i, l := range expertLevels {
		if l.severity == x.Severity {
			e.levels[i] = append(e.levels[i], c)
		}
	}
}

// List returns the counts of one severity, in order of first appearance.
func (e *Experts) List(s field.Severity) []*ExpertCount {
	for i, l := range expertLevels {
		if l.severity == s {
			return e.levels[i]
		}
	}
	return nil
}

// AppendText prints the summary as tshark does: the severities from the
// worst, each with its total.
func (e *Experts) AppendText(dst []byte) []byte {
	for i, l := range expertLevels {
		items := e.levels[i]
		if len(items) == 0 {
			continue
		}
		total := 0
		for _, c := range items {
			total += c.Count
		}
		dst = fmt.Appendf(dst, "\n%s (%d)\n=============\n   Frequency      Group           Protocol  Summary\n", l.heading, total)
		for _, c := range items {
			dst = fmt.Appendf(dst, "%12d %10s %18s  %s\n", c.Count, c.Group, c.Protocol, c.Summary)
		}
	}
	return dst
}

// protocolNames are the short names of the protocols that raise expert
// infos, by filter name.
var protocolNames = map[string]string{
	"frame": "Frame", "eth": "ETH", "ip": "IPv4", "ipv6": "IPv6", "tcp": "TCP",
	"http": "HTTP", "websocket": "WebSocket", "tls": "TLS", "json": "JSON",
	"data-text-lines": "Line-based text data",
}

// expertProtocol names the protocol of an expert info: the one its filter
// name starts with, or else the protocol item it sits under.
func expertProtocol(t *field.Tree, n field.Node, x *field.Expert) string {
	prefix, _, _ := strings.Cut(x.Abbrev, ".")
	if name, ok := protocolNames[prefix]; ok {
		return name
	}
	top := n
	for p := t.Parent(top); p != field.NoNode; p = t.Parent(p) {
		top = p
	}
	if f := t.Field(top); f != nil {
		if name, ok := protocolNames[f.Abbrev]; ok {
			return name
		}
		return f.Abbrev
	}
	return prefix
}
