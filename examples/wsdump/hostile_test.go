package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDamagedCaptures runs wsdump over damaged copies of a capture: it must
// print every packet before the damage, then exit 1 with a message naming
// the file and the byte offset of the damage.
func TestDamagedCaptures(t *testing.T) {
	good, err := os.ReadFile(capture)
	require.NoError(t, err)
	whole, stderr, code := runWsdump(t, "-r", capture)
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSuffix(whole, "\n"), "\n")
	require.Greater(t, len(lines), 10)

	// offsets of the records of the pcap file
	var offsets []int
	for off := 24; off+16 <= len(good); {
		offsets = append(offsets, off)
		off += 16 + int(binary.LittleEndian.Uint32(good[off+8:]))
	}
	require.Len(t, offsets, len(lines))
	last := offsets[len(offsets)-1]
	huge := binary.LittleEndian.AppendUint32(nil, 0)
	huge = binary.LittleEndian.AppendUint32(huge, 0)
	huge = binary.LittleEndian.AppendUint32(huge, 1<<31)
	huge = binary.LittleEndian.AppendUint32(huge, 1<<31)

	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		file    []byte
		printed int    // summary lines printed before the error
		message string // in the error message, besides the file name
	}{
		{"wrong-magic", append([]byte("GIF8"), good[4:]...), 0, "(bad magic) at byte offset 0"},
		{"empty", nil, 0, "at byte offset 0"},
		{"header-cut", good[:10], 0, "at byte offset 0"},
		{"last-record-cut", good[:len(good)-3], len(lines) - 1, "truncated in the middle of a record at byte offset " + strconv.Itoa(last)},
		{"record-2GiB", append(good[:last:last], huge...), len(lines) - 1, "record larger than the maximum record size at byte offset " + strconv.Itoa(last)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".pcap")
			require.NoError(t, os.WriteFile(path, tc.file, 0o644))
			for _, args := range [][]string{
				{"-r", path},
				{"-r", path, "-T", "fields", "-e", "frame.number"},
				{"-r", path, "-T", "json"},
				{"-r", path, "--messages"},
			} {
				out, stderr, code := runWsdump(t, args...)
				assert.Equal(t, 1, code, "%v", args)
				assert.Contains(t, stderr, path, "%v", args)
				assert.Contains(t, stderr, tc.message, "%v", args)
				assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
				if len(args) == 2 {
					want := strings.Join(lines[:tc.printed], "\n")
					if tc.printed > 0 {
						want += "\n"
					}
					assert.Equal(t, want, out, "everything before the damage is printed")
				}
			}
		})
	}
}
