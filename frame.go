package wsdissect

import (
	"time"

	"github.com/wsdissect/wsdissect/field"
	"github.com/wsdissect/wsdissect/tcp"
)

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

// fillFrame adds the frame layer of r: "Frame 9: 221 bytes on wire (1768
// bits), ..." and its lines; deltaDisplayed is frame.time_delta_displayed.
// The protocols of the frame are known only once the other layers are
// filled: setProtocols adds them.
func fillFrame(t *field.Tree, r *Record, deltaDisplayed time.Duration) field.Node {
	label := append(t.Scratch(), "Frame "...)
	label = field.AppendUint(label, r.Frame)
	label = append(label, ": "...)
	label = appendSize(label, r.Len, " on wire")
	label = append(label, ", "...)
	label = appendSize(label, r.CapLen, " captured")
	if r.Section > 0 {
		label = append(label, " on interface "...)
		label = append(label, r.InterfaceName...)
		label = append(label, ", id "...)
		label = field.AppendInt(label, int64(r.Interface))
	}
	fr := t.AddProtocol(field.NoNode, &hfFrame, 0, r.CapLen, label)
	if r.Section > 0 {
		t.AddUint(fr, &hfFrameSectionNumber, 0, 0, 1)
		n := t.AddUint(fr, &hfFrameInterfaceId, 0, 0, uint64(r.Interface))
		label = field.AppendInt(label[:0], int64(r.Interface))
		label = append(label, " ("...)
		label = append(label, r.InterfaceName...)
		t.SetValueText(n, append(label, ')'))
		t.AddString(n, &hfFrameInterfaceName, 0, 0, r.InterfaceName)
	}
	t.AddInt(fr, &hfFrameEncapType, 0, 0, encapType(r.LinkType))
	t.AddTime(fr, &hfFrameTime, 0, 0, r.Time)
	t.SetGenerated(t.AddDuration(fr, &hfFrameOffsetShift, 0, 0, 0))
	t.AddDuration(fr, &hfFrameTimeEpoch, 0, 0, time.Duration(r.Time.UnixNano()))
	t.SetGenerated(t.AddDuration(fr, &hfFrameTimeDelta, 0, 0, r.Delta))
	t.SetGenerated(t.AddDuration(fr, &hfFrameTimeDeltaDisplayed, 0, 0, deltaDisplayed))
	t.SetGenerated(t.AddDuration(fr, &hfFrameTimeRelative, 0, 0, r.Rel))
	t.AddUint(fr, &hfFrameNumber, 0, 0, r.Frame)
	// tshark labels both with a name of their own
	t.AddUint(fr, &hfFrameLen, 0, 0, uint64(r.Len))
	t.AddUint(fr, &hfFrameCapLen, 0, 0, uint64(r.CapLen))
	t.SetGenerated(t.AddBool(fr, &hfFrameMarked, 0, 0, false))
	t.SetGenerated(t.AddBool(fr, &hfFrameIgnored, 0, 0, false))
	t.KeepScratch(label)
	return fr
}

// formatFrameLength is frame.len's label: "Frame Length: 60 bytes (480
// bits)".
func formatFrameLength(dst []byte, v uint64) []byte {
	return appendSize(append(dst, "Frame Length: "...), int(v), "")
}

// formatCaptureLength is frame.cap_len's label.
func formatCaptureLength(dst []byte, v uint64) []byte {
	return appendSize(append(dst, "Capture Length: "...), int(v), "")
}

// appendSize appends "221 bytes on wire (1768 bits)" for where " on wire",
// "221 bytes (1768 bits)" for where "".
func appendSize(dst []byte, n int, where string) []byte {
	dst = field.AppendInt(dst, int64(n))
	dst = append(dst, " bytes"...)
	dst = append(dst, where...)
	dst = append(dst, " ("...)
	dst = field.AppendInt(dst, int64(n)*8)
	return append(dst, " bits)"...)
}

// setProtocols adds frame.protocols, the layers of the frame joined by
// colons ("eth:ethertype:ip:tcp:http"), once they are known.
func setProtocols(t *field.Tree, fr field.Node, protocols []byte) {
	t.SetGenerated(t.AddStringBytes(fr, &hfFrameProtocols, 0, 0, protocols))
}
