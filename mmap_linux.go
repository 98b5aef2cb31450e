//go:build linux

package wsdissect

import (
	"os"
	"syscall"
)

// mapping is a capture file mapped into memory, read-only.
type mapping struct {
	data     []byte
	released int // the pages before it were given back
}

// mapFile maps a regular file into memory so records can be read from it
// without a copy. ok is false when the file cannot be mapped (a pipe, an
// empty file, a system that refuses): read it instead. The file must not
// shrink while mapped.
func mapFile(f *os.File) (m *mapping, ok bool) {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() <= 0 || st.Size() != int64(int(st.Size())) {
		return nil, false
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, false
	}
	// read once, front to back: let the kernel read ahead
	_ = syscall.Madvise(data, syscall.MADV_SEQUENTIAL)
	return &mapping{data: data}, true
}

// releaseStep is how many bytes at least release gives back at a time.
const releaseStep = 4 << 20

// release gives the pages before offset off back to the system, so that
// the resident memory of a long capture does not grow with it. Their bytes
// stay readable: a later access reads the page again from the file.
func (m *mapping) release(off int64) {
	end := int(min(off, int64(len(m.data)))) &^ (os.Getpagesize() - 1)
	if end-m.released < releaseStep {
		return
	}
	_ = syscall.Madvise(m.data[m.released:end], syscall.MADV_DONTNEED)
	m.released = end
}

// Close unmaps the file.
func (m *mapping) Close() error { return syscall.Munmap(m.data) }
