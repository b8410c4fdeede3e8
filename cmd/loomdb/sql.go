package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/loomdb/loomdb"
	"github.com/loomdb/loomdb/internal/shell"
)

// sqlCmd is "loomdb sql": the interactive shell, or with -c or -f a
// script, against a server or (with -D) an embedded database.
func sqlCmd(args []string) int {
	fs := flag.NewFlagSet("sql", flag.ContinueOnError)
	command := fs.String("c", "", "run this SQL (statements and backslash commands) and exit")
	file := fs.String("f", "", "run the statements of this file and exit")
	dataDir := fs.String("D", "", "open this data directory in-process instead of connecting to a server")
	host := fs.String("h", "127.0.0.1", "server host")
	port := fs.Int("p", 5433, "server port")
	userName := fs.String("U", "loomdb", "role to connect as")
	dbname := fs.String("d", "postgres", "database")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx := context.Background()
	var conn *pgx.Conn
	var err error
	if *dataDir != "" {
		db, err := loomdb.Open(*dataDir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "loomdb sql: %v\n", err)
			return 1
		}
		defer db.Close()
		cfg, err := db.ConnConfig(*userName)
		if err == nil {
			conn, err = pgx.ConnectConfig(ctx, cfg)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "loomdb sql: %v\n", err)
			return 1
		}
	} else {
		conninfo := fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=prefer", quoteConninfo(*host), *port, quoteConninfo(*userName), quoteConninfo(*dbname))
		cfg, perr := pgx.ParseConfig(conninfo)
		if perr != nil {
			fmt.Fprintf(os.Stderr, "loomdb sql: %v\n", perr)
			return 2
		}
		cfg.Password = os.Getenv("PGPASSWORD")
		if conn, err = pgx.ConnectConfig(ctx, cfg); err != nil {
			fmt.Fprintf(os.Stderr, "loomdb sql: %v\n", err)
			return 1
		}
	}
	defer conn.Close(ctx)
	sh := &shell.Shell{Conn: conn, Out: os.Stdout, Err: os.Stderr, Progress: isTerminal(os.Stderr)}
	switch {
	case *command != "":
		err = sh.Exec(ctx, *command)
	case *file != "":
		text, rerr := os.ReadFile(*file)
		if rerr != nil {
			fmt.Fprintf(os.Stderr, "loomdb sql: %v\n", rerr)
			return 1
		}
		err = sh.Exec(ctx, string(text))
	case isTerminal(os.Stdin):
		history := ""
		if u, uerr := user.Current(); uerr == nil {
			history = filepath.Join(u.HomeDir, ".loomdb_history")
		}
		err = sh.Interactive(ctx, history)
	default:
		text, rerr := io.ReadAll(os.Stdin)
		if rerr != nil {
			fmt.Fprintf(os.Stderr, "loomdb sql: %v\n", rerr)
			return 1
		}
		err = sh.Exec(ctx, string(text))
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "loomdb sql: %v\n", err)
		return 1
	}
	return 0
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// quoteConninfo quotes a connection-string value, so that no value can
// add a setting of its own.
func quoteConninfo(v string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(v, `\`, `\\`), "'", `\'`) + "'"
}
