package wsdissect

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestClockIsTimeSub: a clock's frame.time_relative and frame.time_delta
// are time.Time.Sub's durations, saturated ones included.
func TestClockIsTimeSub(t *testing.T) {
	base := time.Unix(1764745792, 594745000)
	for _, c := range []struct{ t, u time.Time }{
		{base, base},
		{base.Add(1500 * time.Microsecond), base},
		{base, base.Add(1500 * time.Microsecond)},
		{time.Unix(0, 999999999), time.Unix(1, 1)},
		{time.Unix(1<<32-1, 999999000), time.Unix(0, 0)},
		{time.Unix(1<<33, 0), time.Unix(-1<<33, 0)},
		{time.Unix(math.MaxInt64/4, 0), time.Unix(0, 0)},
		{time.Unix(0, 0), time.Unix(math.MaxInt64/4, 0)},
		{time.Time{}, base},
	} {
		var clk clock
		clk.next(c.u)
		rel, delta := clk.next(c.t)
		assert.Equal(t, c.t.Sub(c.u), rel, "relative: %v - %v", c.t, c.u)
		assert.Equal(t, c.t.Sub(c.u), delta, "delta: %v - %v", c.t, c.u)
	}
}
