package main

import (
	"os"
	"runtime/pprof"
)

// startCPUProfile starts writing the run's CPU profile to path (--cpuprofile)
// and returns what stops it.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
