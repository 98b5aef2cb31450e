package main

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"
)

// countingReader counts the bytes read through it, for the progress line.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// startProgress prints, while the returned stop function is not called, a
// progress line on w every half second: how much of a file of size bytes
// has been read.
func startProgress(w io.Writer, c *countingReader, size int64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-t.C:
				n := c.n.Load()
				fmt.Fprintf(w, "\rwsdump: %3d%% (%d of %d MB)", n*100/size, n>>20, size>>20)
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// showProgress reports whether a progress line goes to stderr: only when
// stderr is a terminal and stdout is not one, so that the line never
// breaks into the output (tshark prints nothing like it: the line is
// cleared at the end, stdout holds exactly what tshark prints).
func showProgress(stdout io.Writer, stderr *os.File) bool {
	if !isTerminal(stderr) {
		return false
	}
	out, ok := stdout.(*os.File)
	return !ok || !isTerminal(out)
}
