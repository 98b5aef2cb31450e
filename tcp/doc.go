// Package tcp decodes captured packets down to their TCP segments and
// shows them the way Wireshark's TCP dissector does.
//
// It has two parts, used in this order, on records read by package
// capture or any other packet source:
//
//   - Decoder decodes the link, IP and TCP headers of a record into a
//     Segment with one gopacket DecodingLayerParser per link type: Ethernet
//     (with stacked 802.1Q tags), Linux cooked capture v1 and v2, BSD
//     loopback, raw IP; IPv4 with options, IPv6 with extension headers; TCP
//     with options. Packets that are not TCP give ErrNotTCP. A record cut by
//     the snap length still yields a segment, marked Truncated.
//
//   - Table is the conversation table. Track numbers conversations as
//     tcp.stream, computes relative sequence and acknowledgement numbers and
//     the scaled window, and runs Wireshark 4.0's sequence analysis
//     (retransmission, fast and spurious retransmission, out-of-order,
//     previous segment not captured, duplicate ACK, window update and full,
//     zero window, keep-alive, port reuse) on exactly the packets tshark
//     flags. AppendInfo writes tshark's Info column. The table follows each
//     connection's life (handshake, FINs, reset) in a Conversation, releases
//     finished connections and caps the number it keeps, so memory stays
//     bounded whatever the capture.
//
// Values that mirror a Wireshark field name it in their doc comment
// (tcp.stream, tcp.seq, tcp.analysis.retransmission...). The tests compare
// every packet of the project's corpus with tshark 4.0.17's output.
//
// Known differences from Wireshark: IP fragments are not reassembled (their
// packets are reported as ErrNotTCP); a conversation evicted by the cap, or
// released after it finished, gets a new tcp.stream index if packets for it
// come later.
package tcp
