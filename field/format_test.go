package field

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// AppendUint and AppendInt append what strconv does, for every number of
// digits and the values at their edges.
func TestAppendDecimal(t *testing.T) {
	values := []uint64{0, 1<<32 - 1, 1 << 32, 1<<63 - 1, 1 << 63, 1<<64 - 1}
	for p := uint64(1); ; p *= 10 {
		values = append(values, p-1, p, p+1, 2*p-1, 5*p)
		if p == 1e19 {
			break
		}
	}
	for _, v := range values {
		assert.Equal(t, strconv.FormatUint(v, 10), string(AppendUint(nil, v)), "%d", v)
		assert.Equal(t, "x"+strconv.FormatUint(v, 10), string(AppendUint([]byte("x"), v)), "%d after a byte", v)
		assert.Equal(t, strconv.FormatInt(int64(v), 10), string(AppendInt(nil, int64(v))), "%d", int64(v))
	}
}

func FuzzAppendDecimal(f *testing.F) {
	f.Add(uint64(0))
	f.Add(uint64(1<<64 - 1))
	f.Fuzz(func(t *testing.T, v uint64) {
		require.Equal(t, strconv.FormatUint(v, 10), string(AppendUint(nil, v)))
		require.Equal(t, strconv.FormatInt(int64(v), 10), string(AppendInt(nil, int64(v))))
	})
}

// A count of bytes is singular for one byte alone.
func TestAppendByteCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 bytes", 1: "1 byte", 2: "2 bytes", 1448: "1448 bytes"} {
		assert.Equal(t, want, string(AppendByteCount([]byte("x "), n)[2:]))
	}
}
