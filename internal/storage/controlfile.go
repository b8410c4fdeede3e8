// controlfile.go: global/pg_control, the cluster's control file (PG:
// access/transam/xlog.c's ReadControlFile/UpdateControlFile, common/controldata_utils.c).
//
// It records where the latest checkpoint record is and a copy of it, so that
// recovery knows where to start replaying. It is rewritten atomically: a
// temporary file is written and fsynced, then renamed over the old one.
//
// Concurrency: written only by the checkpoint, which holds Storage.ckptMu.
package storage

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

// Cluster states stored in pg_control (DBState).
const (
	DBStartup          uint32 = 0
	DBShutdowned       uint32 = 1
	DBInCrashRecovery  uint32 = 4
	DBInProduction     uint32 = 6
	controlFileSize           = 8192
	controlFileVersion        = 1300 // PG_CONTROL_VERSION of PostgreSQL 15
	controlFileMagic   uint32 = 0x4C4F4F4D
	controlFilePayload        = 4 + 4 + 8 + 4 + 8 + checkPointSize + 8 + 4 + 4 + 4
)

// CheckPoint is the body of a checkpoint record.
type CheckPoint struct {
	Redo    LSN
	NextXid txn.XID
	NextOid types.Oid
	Time    int64
}

const checkPointSize = 8 + 4 + 4 + 8

func (c CheckPoint) encode() []byte {
	b := make([]byte, 0, checkPointSize)
	b = binary.LittleEndian.AppendUint64(b, uint64(c.Redo))
	b = binary.LittleEndian.AppendUint32(b, uint32(c.NextXid))
	b = binary.LittleEndian.AppendUint32(b, uint32(c.NextOid))
	b = binary.LittleEndian.AppendUint64(b, uint64(c.Time))
	return b
}

func decodeCheckPoint(b []byte) (CheckPoint, bool) {
	if len(b) < checkPointSize {
		return CheckPoint{}, false
	}
	return CheckPoint{
		Redo:    LSN(binary.LittleEndian.Uint64(b)),
		NextXid: txn.XID(binary.LittleEndian.Uint32(b[8:])),
		NextOid: types.Oid(binary.LittleEndian.Uint32(b[12:])),
		Time:    int64(binary.LittleEndian.Uint64(b[16:])),
	}, true
}

// ControlData is the content of pg_control.
type ControlData struct {
	SystemIdentifier uint64
	State            uint32
	CheckPoint       LSN // location of the latest checkpoint record
	CheckPointCopy   CheckPoint
	Time             int64
}

func (c *ControlData) encode() []byte {
	b := make([]byte, 0, controlFileSize)
	b = binary.LittleEndian.AppendUint32(b, controlFileMagic)
	b = binary.LittleEndian.AppendUint32(b, controlFileVersion)
	b = binary.LittleEndian.AppendUint64(b, c.SystemIdentifier)
	b = binary.LittleEndian.AppendUint32(b, c.State)
	b = binary.LittleEndian.AppendUint64(b, uint64(c.CheckPoint))
	b = append(b, c.CheckPointCopy.encode()...)
	b = binary.LittleEndian.AppendUint64(b, uint64(c.Time))
	b = binary.LittleEndian.AppendUint32(b, BlockSize)
	b = binary.LittleEndian.AppendUint32(b, RelSegSize)
	b = binary.LittleEndian.AppendUint32(b, WALSegSize)
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
	return append(b, make([]byte, controlFileSize-len(b))...)
}

func decodeControlData(b []byte) (*ControlData, error) {
	bad := func(msg string) error {
		return pgerror.Newf(pgerror.DataCorrupted, "invalid control file: %s", msg)
	}
	if len(b) < controlFilePayload+4 {
		return nil, bad("file is too short")
	}
	if binary.LittleEndian.Uint32(b) != controlFileMagic {
		return nil, bad("bad magic number")
	}
	if crc32.Checksum(b[:controlFilePayload], crcTable) != binary.LittleEndian.Uint32(b[controlFilePayload:]) {
		return nil, pgerror.New(pgerror.DataCorrupted, "incorrect checksum in control file")
	}
	if v := binary.LittleEndian.Uint32(b[4:]); v != controlFileVersion {
		return nil, bad("unsupported version")
	}
	c := &ControlData{
		SystemIdentifier: binary.LittleEndian.Uint64(b[8:]),
		State:            binary.LittleEndian.Uint32(b[16:]),
		CheckPoint:       LSN(binary.LittleEndian.Uint64(b[20:])),
	}
	c.CheckPointCopy, _ = decodeCheckPoint(b[28:])
	c.Time = int64(binary.LittleEndian.Uint64(b[28+checkPointSize:]))
	p := b[36+checkPointSize:]
	if binary.LittleEndian.Uint32(p) != BlockSize || binary.LittleEndian.Uint32(p[4:]) != RelSegSize || binary.LittleEndian.Uint32(p[8:]) != WALSegSize {
		return nil, pgerror.New(pgerror.DataCorrupted, "database files are incompatible with server").
			WithDetail("The database cluster was initialized with a different block, segment or WAL segment size.")
	}
	return c, nil
}

func controlPath(dataDir string) string { return filepath.Join(dataDir, "global", "pg_control") }

// readControlFile reads pg_control; ok is false when it does not exist.
func readControlFile(dataDir string) (*ControlData, bool, error) {
	b, err := os.ReadFile(controlPath(dataDir))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, false, nil
		}
		return nil, false, pgerror.Newf(pgerror.IOError, "could not open file \"%s\": %v", controlPath(dataDir), err)
	}
	c, err := decodeControlData(b)
	return c, true, err
}

// writeControlFile replaces pg_control atomically.
func writeControlFile(dataDir string, c *ControlData, noFsync bool) error {
	return writeFileDurably(controlPath(dataDir), c.encode(), noFsync)
}

// writeFileDurably replaces the file at path with b: written to a
// temporary file, synced, renamed into place, and the directory synced,
// so that a crash leaves either the old file or the new one.
func writeFileDurably(path string, b []byte, noFsync bool) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return pgerror.Newf(pgerror.IOError, "could not create file \"%s\": %v", tmp, err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return pgerror.Newf(pgerror.IOError, "could not write file \"%s\": %v", tmp, err)
	}
	if !noFsync {
		if err := f.Sync(); err != nil {
			f.Close()
			return pgerror.Newf(pgerror.IOError, "could not fsync file \"%s\": %v", tmp, err)
		}
	}
	if err := f.Close(); err != nil {
		return pgerror.Newf(pgerror.IOError, "could not close file \"%s\": %v", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return pgerror.Newf(pgerror.IOError, "could not rename file \"%s\" to \"%s\": %v", tmp, path, err)
	}
	if noFsync {
		return nil
	}
	return fsyncDir(filepath.Dir(path))
}
