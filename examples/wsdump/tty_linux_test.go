//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openPTY opens a pseudo-terminal pair: what is written to the terminal
// end (tty) is read from the controlling end (ptm).
func openPTY(t *testing.T) (ptm, tty *os.File) {
	t.Helper()
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { ptm.Close() })
	ioctl := func(req uintptr, arg unsafe.Pointer) {
		_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, ptm.Fd(), req, uintptr(arg))
		require.Zero(t, errno, "ioctl %#x", req)
	}
	unlock := int32(0)
	ioctl(syscall.TIOCSPTLCK, unsafe.Pointer(&unlock))
	var n uint32
	ioctl(syscall.TIOCGPTN, unsafe.Pointer(&n))
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { tty.Close() })
	return ptm, tty
}

// readAll reads what reaches the controlling end until the terminal end is
// closed everywhere (the read then fails with EIO).
func readAll(ptm *os.File) <-chan string {
	got := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		_, err := io.Copy(&b, ptm)
		if err != nil && !errors.Is(err, syscall.EIO) {
			fmt.Fprintf(&b, "\n[read error: %v]", err)
		}
		got <- b.String()
	}()
	return got
}

// TestIsTerminal: a pseudo-terminal is a terminal; /dev/null, a pipe and
// a file are not, whatever their mode bits say.
func TestIsTerminal(t *testing.T) {
	_, tty := openPTY(t)
	assert.True(t, isTerminal(tty))
	null, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer null.Close()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	file, err := os.Open(capture)
	require.NoError(t, err)
	defer file.Close()
	for _, f := range []*os.File{null, r, w, file} {
		assert.False(t, isTerminal(f), f.Name())
	}
	// the progress line only while stdout is elsewhere than a terminal
	assert.True(t, showProgress(w, tty))
	assert.True(t, showProgress(&bytes.Buffer{}, tty))
	assert.False(t, showProgress(tty, tty), "stdout on the same terminal")
	assert.False(t, showProgress(w, null))
	assert.False(t, showProgress(tty, w))
}

// TestTerminalStderr runs wsdump with stderr on a real terminal, with
// stdout elsewhere and on the same terminal: the run at a terminal that
// once overflowed the stack (the progress closure called itself).
func TestTerminalStderr(t *testing.T) {
	want, stderr, code := runWsdump(t, "-r", capture)
	require.Equal(t, 0, code, stderr)
	t.Run("stdout-elsewhere", func(t *testing.T) {
		ptm, tty := openPTY(t)
		got := readAll(ptm)
		var out bytes.Buffer
		cmd := wsdumpCommand(t, "-r", capture)
		cmd.Stdout, cmd.Stderr = &out, tty
		require.NoError(t, cmd.Run())
		tty.Close()
		assert.Equal(t, want, out.String())
		assert.Empty(t, <-got, "nothing on the terminal for a small capture")
	})
	t.Run("stdout-same-terminal", func(t *testing.T) {
		ptm, tty := openPTY(t)
		got := readAll(ptm)
		cmd := wsdumpCommand(t, "-r", capture)
		cmd.Stdout, cmd.Stderr = tty, tty
		require.NoError(t, cmd.Run())
		tty.Close()
		// the terminal turns each \n into \r\n
		assert.Equal(t, strings.ReplaceAll(want, "\n", "\r\n"), <-got)
	})
}

// bigCapture writes a pcap file of more than 64 MiB, the size from which
// wsdump shows its progress: the records of the test capture over and
// over. It returns the path and the number of packets.
func bigCapture(t *testing.T) (string, int) {
	t.Helper()
	b, err := os.ReadFile(capture)
	require.NoError(t, err)
	records := b[24:]
	perCopy := 0
	for off := 0; off+16 <= len(records); perCopy++ {
		off += 16 + int(uint32(records[off+8])|uint32(records[off+9])<<8|uint32(records[off+10])<<16|uint32(records[off+11])<<24)
	}
	path := filepath.Join(t.TempDir(), "big.pcap")
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Write(b[:24])
	require.NoError(t, err)
	copies := 0
	for size := 24; size <= 64<<20; size += len(records) {
		_, err = f.Write(records)
		require.NoError(t, err)
		copies++
	}
	require.NoError(t, f.Close())
	return path, copies * perCopy
}

// TestProgressLine reads a capture over 64 MiB with stderr on a terminal
// and stdout on a pipe read slowly, so that the progress line has time to
// show: it shows on the terminal, is cleared at the end, and stdout holds
// every packet and nothing else.
func TestProgressLine(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads a 64 MiB capture")
	}
	path, packets := bigCapture(t)
	ptm, tty := openPTY(t)
	got := readAll(ptm)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	cmd := wsdumpCommand(t, "-r", path, "-T", "fields", "-e", "frame.number")
	cmd.Stdout, cmd.Stderr = w, tty
	require.NoError(t, cmd.Start())
	w.Close()
	out := make(chan string, 1)
	go func() {
		// wsdump blocks on the full pipe meanwhile: two ticks of the line
		time.Sleep(1200 * time.Millisecond)
		b, _ := io.ReadAll(r)
		out <- string(b)
	}()
	stdout := <-out
	require.NoError(t, cmd.Wait())
	tty.Close()
	term := <-got

	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	require.Len(t, lines, packets)
	assert.Equal(t, "1", lines[0])
	assert.Equal(t, strconv.Itoa(packets), lines[len(lines)-1])
	assert.Contains(t, term, "\rwsdump: ")
	assert.Contains(t, term, " of 64 MB)")
	assert.True(t, strings.HasSuffix(term, "\r\033[K"), "the line is cleared at the end: %q", term)
	assert.NotContains(t, term, "\n", "one line, rewritten in place")
}
