package reassembly

// seqDiff returns a-b in serial number arithmetic (RFC 1982): positive when
// a is after b, negative when before, as long as they are less than 2^31
// apart. It makes every comparison of sequence numbers wrap around 2^32.
func seqDiff(a, b uint32) int32 { return int32(a - b) }

// seqMax returns whichever of a and b comes later in sequence space.
func seqMax(a, b uint32) uint32 {
	if seqDiff(a, b) > 0 {
		return a
	}
	return b
}

// seqMin returns whichever of a and b comes first in sequence space.
func seqMin(a, b uint32) uint32 {
	if seqDiff(a, b) < 0 {
		return a
	}
	return b
}
