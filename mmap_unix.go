//go:build unix

package wsdissect

import (
	"os"
	"syscall"
)

// mapFile maps a regular file into memory, read-only, so records can be
// read from it without a copy; unmap gives the mapping back. ok is false
// when the file cannot be mapped (a pipe, an empty file, a system that
// refuses): read it instead. The file must not shrink while mapped.
func mapFile(f *os.File) (data []byte, unmap func() error, ok bool) {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() <= 0 || st.Size() != int64(int(st.Size())) {
		return nil, nil, false
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, false
	}
	// read once, front to back: let the kernel read ahead and drop behind
	_ = syscall.Madvise(data, syscall.MADV_SEQUENTIAL)
	return data, func() error { return syscall.Munmap(data) }, true
}
