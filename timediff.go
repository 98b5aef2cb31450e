package wsdissect

import "time"

// timeSpan is time.Time.Sub for the timestamps of a capture, split into
// Unix seconds and nanoseconds (sec, nsec minus usec, unsec), without the
// overflow check that makes time.Time.Sub cost as much as the rest of a
// frame's facts; ok is false beyond ±2^33 seconds (272 years), where the
// caller takes time.Time.Sub, which saturates.
func timeSpan(sec, nsec, usec, unsec int64) (d time.Duration, ok bool) {
	s := sec - usec
	if s > 1<<33 || s < -1<<33 {
		return 0, false
	}
	return time.Duration(s)*time.Second + time.Duration(nsec-unsec), true
}

// clock works out frame.time_relative and frame.time_delta of the frames
// of a capture, given in capture order: it keeps the first frame's time
// and the previous frame's, taken apart once (timeSpan).
type clock struct {
	started             bool
	start, prev         time.Time
	startSec, startNsec int64
	prevSec, prevNsec   int64
}

// next returns the time of the frame at t since the first frame and since
// the frame before it.
func (c *clock) next(t time.Time) (rel, delta time.Duration) {
	sec, nsec := t.Unix(), int64(t.Nanosecond())
	if !c.started {
		c.start, c.startSec, c.startNsec = t, sec, nsec
		c.started = true
	}
	if c.prev.IsZero() {
		c.prev, c.prevSec, c.prevNsec = t, sec, nsec
	}
	var ok bool
	if rel, ok = timeSpan(sec, nsec, c.startSec, c.startNsec); !ok {
		rel = t.Sub(c.start)
	}
	if delta, ok = timeSpan(sec, nsec, c.prevSec, c.prevNsec); !ok {
		delta = t.Sub(c.prev)
	}
	c.prev, c.prevSec, c.prevNsec = t, sec, nsec
	return rel, delta
}
