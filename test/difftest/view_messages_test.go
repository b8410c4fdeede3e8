// view_messages_test.go checks the whole of what the server says about
// views, beyond the SQLSTATE and message the other comparisons look at:
// each error's DETAIL and HINT, and the notices (with their DETAIL) a
// statement sends, on PostgreSQL 15 and on the target.

package difftest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/loomdb/loomdb/internal/testutil/testtarget"
)

// viewMessageStatements exercise the errors and notices of updatable
// views, CHECK OPTIONs, CREATE OR REPLACE VIEW and view dependencies.
var viewMessageStatements = []string{
	`DROP TABLE IF EXISTS vm_t, vm_u CASCADE`,
	`DROP VIEW IF EXISTS vm_const`,
	`CREATE TABLE vm_t (id int PRIMARY KEY, name text, qty int DEFAULT 1)`,
	`CREATE TABLE vm_u (id int REFERENCES vm_t, n int)`,
	`INSERT INTO vm_t VALUES (1, 'a', 5), (2, 'b', 50)`,
	`CREATE VIEW vm_grp AS SELECT name, count(*) FROM vm_t GROUP BY name`,
	`INSERT INTO vm_grp VALUES ('x', 1)`,
	`UPDATE vm_grp SET name = 'x'`,
	`DELETE FROM vm_grp`,
	`CREATE VIEW vm_dist AS SELECT DISTINCT name FROM vm_t`,
	`INSERT INTO vm_dist VALUES ('x')`,
	`CREATE VIEW vm_join AS SELECT t.id FROM vm_t t, vm_u u WHERE t.id = u.id`,
	`DELETE FROM vm_join`,
	`CREATE VIEW vm_const AS SELECT 1 AS one`,
	`UPDATE vm_const SET one = 2`,
	`CREATE VIEW vm_expr AS SELECT id, qty * 2 AS dbl, ctid AS c FROM vm_t`,
	`INSERT INTO vm_expr (id, dbl) VALUES (3, 1)`,
	`UPDATE vm_expr SET c = '(0,1)'`,
	`CREATE VIEW vm_chk AS SELECT id, name, qty FROM vm_t WHERE qty < 10 WITH CHECK OPTION`,
	`INSERT INTO vm_chk VALUES (3, 'c', 100)`,
	`UPDATE vm_chk SET qty = NULL`,
	`CREATE VIEW vm_cas AS SELECT id, qty FROM vm_chk WHERE id > 0 WITH LOCAL CHECK OPTION`,
	`INSERT INTO vm_cas VALUES (4, 20)`,
	`CREATE VIEW vm_bad AS SELECT name, count(*) FROM vm_t GROUP BY name WITH CHECK OPTION`,
	`CREATE VIEW vm_bad WITH (check_option = sometimes) AS SELECT id FROM vm_t`,
	`CREATE OR REPLACE VIEW vm_chk AS SELECT id, qty FROM vm_t`,
	`CREATE OR REPLACE VIEW vm_chk AS SELECT id, name AS nm, qty FROM vm_t`,
	`CREATE OR REPLACE VIEW vm_chk AS SELECT id, name, qty::numeric AS qty FROM vm_t`,
	`CREATE OR REPLACE VIEW vm_t AS SELECT 1 AS id`,
	`DROP TABLE vm_t`,
	`DROP VIEW vm_chk`,
	`DROP VIEW vm_chk, vm_const`,
	`ALTER TABLE vm_t DROP COLUMN qty`,
	`ALTER TABLE vm_t DROP COLUMN name CASCADE`,
	`DROP VIEW vm_chk CASCADE`,
	`DROP TABLE vm_t CASCADE`,
	`DROP VIEW vm_const`,
}

// viewMessage is one statement's outcome: its notices and its error, each
// with its DETAIL and HINT.
type viewMessage struct {
	notices []string
	err     string
}

func runViewMessages(t *testing.T, dsn string) []viewMessage {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	var notices []string
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		notices = append(notices, fmt.Sprintf("%s %s: %s | DETAIL: %s | HINT: %s", n.Severity, n.Code, n.Message, n.Detail, n.Hint))
	}
	conn, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	out := make([]viewMessage, len(viewMessageStatements))
	for i, sql := range viewMessageStatements {
		notices = nil
		_, err := conn.Exec(ctx, sql).ReadAll()
		if pe := asPgError(err); pe != nil {
			out[i].err = fmt.Sprintf("%s: %s | DETAIL: %s | HINT: %s", pe.Code, pe.Message, pe.Detail, pe.Hint)
		}
		out[i].notices = notices
	}
	return out
}

// TestViewMessages compares the errors and notices of views in full.
func TestViewMessages(t *testing.T) {
	pgDSN := testtarget.PostgresDB(t, "difftest_views_pg")
	tgt := testtarget.Get(t, "difftest_views_target")
	want := runViewMessages(t, pgDSN)
	got := runViewMessages(t, tgt.DSN)
	for i, sql := range viewMessageStatements {
		w, g := want[i], got[i]
		if w.err != g.err {
			t.Errorf("statement %d: %s\n    postgresql: %s\n    %s: %s", i+1, sql, w.err, tgt.Name, g.err)
		}
		if wn, gn := strings.Join(w.notices, "\n"), strings.Join(g.notices, "\n"); wn != gn {
			t.Errorf("statement %d: %s: notices differ\n    postgresql: %s\n    %s: %s", i+1, sql, wn, tgt.Name, gn)
		}
	}
}
