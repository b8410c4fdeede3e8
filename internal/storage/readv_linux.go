// readv_linux.go: reading consecutive blocks into separate buffers with one
// system call (preadv).
//
// Concurrency: safe for concurrent use.
package storage

import (
	"os"
	"syscall"
	"unsafe"
)

// preadBlocks reads consecutive blocks at off of f into bufs, one block
// each, and returns the bytes read, as pread does for one buffer.
func preadBlocks(f *os.File, bufs [][]byte, off int64) (int, error) {
	iov := make([]syscall.Iovec, len(bufs))
	for i, b := range bufs {
		iov[i].Base = &b[0]
		iov[i].SetLen(BlockSize)
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, err
	}
	var n uintptr
	var errno syscall.Errno
	// Control holds f open for the duration of the call without taking
	// its read lock: positional reads of one file by several scans go on
	// at once, as ReadAt's do.
	cerr := rc.Control(func(fd uintptr) {
		for {
			// The offset goes as low and high words; a 64-bit kernel
			// takes all of it from the low one.
			n, _, errno = syscall.Syscall6(syscall.SYS_PREADV, fd, uintptr(unsafe.Pointer(&iov[0])), uintptr(len(iov)), uintptr(off), uintptr(uint64(off)>>32), 0)
			if errno != syscall.EINTR {
				return
			}
		}
	})
	if cerr != nil {
		return 0, cerr
	}
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}
