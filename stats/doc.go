// Package stats computes what tshark's -z statistics print, over the
// records (and packet trees) of a wsdissect.Dissector, and prints it as
// tshark 4.0.17 does: Follow TCP Stream (follow,tcp), Follow WebSocket
// (follow,websocket, as tshark 4.4 prints it), the conversation and
// endpoint tables (conv,tcp|ip|ipv6|eth, endpoints,...), the expert info
// summary (expert) and IO statistics (io,stat). Beyond tshark, WSConns sums
// up each WebSocket connection (ws,conn): handshake, message counts, the
// close handshake, TCP teardown and heartbeats.
//
// Each statistic is a tap, in Wireshark's words: it is fed one record at a
// time (Add) and prints itself at the end (AppendText). A tap reads the
// record's typed values; those that need the packet tree (expert, follow
// for the payload bytes) are given it, filled by the caller, so that one
// tree serves every tap of a packet. None of them dissect anything.
package stats
