package e2e

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/lib/pq"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// TestPgxRoundTrip creates, inserts and selects with pgx in every exec
// mode, including the binary formats of the cached-statement modes.
func TestPgxRoundTrip(t *testing.T) {
	inst := loomtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeCacheDescribe, pgx.QueryExecModeDescribeExec, pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			cfg, err := pgx.ParseConfig(inst.DSN("postgres"))
			if err != nil {
				t.Fatal(err)
			}
			cfg.DefaultQueryExecMode = mode
			conn, err := pgx.ConnectConfig(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			if err := conn.Ping(ctx); err != nil {
				t.Fatalf("ping: %v", err)
			}
			table := "pgx_" + strings.ReplaceAll(mode.String(), " ", "_")
			mustExec(t, conn, ctx, "create table "+table+" (id int4, big int8, name text, price numeric(10,2), ratio float8, ok bool, d date, small int2, f4 float4, v varchar(5))")
			mustExec(t, conn, ctx, "insert into "+table+" values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
				int32(1), int64(1)<<40, "héllo", "12.50", 0.25, true, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), int16(-7), float32(1.5), "abc")
			mustExec(t, conn, ctx, "insert into "+table+" values (2, null, null, null, null, null, null, null, null, null)")
			rows, err := conn.Query(ctx, "select id, big, name, price::text, ratio, ok, d, small, f4, v from "+table+" where id >= $1 order by id", 1)
			if err != nil {
				t.Fatal(err)
			}
			type row struct {
				id    int32
				big   *int64
				name  *string
				price *string
				ratio *float64
				ok    *bool
				d     *time.Time
				small *int16
				f4    *float32
				v     *string
			}
			var got []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.big, &r.name, &r.price, &r.ratio, &r.ok, &r.d, &r.small, &r.f4, &r.v); err != nil {
					t.Fatal(err)
				}
				got = append(got, r)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 {
				t.Fatalf("got %d rows, want 2", len(got))
			}
			r := got[0]
			if r.id != 1 || *r.big != 1<<40 || *r.name != "héllo" || *r.price != "12.50" || *r.ratio != 0.25 || !*r.ok ||
				!r.d.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)) || *r.small != -7 || *r.f4 != 1.5 || *r.v != "abc" {
				t.Errorf("row 1 = %+v", r)
			}
			if got[1].big != nil || got[1].name != nil || got[1].ok != nil {
				t.Errorf("row 2 should be NULLs: %+v", got[1])
			}
			var n int64
			if err := conn.QueryRow(ctx, "select count(*) from "+table).Scan(&n); err != nil || n != 2 {
				t.Fatalf("count = %d, %v", n, err)
			}
			_, err = conn.Exec(ctx, "select * from nope")
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) || pgErr.Code != "42P01" || pgErr.Message != `relation "nope" does not exist` || pgErr.Position != 15 {
				t.Fatalf("undefined table error = %#v", err)
			}
			// The connection stays usable after an error.
			if err := conn.QueryRow(ctx, "select 1").Scan(&n); err != nil || n != 1 {
				t.Fatalf("after error: %d, %v", n, err)
			}
			mustExec(t, conn, ctx, "drop table "+table)
		})
	}
}

func mustExec(t *testing.T, conn *pgx.Conn, ctx context.Context, sql string, args ...any) {
	t.Helper()
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// TestLibPQRoundTrip runs the same round trip through database/sql and lib/pq.
func TestLibPQRoundTrip(t *testing.T) {
	inst := loomtest.Start(t)
	db, err := sql.Open("postgres", inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "create table pq_t (a int, b text, c numeric)"); err != nil {
		t.Fatal(err)
	}
	res, err := db.ExecContext(ctx, "insert into pq_t values ($1, $2, $3), (2, 'two', 2.5)", 1, "one", "1.25")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		t.Fatalf("rows affected = %d", n)
	}
	rows, err := db.QueryContext(ctx, "select a, b, c from pq_t order by a desc")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var a int
		var b, c string
		if err := rows.Scan(&a, &b, &c); err != nil {
			t.Fatal(err)
		}
		got = append(got, b+":"+c)
	}
	if len(got) != 2 || got[0] != "two:2.5" || got[1] != "one:1.25" {
		t.Fatalf("rows = %v", got)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "insert into pq_t values (3, 'three', 3)"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRowContext(ctx, "select count(*) from pq_t").Scan(&n); err != nil || n != 2 {
		t.Fatalf("after rollback count = %d, %v", n, err)
	}
	_, err = db.ExecContext(ctx, "select 1/0")
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != "22012" || pqErr.Message != "division by zero" {
		t.Fatalf("division by zero error = %v", err)
	}
}
