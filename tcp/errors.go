package tcp

import (
	"errors"
	"fmt"
)

// Sentinel errors of decoding. Every error Decoder.Decode returns matches
// one of them with errors.Is.
var (
	// ErrNotTCP: the packet is valid but carries no TCP segment (ARP, ICMP,
	// UDP, an IP fragment other than a whole datagram, an unsupported link type).
	ErrNotTCP = errors.New("tcp: not a TCP packet")
	// ErrUnsupportedLinkType: the record's link type is not one the Decoder knows.
	// It also matches ErrNotTCP, so a pipeline that skips non-TCP packets skips these.
	ErrUnsupportedLinkType = fmt.Errorf("%w: unsupported link type", ErrNotTCP)
	// ErrMalformed: the link, IP or TCP header is malformed or cut before the
	// fixed TCP header ends, so no segment can be reported.
	ErrMalformed = errors.New("tcp: malformed packet")
)
