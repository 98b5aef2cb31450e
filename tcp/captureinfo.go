package tcp

import "time"

// CaptureInfo is what Decoder.Decode needs to know of a captured record
// besides its bytes: plain values, so that any packet source can feed the
// Decoder (package capture reads them from pcap and pcapng files).
type CaptureInfo struct {
	Frame         uint64    // frame.number
	Timestamp     time.Time // frame.time
	CaptureLength int       // frame.cap_len: bytes captured
	Length        int       // frame.len: bytes on the wire
	LinkType      LinkType  // of the record's interface
}
