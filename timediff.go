package wsdissect

import "time"

// sub is t.Sub(u) for the timestamps of a capture, without the overflow
// check that makes time.Time.Sub cost as much as the rest of a frame's
// facts: the seconds and nanoseconds are subtracted apart, and a difference
// beyond ±2^33 seconds (272 years) takes time.Time.Sub, which saturates.
func sub(t, u time.Time) time.Duration {
	s := t.Unix() - u.Unix()
	if s > 1<<33 || s < -1<<33 {
		return t.Sub(u)
	}
	return time.Duration(s)*time.Second + time.Duration(t.Nanosecond()-u.Nanosecond())
}
