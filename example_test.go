package loomdb_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/loomdb/loomdb"
)

// Open a database in a directory and query it with pgx over an
// in-process connection.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := loomdb.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Connect(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM generate_series(1, $1::int)", 1000).Scan(&n); err != nil {
		log.Fatal(err)
	}
	fmt.Println(n)
	// Output: 1000
}

// Use the database/sql driver "loomdb" on a temporary database, with
// every connection allowed four parallel workers per Gather.
func Example_databaseSQL() {
	db, err := sql.Open("loomdb", ":memory:?max_parallel_workers_per_gather=4")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (id int PRIMARY KEY, name text)"); err != nil {
		log.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		log.Fatal(err)
	}
	for i, name := range []string{"ada", "grace", "edsger"} {
		if _, err := tx.Exec("INSERT INTO t VALUES ($1, $2)", i+1, name); err != nil {
			log.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		log.Fatal(err)
	}
	var name string
	if err := db.QueryRow("SELECT name FROM t WHERE id = $1", 2).Scan(&name); err != nil {
		log.Fatal(err)
	}
	fmt.Println(name)
	// Output: grace
}

// Share a database among goroutines through a pgxpool pool whose
// connections are in-process pipes.
func ExampleDB_PoolConfig() {
	db, err := loomdb.OpenTemporary()
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	cfg, err := db.PoolConfig("")
	if err != nil {
		log.Fatal(err)
	}
	cfg.MaxConns = 4
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	var sum int64
	if err := pool.QueryRow(ctx, "SELECT sum(i) FROM generate_series(1, 100) i").Scan(&sum); err != nil {
		log.Fatal(err)
	}
	fmt.Println(sum)
	// Output: 5050
}
