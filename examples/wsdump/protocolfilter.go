package main

import (
	"slices"
	"strings"
)

// setProtocolFilter reads -j or -J as tshark does: filter names apart by
// spaces; the last -j or -J wins, and -J shows each listed member with all
// its children.
func (c *config) setProtocolFilter(v string, children bool) {
	c.protocols = strings.Split(v, " ")
	c.children = children
}

// filterLayers applies -j and -J to the layers the packet tree does not hold
// yet (HTTP and WebSocket): a layer not named shows as {"filtered": name}.
func filterLayers(layers object, protocols []string) object {
	if len(protocols) == 0 {
		return layers
	}
	for i, m := range layers {
		if !slices.Contains(protocols, m.key) {
			layers[i].value = object{{"filtered", m.key}}
		}
	}
	return layers
}
