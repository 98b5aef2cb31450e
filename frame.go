package wsdissect

import (
	"strconv"
	"time"

	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/tcp"
)

// frameFacts are what the frame layer of a packet tree shows: the record's
// capture metadata and what the views know of their neighbours.
type frameFacts struct {
	number         uint64
	time           time.Time
	delta          time.Duration // frame.time_delta: since the previous captured frame
	deltaDisplayed time.Duration // frame.time_delta_displayed: since the previous displayed one
	rel            time.Duration // frame.time_relative
	length, capLen int
	link           tcp.LinkType
	pcapng         bool
	iface          int
	ifaceName      string
}

// encapType is Wireshark's encapsulation (WTAP_ENCAP_*) of a link type, as
// frame.encap_type shows it.
func encapType(l tcp.LinkType) int64 {
	switch l {
	case tcp.LinkTypeEthernet:
		return 1
	case tcp.LinkTypeLinuxSLL:
		return 25
	case tcp.LinkTypeLinuxSLL2:
		return 210
	case tcp.LinkTypeNull:
		return 15
	case tcp.LinkTypeLoop:
		return 174
	case tcp.LinkTypeRaw, 12, 14:
		return 7
	case tcp.LinkTypeIPv4:
		return 129
	case tcp.LinkTypeIPv6:
		return 130
	}
	return 0
}

// fillFrame adds the frame layer: "Frame 9: 221 bytes on wire (1768
// bits), ..." and its lines. The protocols of the frame are known only once
// the other layers are filled: setProtocols adds them.
func fillFrame(t *field.Tree, f *frameFacts) field.Node {
	label := append(t.Scratch(), "Frame "...)
	label = strconv.AppendUint(label, f.number, 10)
	label = append(label, ": "...)
	label = appendSize(label, f.length, " on wire")
	label = append(label, ", "...)
	label = appendSize(label, f.capLen, " captured")
	if f.pcapng {
		label = append(label, " on interface "...)
		label = append(label, f.ifaceName...)
		label = append(label, ", id "...)
		label = strconv.AppendInt(label, int64(f.iface), 10)
	}
	fr := t.AddProtocol(field.NoNode, &hfFrame, 0, f.capLen, label)
	if f.pcapng {
		t.AddUint(fr, &hfFrameSectionNumber, 0, 0, 1)
		n := t.AddUint(fr, &hfFrameInterfaceId, 0, 0, uint64(f.iface))
		label = strconv.AppendInt(label[:0], int64(f.iface), 10)
		label = append(label, " ("...)
		label = append(label, f.ifaceName...)
		t.SetValueText(n, append(label, ')'))
		t.AddString(n, &hfFrameInterfaceName, 0, 0, f.ifaceName)
	}
	t.AddInt(fr, &hfFrameEncapType, 0, 0, encapType(f.link))
	t.AddTime(fr, &hfFrameTime, 0, 0, f.time)
	t.SetGenerated(t.AddDuration(fr, &hfFrameOffsetShift, 0, 0, 0))
	t.AddDuration(fr, &hfFrameTimeEpoch, 0, 0, time.Duration(f.time.UnixNano()))
	t.SetGenerated(t.AddDuration(fr, &hfFrameTimeDelta, 0, 0, f.delta))
	t.SetGenerated(t.AddDuration(fr, &hfFrameTimeDeltaDisplayed, 0, 0, f.deltaDisplayed))
	t.SetGenerated(t.AddDuration(fr, &hfFrameTimeRelative, 0, 0, f.rel))
	t.AddUint(fr, &hfFrameNumber, 0, 0, f.number)
	// tshark labels both with a name of their own
	n := t.AddUint(fr, &hfFrameLen, 0, 0, uint64(f.length))
	t.SetText(n, appendSize(append(label[:0], "Frame Length: "...), f.length, ""))
	n = t.AddUint(fr, &hfFrameCapLen, 0, 0, uint64(f.capLen))
	t.SetText(n, appendSize(append(label[:0], "Capture Length: "...), f.capLen, ""))
	t.SetGenerated(t.AddBool(fr, &hfFrameMarked, 0, 0, false))
	t.SetGenerated(t.AddBool(fr, &hfFrameIgnored, 0, 0, false))
	t.KeepScratch(label)
	return fr
}

// appendSize appends "221 bytes on wire (1768 bits)" for where " on wire",
// "221 bytes (1768 bits)" for where "".
func appendSize(dst []byte, n int, where string) []byte {
	dst = strconv.AppendInt(dst, int64(n), 10)
	dst = append(dst, " bytes"...)
	dst = append(dst, where...)
	dst = append(dst, " ("...)
	dst = strconv.AppendInt(dst, int64(n)*8, 10)
	return append(dst, " bits)"...)
}

// setProtocols adds frame.protocols, the layers of the frame joined by
// colons ("eth:ethertype:ip:tcp:http"), once they are known.
func setProtocols(t *field.Tree, fr field.Node, protocols []byte) {
	t.SetGenerated(t.AddStringBytes(fr, &hfFrameProtocols, 0, 0, protocols))
}
