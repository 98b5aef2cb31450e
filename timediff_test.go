package wsdissect

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestSubIsTimeSub: sub gives time.Time.Sub's durations, saturated ones
// included.
func TestSubIsTimeSub(t *testing.T) {
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
		assert.Equal(t, c.t.Sub(c.u), sub(c.t, c.u), "%v - %v", c.t, c.u)
	}
}
