//go:build !linux

package wsdissect

import "os"

// mapping is a capture file mapped into memory; not available here.
type mapping struct{ data []byte }

// mapFile is not available here: files are read.
func mapFile(*os.File) (m *mapping, ok bool) { return nil, false }

func (m *mapping) release(int64) {}

// Close does nothing.
func (m *mapping) Close() error { return nil }
