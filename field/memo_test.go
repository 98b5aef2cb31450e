package field

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A tree recalls what it was told to remember, by field and whole key,
// across Reset; keys that differ in one byte, their length or their field
// are told apart; what is too long is not kept; a newer text in a slot
// replaces the older.
func TestRecallWhatWasRemembered(t *testing.T) {
	tr := NewTree()
	_, ok := tr.Recall(&testIP, []byte{1})
	assert.False(t, ok, "nothing remembered yet")

	key := []byte("0123456789abcdef0123456789abcdef") // 32 bytes, the most
	tr.Remember(&testIP, key, []byte("both"))
	tr.Reset()
	text, ok := tr.Recall(&testIP, key)
	require.True(t, ok, "kept across Reset")
	assert.Equal(t, "both", string(text))
	for i := range key {
		other := []byte(string(key))
		other[i] ^= 1
		_, ok := tr.Recall(&testIP, other)
		assert.False(t, ok, "byte %d differs", i)
	}
	_, ok = tr.Recall(&testIP, key[:31])
	assert.False(t, ok, "a shorter key")
	_, ok = tr.Recall(&testProto, key)
	assert.False(t, ok, "another field")

	tr.Remember(&testIP, append(key, 'x'), []byte("long key"))
	_, ok = tr.Recall(&testIP, append(key, 'x'))
	assert.False(t, ok, "a key of 33 bytes is not kept")
	long := make([]byte, maxMemoText+1)
	tr.Remember(&testIP, []byte("k"), long)
	_, ok = tr.Recall(&testIP, []byte("k"))
	assert.False(t, ok, "a text of 129 bytes is not kept")

	// many keys: each recalls its own text or none
	for i := range 1000 {
		tr.Remember(&testIP, fmt.Appendf(nil, "key %d", i), fmt.Appendf(nil, "text %d", i))
	}
	found := 0
	for i := range 1000 {
		if text, ok := tr.Recall(&testIP, fmt.Appendf(nil, "key %d", i)); ok {
			assert.Equal(t, fmt.Sprintf("text %d", i), string(text))
			found++
		}
	}
	assert.Positive(t, found)
	assert.LessOrEqual(t, found, memoSlots)
}

func FuzzRecall(f *testing.F) {
	f.Add([]byte("ab"), []byte("abc"), []byte("text"))
	f.Fuzz(func(t *testing.T, a, b, text []byte) {
		tr := NewTree()
		tr.Remember(&testIP, a, text)
		got, ok := tr.Recall(&testIP, b)
		if ok {
			require.Equal(t, string(a), string(b))
			require.Equal(t, string(text), string(got))
		}
		if string(a) == string(b) && len(a) <= maxMemoKey && len(text) <= maxMemoText {
			require.True(t, ok)
		}
	})
}
