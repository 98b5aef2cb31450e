package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	const MiB = 1 << 20
	payloads := &gcTuner{growth: 3}
	trees := &gcTuner{growth: 4, headroom: treeHeadroom}
	for _, tc := range []struct {
		name  string
		t     *gcTuner
		live  int64
		limit int64
	}{
		{"payloads, a small heap: the soft limit", payloads, 10 * MiB, softLimit},
		{"payloads, half as much again", payloads, 100 * MiB, 150 * MiB},
		{"payloads, the soft limit while it is more", payloads, 20 * MiB, 44 * MiB},
		{"payloads, never less than minHeadroom above", payloads, 30 * MiB, 46 * MiB},
		{"trees, the headroom above a small heap", trees, 10 * MiB, 138 * MiB},
		{"trees, the headroom while it is more than the heap", trees, 100 * MiB, 228 * MiB},
		{"trees, twice a large heap", trees, 300 * MiB, 600 * MiB},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.limit, tc.t.limitFor(tc.live))
		})
	}
}
