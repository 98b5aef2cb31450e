package wsdissect

import (
	"github.com/google/gopacket"

	"github.com/wsdissect/wsdissect/capture"
	"github.com/wsdissect/wsdissect/tcp"
)

// NewSource returns a Dissector over any gopacket packet source (a live
// capture handle, a pcap reader of your own...), whose records all have the
// given link type. Frames are numbered from 1 in the order the source gives
// them, and times are printed with microsecond precision.
func NewSource(src gopacket.PacketDataSource, link tcp.LinkType, opt Options) *Dissector {
	return newDissector(&gopacketSource{src: src, link: link}, opt, nil)
}

// gopacketSource adapts a gopacket.PacketDataSource to the pipeline.
type gopacketSource struct {
	src    gopacket.PacketDataSource
	link   tcp.LinkType
	frames uint64
}

func (s *gopacketSource) Next() ([]byte, capture.CaptureInfo, error) {
	var (
		data []byte
		ci   gopacket.CaptureInfo
		err  error
	)
	if z, ok := s.src.(gopacket.ZeroCopyPacketDataSource); ok {
		data, ci, err = z.ZeroCopyReadPacketData()
	} else {
		data, ci, err = s.src.ReadPacketData()
	}
	if err != nil {
		return nil, capture.CaptureInfo{}, err
	}
	s.frames++
	return data, capture.CaptureInfo{
		Frame:           s.frames,
		Timestamp:       ci.Timestamp,
		CaptureLength:   ci.CaptureLength,
		Length:          max(ci.Length, ci.CaptureLength),
		LinkType:        uint16(s.link),
		InterfaceIndex:  ci.InterfaceIndex,
		TimestampDigits: 6,
	}, nil
}
