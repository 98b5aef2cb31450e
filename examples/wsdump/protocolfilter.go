package main

import "strings"

// setProtocolFilter reads -j or -J as tshark does: filter names apart by
// spaces; the last -j or -J wins, and -J shows each listed member with all
// its children.
func (c *config) setProtocolFilter(v string, children bool) {
	c.protocols = strings.Split(v, " ")
	c.children = children
}
