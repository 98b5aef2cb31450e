package capture

import (
	"bytes"
	"encoding/binary"
	"io"
	"runtime"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chunkModes are the ways a pcap Reader can read in chunks.
var chunkModes = []struct {
	name          string
	ahead, retain bool
}{
	{"read ahead", true, false},
	{"retain", false, true},
	{"read ahead and retain", true, true},
}

// retainLag is how many records a retaining test keeps before releasing.
const retainLag = 40

// TestChunkedMatchesReader reads every capture in chunks, whatever the
// reads the input comes in: the same records, metadata and errors as the
// plain Reader. Retained records stay intact until they are released.
func TestChunkedMatchesReader(t *testing.T) {
	for name, b := range pcapCases(t) {
		for _, kind := range readerKinds {
			if kind.name == "one byte" && len(b) > 1<<20 {
				continue // a read per byte: "half" takes these paths faster
			}
			for _, mode := range chunkModes {
				t.Run(name+"/"+kind.name+"/"+mode.name, func(t *testing.T) {
					matchChunked(t, b, kind.wrap(b), mode.ahead, mode.retain)
				})
			}
		}
	}
}

// openChunked returns a Reader of in that reads ahead, retains records, or
// both.
func openChunked(t *testing.T, in io.Reader, ahead, retain bool) *Reader {
	t.Helper()
	r, err := NewReader(in)
	require.NoError(t, err)
	if ahead {
		require.True(t, r.ReadAhead())
	}
	if retain {
		require.True(t, r.Retain())
	}
	return r
}

// matchChunked reads the pcap file b plainly, and in chunks from in: the
// same records, metadata and final error. Retained records stay intact
// until they are released.
func matchChunked(t *testing.T, b []byte, in io.Reader, ahead, retain bool) {
	t.Helper()
	wantCIs, wantData, wantErr := readAll(t, b)
	r := openChunked(t, in, ahead, retain)
	defer r.Close()
	var kept [][]byte // the last records, not released yet
	for i := 0; ; i++ {
		data, ci, err := r.Next()
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			require.Equal(t, wantErr, err)
			require.Equal(t, len(wantCIs), i)
			return
		}
		require.Less(t, i, len(wantCIs))
		require.Equal(t, wantCIs[i], ci)
		require.True(t, bytes.Equal(wantData[i], data), "record %d", i+1)
		if !retain {
			continue
		}
		kept = append(kept, data)
		if len(kept) > retainLag {
			first := i + 1 - len(kept)
			for j, d := range kept {
				require.True(t, bytes.Equal(wantData[first+j], d), "record %d, retained", first+j+1)
			}
			r.Release(ci.Frame - retainLag)
			kept = kept[1:]
		}
	}
}

// FuzzChunked is TestChunkedMatchesReader for any input.
func FuzzChunked(f *testing.F) {
	f.Add(pcapBytes(binary.LittleEndian, false, 1, record{ts: t0, data: []byte("abc")}))
	f.Add(pcapBytes(binary.BigEndian, true, 276, record{ts: t0, data: []byte("abcdef"), orig: 9}, record{ts: t0}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := NewReader(bytes.NewReader(b)); err != nil || string(b[:4]) == magicNg {
			return
		}
		matchChunked(t, b, iotest.HalfReader(bytes.NewReader(b)), true, true)
		matchChunked(t, b, iotest.HalfReader(bytes.NewReader(b)), false, true)
	})
}

// TestChunkedOffsets: errors say where they are as the plain Reader does,
// also when the damage lies in a later chunk.
func TestChunkedOffsets(t *testing.T) {
	good := manyRecords()
	for _, cut := range []int{len(good) - 1, len(good) - 300000, 700000, 24 + 16 + 3} {
		want, _ := NewReader(bytes.NewReader(good[:cut]))
		var wantErr error
		for wantErr == nil {
			_, _, wantErr = want.Next()
		}
		for _, mode := range chunkModes {
			r := openChunked(t, struct{ io.Reader }{bytes.NewReader(good[:cut])}, mode.ahead, mode.retain)
			var gotErr error
			for gotErr == nil {
				var ci CaptureInfo
				_, gotErr = r.ReadRecord(&ci)
				if gotErr == nil {
					r.Release(ci.Frame)
				}
			}
			assert.Equal(t, wantErr, gotErr, "cut at %d, %s", cut, mode.name)
			r.Close()
		}
	}
}

// ReadAhead and Retain apply to a pcap file read from an io.Reader, before
// its first record.
func TestChunkedApplies(t *testing.T) {
	pcap := pcapBytes(binary.LittleEndian, false, 1, record{ts: t0, data: []byte("abc")}, record{ts: t0, data: []byte("def")})
	r, err := NewReader(bytes.NewReader(pcap))
	require.NoError(t, err)
	_, _, err = r.Next()
	require.NoError(t, err)
	assert.False(t, r.ReadAhead(), "after the first record")
	assert.False(t, r.Retain(), "after the first record")

	inMemory, err := NewBytesReader(pcap)
	require.NoError(t, err)
	assert.False(t, inMemory.ReadAhead(), "nothing to read")
	assert.True(t, inMemory.Retain(), "every record is retained anyway")

	ng, err := NewReader(bytes.NewReader(pcapngBytes([]uint16{1}, record{ts: t0, data: []byte("abc")})))
	require.NoError(t, err)
	assert.False(t, ng.ReadAhead())
	assert.False(t, ng.Retain())
	assert.NoError(t, ng.Close())
}

// Close stops the read-ahead goroutine; reading on says the reader is closed.
func TestChunkedClose(t *testing.T) {
	before := runtime.NumGoroutine()
	r, err := NewReader(struct{ io.Reader }{bytes.NewReader(manyRecords())})
	require.NoError(t, err)
	require.True(t, r.ReadAhead())
	_, _, err = r.Next()
	require.NoError(t, err)
	require.NoError(t, r.Close())
	// (not require.Eventually, whose own goroutines would count)
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > before; time.Sleep(time.Millisecond) {
		require.True(t, time.Now().Before(deadline), "the read-ahead goroutine is still running")
	}
	for err == nil {
		_, _, err = r.Next()
	}
	assert.ErrorIs(t, err, ErrClosed)
}

// Reading in chunks allocates nothing per record once its chunks exist,
// retaining records or not, as long as they are released.
func TestChunkedZeroAllocs(t *testing.T) {
	var recs []record
	for i := range 40000 {
		recs = append(recs, record{ts: t0, data: make([]byte, 100+i%1400)})
	}
	b := pcapBytes(binary.BigEndian, true, 1, recs...)
	for _, mode := range chunkModes {
		r := openChunked(t, struct{ io.Reader }{bytes.NewReader(b)}, mode.ahead, mode.retain)
		var ci CaptureInfo
		batch := func() {
			for range 1000 {
				if _, err := r.ReadRecord(&ci); err != nil {
					t.Fatal(err)
				}
			}
			r.Release(ci.Frame - 500)
		}
		for range 5 {
			batch() // the chunks in use are made
		}
		assert.Zero(t, testing.AllocsPerRun(20, batch), mode.name)
		r.Close()
	}
}
