package wsdissect

import "time"

// sub is t.Sub(u) for the timestamps of a capture, without the overflow
// check that makes time.Time.Sub cost as much as the rest of a frame's
// facts: the seconds and nanoseconds are subtracted apart (timeSpan), and a
// difference beyond ±2^33 seconds (272 years) takes time.Time.Sub, which
// saturates.
func sub(t, u time.Time) time.Duration {
	if d, ok := timeSpan(t.Unix(), int64(t.Nanosecond()), u.Unix(), int64(u.Nanosecond())); ok {
		return d
	}
	return t.Sub(u)
}

// timeSpan is sub's arithmetic on timestamps split into Unix seconds and
// nanoseconds (sec, nsec minus usec, unsec), for a caller that keeps a
// time split; ok is false beyond ±2^33 seconds, where sub's caller takes
// time.Time.Sub.
func timeSpan(sec, nsec, usec, unsec int64) (d time.Duration, ok bool) {
	s := sec - usec
	if s > 1<<33 || s < -1<<33 {
		return 0, false
	}
	return time.Duration(s)*time.Second + time.Duration(nsec-unsec), true
}
