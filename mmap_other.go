//go:build !unix

package wsdissect

import "os"

// mapFile is not available here: files are read.
func mapFile(*os.File) (data []byte, unmap func() error, ok bool) { return nil, nil, false }
