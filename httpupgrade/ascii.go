package httpupgrade

// Byte classes of RFC 9110 and case-insensitive comparisons that work on
// byte slices without converting them to strings.

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isTokenChar reports whether c is a tchar (RFC 9110 §5.6.2).
func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', isDigit(c):
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// isToken reports whether b is a non-empty run of tchars, as a header
// name must be.
func isToken(b []byte) bool {
	for _, c := range b {
		if !isTokenChar(c) {
			return false
		}
	}
	return len(b) > 0
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// equalFoldASCII compares b with the lower-case ASCII string s, ignoring
// the case of b.
func equalFoldASCII[T []byte | string](b T, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lower(b[i]) != s[i] {
			return false
		}
	}
	return true
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// trimOWS removes optional white space (spaces and tabs) at both ends.
func trimOWS[T []byte | string](v T) T {
	for len(v) > 0 && isOWS(v[0]) {
		v = v[1:]
	}
	for len(v) > 0 && isOWS(v[len(v)-1]) {
		v = v[:len(v)-1]
	}
	return v
}

// trimLeftOWS removes white space at the start only, which is what
// Wireshark does to a header value: trailing white space stays in
// http.upgrade, http.connection and the other header fields.
func trimLeftOWS[T []byte | string](v T) T {
	for len(v) > 0 && isOWS(v[0]) {
		v = v[1:]
	}
	return v
}
