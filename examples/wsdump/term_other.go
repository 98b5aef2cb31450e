//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package main

import "os"

// isTerminal reports whether f is a terminal; where wsdump cannot ask, it
// says no, and no progress line is shown.
func isTerminal(*os.File) bool { return false }
