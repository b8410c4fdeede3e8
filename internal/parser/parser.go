// Package parser turns SQL text into PostgreSQL raw parse trees using
// pg_query_go, which embeds PostgreSQL's own grammar (PG: parser/parser.c).
// It and analyze are the only packages that import pg_query_go.
package parser

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	pgqparser "github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// RawStmt is one statement of a query string.
type RawStmt struct {
	Node *pg_query.Node
	// SQL is the statement's own text; Offset its byte offset in the full string.
	SQL    string
	Offset int
	// Full is the whole query string the statement came from; parse-tree
	// locations are byte offsets into it.
	Full string
}

// Parse splits sql into statements and parses them. Errors carry SQLSTATE
// 42601 and the 1-based cursor position PostgreSQL would report.
func Parse(sql string) ([]RawStmt, error) {
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return nil, convertError(err)
	}
	out := make([]RawStmt, 0, len(tree.Stmts))
	for _, s := range tree.Stmts {
		start := int(s.StmtLocation)
		end := len(sql)
		if s.StmtLen > 0 {
			end = start + int(s.StmtLen)
		}
		if start > len(sql) {
			start = len(sql)
		}
		if end > len(sql) {
			end = len(sql)
		}
		out = append(out, RawStmt{Node: s.Stmt, SQL: strings.TrimSpace(sql[start:end]), Offset: start, Full: sql})
	}
	return out, nil
}

func convertError(err error) error {
	if pe, ok := err.(*pgqparser.Error); ok {
		e := pgerror.New(pgerror.SyntaxError, pe.Message)
		if strings.HasPrefix(pe.Message, "unterminated") || strings.Contains(pe.Message, "zero-length delimited identifier") {
			e.Code = pgerror.SyntaxError
		}
		if strings.Contains(pe.Message, "is out of range for type") {
			e.Code = pgerror.NumericValueOutOfRange
		}
		if strings.HasPrefix(pe.Message, "role name \"") && strings.HasSuffix(pe.Message, "\" is reserved") {
			// The grammar's own check of role names (PG: makeRoleSpec).
			e.Code = pgerror.ReservedName
		}
		if pe.Cursorpos > 0 {
			e.Position = pe.Cursorpos
		}
		return e
	}
	return pgerror.New(pgerror.SyntaxError, err.Error())
}
