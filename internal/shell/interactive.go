// interactive.go is the shell's prompt: line editing and history (peterh/
// liner), psql's prompts, and Ctrl-C to drop the statement being typed.

package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/peterh/liner"
)

// Interactive reads statements at a prompt until \q or end of input;
// historyFile ("" for none) keeps the lines entered between runs.
func (s *Shell) Interactive(ctx context.Context, historyFile string) error {
	line := liner.NewLiner()
	defer line.Close()
	line.SetCtrlCAborts(true)
	if historyFile != "" {
		if f, err := os.Open(historyFile); err == nil {
			_, _ = line.ReadHistory(f)
			f.Close()
		}
		defer func() {
			// The history may hold passwords: only its owner reads it.
			if f, err := os.OpenFile(historyFile, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err == nil {
				_, _ = line.WriteHistory(f)
				f.Close()
			}
		}()
	}
	db, mark := s.promptParts(ctx)
	var buf strings.Builder
	for !s.quit {
		prompt := db + "=" + mark + " "
		if buf.Len() > 0 {
			prompt = db + "-" + mark + " "
		}
		text, err := line.Prompt(prompt)
		switch {
		case errors.Is(err, liner.ErrPromptAborted):
			buf.Reset()
			continue
		case errors.Is(err, io.EOF):
			fmt.Fprintln(s.Out)
			return nil
		case err != nil:
			return err
		}
		buf.WriteString(text + "\n")
		if !Complete(buf.String()) {
			continue
		}
		line.AppendHistory(strings.TrimSpace(buf.String()))
		if err := s.Exec(ctx, buf.String()); err != nil {
			return err
		}
		buf.Reset()
	}
	return nil
}

// promptParts returns the database name and "#" for a superuser, ">"
// otherwise, as psql's default prompt shows them.
func (s *Shell) promptParts(ctx context.Context) (string, string) {
	var db string
	var super bool
	if err := s.Conn.QueryRow(ctx, "SELECT current_database()::text, (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)").Scan(&db, &super); err != nil {
		return "loomdb", ">"
	}
	if super {
		return db, "#"
	}
	return db, ">"
}
