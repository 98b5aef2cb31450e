package main

import (
	"github.com/wsdissect/wsdissect/stats"
)

// taps reads the -z statistics, as tshark does before it reads the
// capture: a mistake is tshark's message, and status 1.
func (c *config) taps() (*stats.Set, error) {
	var taps []stats.Tap
	for _, arg := range c.stats {
		t, err := stats.Parse(arg)
		if err != nil {
			return nil, err
		}
		if r, ok := t.(interface{ SetResolve(bool) }); ok {
			r.SetResolve(!c.noResolve)
		}
		taps = append(taps, t)
	}
	return stats.NewSet(taps...), nil
}
