//go:build !linux

// readv_other.go: reading consecutive blocks one pread at a time where
// preadv is not used.
//
// Concurrency: safe for concurrent use.
package storage

import (
	"errors"
	"io"
	"os"
)

// preadBlocks reads consecutive blocks at off of f into bufs, one block
// each, and returns the bytes read.
func preadBlocks(f *os.File, bufs [][]byte, off int64) (int, error) {
	total := 0
	for _, b := range bufs {
		n, err := f.ReadAt(b[:BlockSize], off+int64(total))
		total += n
		if err != nil {
			if errors.Is(err, io.EOF) {
				return total, nil
			}
			return total, err
		}
	}
	return total, nil
}
