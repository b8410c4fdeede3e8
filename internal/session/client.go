// Package session runs one client connection's statements: it keeps the
// connection's settings, transaction block, prepared statements and portals,
// and drives each statement through parse, analyze, plan and execute
// (PG: tcop/postgres.c, tcop/pquery.c, utils/mmgr/portalmem.c). The wire
// protocol lives in package server; the embedded driver calls a session
// directly through the same Client interface.
//
// A Session is used by one goroutine at a time; only Cancel may be called
// concurrently.
package session

import (
	"io"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// Field describes one result column (a RowDescription entry).
type Field struct {
	Name     string
	TableOid types.Oid
	AttNum   int16
	Type     types.T
	// TypLen is pg_type.typlen.
	TypLen int16
	// Format is 0 for text, 1 for binary.
	Format int16
}

// Client is what a session sends results to.
type Client interface {
	SendRowDescription(fields []Field) error
	// SendDataRow sends one row; nil entries are NULL.
	SendDataRow(values [][]byte) error
	SendCommandComplete(tag string) error
	SendEmptyQuery() error
	SendNotice(e *pgerror.Error) error
	SendParameterStatus(name, value string) error
	// CopyIn starts COPY FROM STDIN for ncols columns and returns the data
	// stream: it ends with io.EOF at CopyDone, or with an error at CopyFail.
	CopyIn(ncols int) (io.Reader, error)
	// CopyOut starts COPY TO STDOUT of ncols columns; each Write sends one
	// CopyData message and Close sends CopyDone.
	CopyOut(ncols int) (io.WriteCloser, error)
}
