package stats

import (
	"errors"

	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ErrUnknown is the error of Parse for a statistic it does not know
// (errors.Is): an *UnknownError.
var ErrUnknown = errors.New("unknown statistic")

// UnknownError is a -z argument that names no statistic Parse knows. Its
// message is tshark's, which lists those it knows.
type UnknownError struct{ Arg string }

func (e *UnknownError) Error() string {
	return fmt.Sprintf("Invalid -z argument %q; it must be one of:\n     %s", e.Arg, strings.Join(Known(), "\n     "))
}

// Is makes errors.Is(err, ErrUnknown) true.
func (e *UnknownError) Is(target error) bool { return target == ErrUnknown }

// Known lists the statistics Parse knows, as tshark's -z help lists them.
func Known() []string {
	return []string{
		"conv,eth", "conv,ip", "conv,ipv6", "conv,tcp",
		"endpoints,eth", "endpoints,ip", "endpoints,ipv6", "endpoints,tcp",
		"expert",
		"follow,http", "follow,tcp", "follow,websocket",
		"io,stat",
		"ws,conn",
	}
}

// Parse reads a -z argument as tshark does and returns its tap. Its errors
// are tshark's words: an unknown statistic wraps ErrUnknown.
func Parse(arg string) (Tap, error) {
	name, rest, _ := strings.Cut(arg, ",")
	switch name {
	case "follow":
		return parseFollow(arg)
	case "conv", "endpoints":
		kind, filter, _ := strings.Cut(rest, ",")
		k, ok := tableKinds[kind]
		if !ok {
			break
		}
		what := "conversations"
		if name == "endpoints" {
			what = "endpoint"
		}
		tf, err := compileTapFilter(filter)
		if err != nil {
			return nil, fmt.Errorf("Couldn't register %s tap: Filter %q is invalid - %s", what, filter, err)
		}
		if name == "conv" {
			c := NewConversations(k)
			c.filter = tf
			return c, nil
		}
		e := NewEndpoints(k)
		e.filter = tf
		return e, nil
	case "expert":
		return parseExpert(rest, arg != "expert")
	case "io":
		if sub, spec, _ := strings.Cut(rest, ","); sub == "stat" {
			return parseIOStat(spec)
		}
	case "ws":
		switch rest {
		case "conn":
			return NewWSConn(false), nil
		case "conn,json":
			return NewWSConn(true), nil
		}
	}
	return nil, &UnknownError{arg}
}

// parseFollow reads follow,PROTO,MODE,FILTER.
func parseFollow(arg string) (Tap, error) {
	parts := strings.SplitN(arg, ",", 4)
	proto := ""
	if len(parts) > 1 {
		proto = parts[1]
	}
	switch proto {
	case "tcp", "websocket", "http":
	default:
		return nil, &UnknownError{arg}
	}
	if len(parts) < 3 {
		return nil, errors.New("follow - Invalid display mode.")
	}
	mode := -1
	for i, m := range followModes {
		if parts[2] == m {
			mode = i
		}
	}
	if mode < 0 {
		return nil, errors.New("follow - Invalid display mode.")
	}
	if len(parts) < 4 {
		return nil, errors.New("follow - Invalid address.")
	}
	f, ok := parseFollowFilter(parts[3])
	if !ok {
		return nil, errors.New("follow - Invalid address.")
	}
	switch proto {
	case "websocket":
		return NewFollowWebSocket(FollowMode(mode), f), nil
	case "http":
		return NewFollowHTTP(FollowMode(mode), f), nil
	}
	return NewFollowTCP(FollowMode(mode), f), nil
}

// parseFollowFilter reads a stream number or ADDR:PORT,ADDR:PORT (IPv6 in
// brackets).
func parseFollowFilter(s string) (FollowFilter, bool) {
	if n, err := strconv.ParseUint(s, 10, 32); err == nil {
		return FollowFilter{Stream: n}, true
	}
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return FollowFilter{}, false
	}
	pa, err1 := netip.ParseAddrPort(a)
	pb, err2 := netip.ParseAddrPort(b)
	if err1 != nil || err2 != nil {
		return FollowFilter{}, false
	}
	return FollowFilter{ByAddress: true, Addr: [2]netip.AddrPort{pa, pb}}, true
}
