package capture

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWriterRoundTrip: what Writer writes, Reader reads back as it was:
// timestamps at the resolution asked, lengths, link types, interfaces.
func TestWriterRoundTrip(t *testing.T) {
	ts := time.Unix(1700000000, 123456789)
	for _, tc := range []struct {
		name   string
		format Format
		digits int
		want   time.Time
	}{
		{"pcap-micro", Pcap, 6, time.Unix(1700000000, 123456000)},
		{"pcap-nano", Pcap, 9, ts},
		{"pcapng-micro", PcapNG, 6, time.Unix(1700000000, 123456000)},
		{"pcapng-nano", PcapNG, 9, ts},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, tc.format, tc.digits)
			pkts := [][]byte{[]byte("0123456789abcdef"), []byte("xyz")}
			for i, p := range pkts {
				iface := 0
				if tc.format == PcapNG {
					iface = i * 2 // interface 1 is declared though none of its packets is written
				}
				require.NoError(t, w.WritePacket(CaptureInfo{Timestamp: ts, CaptureLength: len(p), Length: len(p) + 10, LinkType: 1, InterfaceIndex: iface}, "eth0", p))
			}
			require.NoError(t, w.Flush())
			r, err := NewBytesReader(buf.Bytes())
			require.NoError(t, err)
			for i, p := range pkts {
				data, ci, err := r.Next()
				require.NoError(t, err)
				assert.Equal(t, p, data)
				assert.Equal(t, tc.want.UnixNano(), ci.Timestamp.UnixNano())
				assert.Equal(t, len(p)+10, ci.Length)
				assert.Equal(t, uint16(1), ci.LinkType)
				assert.Equal(t, tc.digits, ci.TimestampDigits)
				if tc.format == PcapNG {
					assert.Equal(t, i*2, ci.InterfaceIndex)
				}
			}
		})
	}
}

// TestWriterOneLinkType: a pcap file holds one link type.
func TestWriterOneLinkType(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, Pcap, 6)
	require.NoError(t, w.WritePacket(CaptureInfo{LinkType: 1, CaptureLength: 1, Length: 1}, "", []byte{1}))
	assert.ErrorIs(t, w.WritePacket(CaptureInfo{LinkType: 113, CaptureLength: 1, Length: 1}, "", []byte{1}), ErrLinkType)
}

// TestWriterEmpty: a file without packets still has its header.
func TestWriterEmpty(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, NewWriter(&buf, Pcap, 6).Flush())
	_, err := NewBytesReader(buf.Bytes())
	require.NoError(t, err)
	assert.Equal(t, 24, buf.Len())
}
