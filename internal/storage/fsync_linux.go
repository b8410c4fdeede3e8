// fsync_linux.go: fdatasync on Linux.
//
// Concurrency: safe for concurrent use.
package storage

import (
	"os"
	"syscall"
)

// fdatasync flushes f's data (and the metadata needed to read it) to disk.
func fdatasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
