//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package main

import "syscall"

// getTermios is the ioctl request that reads a terminal's attributes.
const getTermios = syscall.TIOCGETA
