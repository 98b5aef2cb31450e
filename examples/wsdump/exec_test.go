package main

import (
	"bytes"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain runs the command itself when a test re-executes the test binary
// with WSDUMP_RUN_MAIN=1 (see wsdumpCommand): a process of its own is the
// only way to give wsdump a real terminal or /dev/null as stderr.
func TestMain(m *testing.M) {
	if os.Getenv("WSDUMP_RUN_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// wsdumpCommand is wsdump with args, in a process of its own.
func wsdumpCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "WSDUMP_RUN_MAIN=1")
	return cmd
}

// TestDevNullStderr: /dev/null is a character device but no terminal; with
// stderr on it (as in cron jobs and CI) wsdump prints what it prints
// anywhere else.
func TestDevNullStderr(t *testing.T) {
	want, stderr, code := runWsdump(t, "-r", capture)
	require.Equal(t, 0, code, stderr)
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	require.NoError(t, err)
	defer null.Close()
	assert.False(t, isTerminal(null), "/dev/null is no terminal")
	var out bytes.Buffer
	cmd := wsdumpCommand(t, "-r", capture)
	cmd.Stdout, cmd.Stderr = &out, null
	require.NoError(t, cmd.Run(), "wsdump with stderr on /dev/null")
	assert.Equal(t, want, out.String())
}
