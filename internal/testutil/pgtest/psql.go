// psql.go holds helpers that run SQL scripts with psql and locate and load
// the shared regression data set (shared/pgregress: tenk1, onek, ...).

package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/loomdb/loomdb/internal/pgserver"
)

// Psql runs the SQL script file with psql against dsn, from file's
// directory (so relative \copy paths resolve), stopping at the first error
// (ON_ERROR_STOP). It returns psql's combined output. psql runs as the
// current user: unlike initdb and postgres it does not mind root.
func Psql(ctx context.Context, dsn, file string) (string, error) {
	bin, err := BinDir()
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "psql"),
		"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", filepath.Base(abs))
	cmd.Dir = filepath.Dir(abs)
	cmd.Env = append(pgserver.CleanEnv(), "LC_ALL=C", "PGTZ=UTC")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("psql -f %s: %v\n%s", file, err, out)
	}
	return string(out), nil
}

var (
	regressOnce sync.Once
	regressDir  string
	regressErr  error
)

// RegressDir returns the shared/pgregress directory (setup.sql and data/):
// $LOOMDB_PGREGRESS_DIR if set, else the first shared/pgregress found in the
// working directory or one of its parents (the repository's shared/ or the
// one beside it).
func RegressDir() (string, error) {
	regressOnce.Do(func() {
		if d := os.Getenv("LOOMDB_PGREGRESS_DIR"); d != "" {
			regressDir = d
			return
		}
		wd, err := os.Getwd()
		if err != nil {
			regressErr = err
			return
		}
		for d := wd; ; d = filepath.Dir(d) {
			cand := filepath.Join(d, "shared", "pgregress")
			if _, err := os.Stat(filepath.Join(cand, "setup.sql")); err == nil {
				regressDir = cand
				return
			}
			if filepath.Dir(d) == d {
				break
			}
		}
		regressErr = errors.New("shared/pgregress/setup.sql not found above " + wd + " (set LOOMDB_PGREGRESS_DIR)")
	})
	return regressDir, regressErr
}

// LoadRegress loads shared/pgregress/setup.sql (tenk1, tenk2, onek, onek2,
// int4_tbl, int8_tbl with their indexes and statistics) into dsn.
func LoadRegress(ctx context.Context, dsn string) error {
	dir, err := RegressDir()
	if err != nil {
		return err
	}
	_, err = Psql(ctx, dsn, filepath.Join(dir, "setup.sql"))
	return err
}

// RequireRegress skips t (fails it under CI=true) when the regression data
// set cannot be found, and returns its directory.
func RequireRegress(t testing.TB) string {
	t.Helper()
	dir, err := RegressDir()
	if err != nil {
		skipOrFail(t, err.Error())
	}
	return dir
}

// LoadRegressWithout loads setup.sql like LoadRegress, leaving out the
// statements (split at semicolons ending a line) for which skip reports
// true. The regression data are reached through a symlink, so the file's
// relative \copy paths keep working.
func LoadRegressWithout(ctx context.Context, dsn string, skip func(stmt string) bool) error {
	dir, err := RegressDir()
	if err != nil {
		return err
	}
	src, err := os.ReadFile(filepath.Join(dir, "setup.sql"))
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "pgregress-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.Symlink(filepath.Join(dir, "data"), filepath.Join(tmp, "data")); err != nil {
		return err
	}
	var out, stmt strings.Builder
	for _, line := range strings.SplitAfter(string(src), "\n") {
		stmt.WriteString(line)
		trimmed := strings.TrimSpace(line)
		if strings.HasSuffix(trimmed, ";") || strings.HasPrefix(trimmed, `\`) || trimmed == "" || strings.HasPrefix(trimmed, "--") {
			if s := stmt.String(); !skip(strings.TrimSpace(s)) {
				out.WriteString(s)
			}
			stmt.Reset()
		}
	}
	out.WriteString(stmt.String())
	file := filepath.Join(tmp, "setup.sql")
	if err := os.WriteFile(file, []byte(out.String()), 0o644); err != nil {
		return err
	}
	_, err = Psql(ctx, dsn, file)
	return err
}
