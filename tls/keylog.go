package tls

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"io"
)

// Label names a secret of an NSS key log line.
type Label uint8

// The labels of the NSS key log format (as OpenSSL, BoringSSL, NSS, Go's
// crypto/tls and Node write them).
const (
	ClientRandom                 Label = iota // CLIENT_RANDOM: the TLS 1.2 master secret
	ClientEarlyTrafficSecret                  // CLIENT_EARLY_TRAFFIC_SECRET
	ClientHandshakeTrafficSecret              // CLIENT_HANDSHAKE_TRAFFIC_SECRET
	ServerHandshakeTrafficSecret              // SERVER_HANDSHAKE_TRAFFIC_SECRET
	ClientTrafficSecret0                      // CLIENT_TRAFFIC_SECRET_0
	ServerTrafficSecret0                      // SERVER_TRAFFIC_SECRET_0
	ExporterSecret                            // EXPORTER_SECRET
	EarlyExporterSecret                       // EARLY_EXPORTER_SECRET
	numLabels
)

var labelNames = [numLabels]string{
	"CLIENT_RANDOM", "CLIENT_EARLY_TRAFFIC_SECRET", "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
	"SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0",
	"EXPORTER_SECRET", "EARLY_EXPORTER_SECRET",
}

// String returns the label as a key log writes it.
func (l Label) String() string {
	if l < numLabels {
		return labelNames[l]
	}
	return "UNKNOWN"
}

// Bounds of a key log: a line longer than maxKeyLogLine is garbage, and
// no more than MaxKeyLogSessions client randoms are kept, so a hostile or
// mistaken file (a capture, random bytes) costs bounded memory.
const (
	maxKeyLogLine = 1024
	maxSecretLen  = 64 // SHA-384 secrets are 48 bytes; master secrets 48
	// MaxKeyLogSessions is the most sessions (client randoms) a KeyLog keeps.
	MaxKeyLogSessions = 1 << 18
)

// ErrKeyLogFull is returned by KeyLog.Read when MaxKeyLogSessions sessions
// are known: the rest of the input is not read.
var ErrKeyLogFull = errors.New("tls: key log holds the most sessions it may")

// KeyLog holds the secrets of an NSS key log, by client random. The zero
// value is an empty key log ready to Read into. It is not safe for
// concurrent writes; once read, any number of Sessions may look it up.
type KeyLog struct {
	sessions map[[32]byte]*[numLabels][]byte
	// Lines counts the lines read, blank lines and comments included.
	Lines int
	// Skipped counts the lines that were neither a comment, blank, nor a
	// secret of a known label: garbage, unknown labels, bad hex.
	Skipped int
}

// ReadKeyLog reads an NSS key log from r.
func ReadKeyLog(r io.Reader) (*KeyLog, error) {
	k := new(KeyLog)
	return k, k.Read(r)
}

// Read adds the secrets of an NSS key log read from r; a secret given
// twice takes the last value. Lines it cannot use are counted in Skipped.
// It returns the reader's error, or ErrKeyLogFull.
func (k *KeyLog) Read(r io.Reader) error {
	br := bufio.NewReaderSize(r, 4096)
	var line []byte
	long := false
	for {
		frag, err := br.ReadSlice('\n')
		if len(frag) > 0 {
			if !long {
				if len(line)+len(frag) > maxKeyLogLine+1 {
					long, line = true, line[:0]
				} else {
					line = append(line, frag...)
				}
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(frag) > 0 || long || len(line) > 0 {
			k.Lines++
			if long {
				k.Skipped++
			} else if ferr := k.addLine(line); ferr != nil {
				return ferr
			}
		}
		line, long = line[:0], false
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// addLine reads one line "LABEL <client random> <secret>".
func (k *KeyLog) addLine(line []byte) error {
	line = bytes.TrimRight(line, "\r\n")
	t := bytes.TrimSpace(line)
	if len(t) == 0 || t[0] == '#' {
		return nil
	}
	f := bytes.Fields(t)
	if len(f) != 3 {
		k.Skipped++
		return nil
	}
	label := Label(numLabels)
	for i, n := range labelNames {
		if string(f[0]) == n {
			label = Label(i)
		}
	}
	var cr [32]byte
	secret := make([]byte, hex.DecodedLen(len(f[2])))
	if label == numLabels || hex.DecodedLen(len(f[1])) != len(cr) || len(secret) == 0 || len(secret) > maxSecretLen {
		k.Skipped++
		return nil
	}
	if _, err := hex.Decode(cr[:], f[1]); err != nil {
		k.Skipped++
		return nil
	}
	if _, err := hex.Decode(secret, f[2]); err != nil {
		k.Skipped++
		return nil
	}
	if k.sessions == nil {
		k.sessions = make(map[[32]byte]*[numLabels][]byte)
	}
	s := k.sessions[cr]
	if s == nil {
		if len(k.sessions) >= MaxKeyLogSessions {
			return ErrKeyLogFull
		}
		s = new([numLabels][]byte)
		k.sessions[cr] = s
	}
	s[label] = secret
	return nil
}

// Secret returns the secret of a label for the session of a client random,
// or nil. The slice is the key log's: do not modify it.
func (k *KeyLog) Secret(label Label, clientRandom []byte) []byte {
	if k == nil || label >= numLabels || len(clientRandom) != 32 {
		return nil
	}
	s := k.sessions[[32]byte(clientRandom)]
	if s == nil {
		return nil
	}
	return s[label]
}

// Sessions returns how many sessions (client randoms) the key log knows.
func (k *KeyLog) Sessions() int {
	if k == nil {
		return 0
	}
	return len(k.sessions)
}

// With returns a key log holding k's secrets and those of an NSS key log
// in b (as a pcapng Decryption Secrets Block carries one); k is left as it
// is, so a KeyLog shared by goroutines can be extended without a lock. k
// may be nil.
func (k *KeyLog) With(b []byte) *KeyLog {
	n := &KeyLog{}
	if k != nil {
		n.Lines, n.Skipped = k.Lines, k.Skipped
		n.sessions = make(map[[32]byte]*[numLabels][]byte, len(k.sessions))
		for cr, s := range k.sessions {
			c := *s
			n.sessions[cr] = &c
		}
	}
	_ = n.Read(bytes.NewReader(b)) // a full key log keeps what it holds
	return n
}
