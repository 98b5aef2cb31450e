package tcp

// flagLetters are tcp.flags.str's letters, most significant bit first.
const flagLetters = "RRRACEUAPRSF"

// flagName returns the Info column's name of flag bit i (0 is FIN).
func flagName(i int) string {
	const names = "FINSYNRSTPSHACKURGECECWRAE"
	return names[3*i : min(3*i+3, len(names))]
}

const middleDot = "\u00b7"

// String returns tcp.flags.str exactly as tshark prints it: twelve positions,
// a letter for each set bit and a middle dot (U+00B7) for each clear one,
// e.g. "·······AP···".
func (f Flags) String() string {
	return string(f.appendString(make([]byte, 0, 24)))
}

func (f Flags) appendString(dst []byte) []byte {
	for i := 0; i < 12; i++ {
		if f&(1<<(11-i)) != 0 {
			dst = append(dst, flagLetters[i])
		} else {
			dst = append(dst, middleDot...)
		}
	}
	return dst
}

// appendNames appends the Info column's flag list without brackets:
// "SYN, ACK", "<None>" when no flag is set.
func (f Flags) appendNames(dst []byte) []byte {
	start := len(dst)
	for i := 0; i < 9; i++ {
		if f&(1<<i) != 0 {
			if len(dst) > start {
				dst = append(dst, ", "...)
			}
			dst = append(dst, flagName(i)...)
		}
	}
	if f&Reserved != 0 {
		if len(dst) > start {
			dst = append(dst, ", "...)
		}
		dst = append(dst, "Reserved"...)
	}
	if len(dst) == start {
		dst = append(dst, "<None>"...)
	}
	return dst
}
