//go:build !linux

// fsync_other.go: fdatasync fallback for systems without it.
//
// Concurrency: safe for concurrent use.
package storage

import "os"

// fdatasync flushes f to disk.
func fdatasync(f *os.File) error { return f.Sync() }
