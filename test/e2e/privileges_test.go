package e2e

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// TestPrivileges connects as a role that is not a superuser and checks
// what PostgreSQL 15 allows and refuses it: reading the catalogs and
// granted tables, and no way around a missing privilege through INSERT
// ... SELECT, UPDATE ... FROM, DELETE ... USING, a WHERE on a table it may
// only delete from, EXPLAIN ANALYZE, ON CONFLICT DO UPDATE, a foreign key,
// another role's query in pg_stat_activity, reserved roles, CHECKPOINT or
// a table in schema public.
func TestPrivileges(t *testing.T) {
	inst := loomtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	connect := func(user string) *pgx.Conn {
		t.Helper()
		cfg, err := pgx.ParseConfig(inst.DSN("postgres"))
		if err != nil {
			t.Fatal(err)
		}
		cfg.User = user
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return conn
	}
	admin := connect("postgres")
	defer admin.Close(ctx)
	for _, sql := range []string{
		"CREATE ROLE pv_bob LOGIN CREATEROLE",
		"CREATE TABLE pv_secret (id int PRIMARY KEY, v text)",
		"INSERT INTO pv_secret VALUES (1, 'hidden')",
		"CREATE TABLE pv_open (id int PRIMARY KEY, v text)",
		"CREATE TABLE pv_delonly (id int, v text)",
		"INSERT INTO pv_delonly VALUES (1, 'x')",
		"CREATE TABLE pv_ins (id int PRIMARY KEY, v text)",
		"GRANT SELECT, INSERT, UPDATE, DELETE ON pv_open TO pv_bob",
		"GRANT DELETE ON pv_delonly TO pv_bob",
		"GRANT INSERT ON pv_ins TO pv_bob",
		"CREATE TABLE pv_parent (id int PRIMARY KEY)",
		"CREATE TABLE pv_child (p int REFERENCES pv_parent (id))",
		"GRANT TRUNCATE ON pv_parent TO pv_bob",
	} {
		if _, err := admin.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	bob := connect("pv_bob")
	defer bob.Close(ctx)

	// The catalogs and system views are open to every role.
	var n int
	if err := bob.QueryRow(ctx, "SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE c.relname LIKE 'pv_%'").Scan(&n); err != nil || n < 4 {
		t.Fatalf("reading pg_class: %d, %v", n, err)
	}
	for _, sql := range []string{
		"SELECT count(*) FROM pg_roles", "SELECT count(*) FROM information_schema.columns",
		"SELECT count(*) FROM pg_settings", "SELECT count(*) FROM pg_stat_activity",
		"SELECT count(*) FROM pv_open", "INSERT INTO pv_open VALUES (1, 'a')",
		"UPDATE pv_open SET v = v || 'b' WHERE id = 1", "INSERT INTO pv_ins VALUES (1, 'c')",
		"DELETE FROM pv_delonly",
	} {
		if _, err := bob.Exec(ctx, sql); err != nil {
			t.Errorf("%s: %v", sql, err)
		}
	}
	if _, err := bob.Exec(ctx, "SELECT count(*) FROM pg_authid"); !isPgError(err, "42501", "permission denied for table pg_authid") {
		t.Errorf("pg_authid: %v", err)
	}

	denied := []struct{ sql, message string }{
		{"SELECT * FROM pv_secret", "permission denied for table pv_secret"},
		{"INSERT INTO pv_open SELECT * FROM pv_secret", "permission denied for table pv_secret"},
		{"UPDATE pv_open SET v = s.v FROM pv_secret s WHERE s.id = pv_open.id", "permission denied for table pv_secret"},
		{"DELETE FROM pv_open USING pv_secret WHERE pv_secret.id = pv_open.id", "permission denied for table pv_secret"},
		{"UPDATE pv_open SET v = (SELECT v FROM pv_secret LIMIT 1)", "permission denied for table pv_secret"},
		{"DELETE FROM pv_delonly WHERE v = 'x'", "permission denied for table pv_delonly"},
		{"EXPLAIN ANALYZE DELETE FROM pv_secret", "permission denied for table pv_secret"},
		{"EXPLAIN SELECT * FROM pv_secret", "permission denied for table pv_secret"},
		{"INSERT INTO pv_ins VALUES (1, 'd') ON CONFLICT (id) DO UPDATE SET v = excluded.v", "permission denied for table pv_ins"},
		{"CREATE TABLE pv_mine (a int)", "permission denied for schema public"},
		{"ALTER ROLE pg_database_owner LOGIN", `role name "pg_database_owner" is reserved`},
		{"CHECKPOINT", "must be superuser or have privileges of pg_checkpoint to do CHECKPOINT"},
		{"CREATE ROLE pv_repl REPLICATION", "must be superuser to create replication users"},
		{"DROP TABLE pv_open", "must be owner of table pv_open"},
		{"SELECT setval('pg_class'::regclass, 1)", "permission denied for table pg_class"},
		{"TRUNCATE pv_parent CASCADE", "permission denied for table pv_child"},
		{"TRUNCATE pv_secret", "permission denied for table pv_secret"},
	}
	for _, d := range denied {
		_, err := bob.Exec(ctx, d.sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Message != d.message || (pe.Code != "42501" && pe.Code != "42939") {
			t.Errorf("%s: %v; want %q", d.sql, err, d.message)
		}
	}
	var v string
	if err := admin.QueryRow(ctx, "SELECT v FROM pv_secret").Scan(&v); err != nil || v != "hidden" {
		t.Fatalf("pv_secret after the attempts: %q, %v", v, err)
	}

	// Another role's query shows as <insufficient privilege>.
	var queries []string
	rows, err := bob.Query(ctx, "SELECT usename, coalesce(query, '') FROM pg_stat_activity ORDER BY pid")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var user, q string
		if err := rows.Scan(&user, &q); err != nil {
			t.Fatal(err)
		}
		queries = append(queries, user+": "+q)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(queries, "\n")
	if !strings.Contains(joined, "postgres: <insufficient privilege>") || !strings.Contains(joined, "pv_bob: SELECT usename") {
		t.Errorf("pg_stat_activity as pv_bob:\n%s", joined)
	}
}

func isPgError(err error, code, message string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == code && pe.Message == message
}
