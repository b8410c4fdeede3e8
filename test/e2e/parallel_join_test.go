package e2e

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/loomdb/loomdb/internal/testutil/loomtest"
)

// The Parallel Hash Join tests join big(id int4, k int4, pad int4) to
// small(id int4, v int4) on big.k = small.id, with work_mem = '1MB' so
// that the shared hash table must respect hash_mem (work_mem ×
// hash_mem_multiplier 2) per participant, 6MB for the leader and two
// workers together.

const parallelJoinQuery = "SELECT count(*), sum(small.v) FROM big JOIN small ON big.k = small.id"

// joinRow writes row i of a table for copyJoinRows.
type joinRow func(w io.Writer, i int)

// copyJoinRows streams n rows into table through COPY.
func copyJoinRows(t testing.TB, conn *pgconn.PgConn, table string, n int, row joinRow) {
	t.Helper()
	pr, pw := io.Pipe()
	go func() {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			row(&sb, i)
			if sb.Len() > 1<<16 {
				if _, err := io.WriteString(pw, sb.String()); err != nil {
					return
				}
				sb.Reset()
			}
		}
		_, err := io.WriteString(pw, sb.String())
		pw.CloseWithError(err)
	}()
	_, err := conn.CopyFrom(context.Background(), pr, "COPY "+table+" FROM STDIN")
	pr.Close()
	if err != nil {
		t.Fatal(err)
	}
}

func execAll(t testing.TB, conn *pgconn.PgConn, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := conn.Exec(context.Background(), s).ReadAll(); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// explainLines returns the lines of an EXPLAIN.
func explainLines(t testing.TB, conn *pgconn.PgConn, sql string) []string {
	t.Helper()
	var lines []string
	for _, r := range execRows(t, conn, sql) {
		lines = append(lines, r[0])
	}
	return lines
}

var (
	parallelHashNode = regexp.MustCompile(`^\s*(->\s+)?Parallel Hash(\s+\(|$)`)
	hashBatches      = regexp.MustCompile(`Batches: (\d+)`)
	hashMemory       = regexp.MustCompile(`Memory Usage: (\d+)kB`)
)

// parallelHashStats returns the largest Batches and Memory Usage (kB)
// figures of the Parallel Hash node of an EXPLAIN ANALYZE plan, over its
// leader line and any "Worker N:" lines; ok is false when the plan has
// no Parallel Hash node with a Memory Usage line.
func parallelHashStats(plan []string) (batches, memKB int, ok bool) {
	for i, l := range plan {
		if !parallelHashNode.MatchString(l) {
			continue
		}
		batches, memKB = -1, -1
		for _, d := range plan[i+1:] {
			if strings.Contains(d, "->") {
				break
			}
			if m := hashBatches.FindStringSubmatch(d); m != nil {
				n, _ := strconv.Atoi(m[1])
				batches = max(batches, n)
			}
			if m := hashMemory.FindStringSubmatch(d); m != nil {
				n, _ := strconv.Atoi(m[1])
				memKB = max(memKB, n)
			}
		}
		return batches, memKB, batches > 0 && memKB >= 0
	}
	return 0, 0, false
}

// joinAnswer formats a count and a sum as execRows returns them (a NULL
// sum, of no rows, as "").
func joinAnswer(count, sum int64) string {
	s := ""
	if count > 0 {
		s = strconv.FormatInt(sum, 10)
	}
	return fmt.Sprint([][]string{{strconv.FormatInt(count, 10), s}})
}

// waitNoWorkers waits up to two seconds for the parallel workers of inst
// to finish, and fails t if some are still active.
func waitNoWorkers(t testing.TB, inst *loomtest.Instance) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for inst.Engine.ActiveParallelWorkers() != 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if a := inst.Engine.ActiveParallelWorkers(); a != 0 {
		t.Fatalf("%d parallel workers still active", a)
	}
}

const hashJoinTempPrefix = "loomdb-hashjoin-"

// checkNoHashJoinTempFiles fails t if os.TempDir() holds a hash join
// temporary file or if the process still has one open (an unlinked file
// shows in /proc/self/fd as "/tmp/loomdb-hashjoin-N.tmp (deleted)").
func checkNoHashJoinTempFiles(t testing.TB) {
	t.Helper()
	left, err := filepath.Glob(filepath.Join(os.TempDir(), hashJoinTempPrefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("temporary files left in %s: %v", os.TempDir(), left)
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Logf("open descriptors not checked: %v", err)
		return
	}
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err != nil {
			continue // closed since the listing
		}
		if strings.HasPrefix(filepath.Base(target), hashJoinTempPrefix) {
			t.Errorf("descriptor %s still open on %s", fd.Name(), target)
		}
	}
}

// TestParallelHashMultiBatch joins a 400000-row inner side, several times
// what a Parallel Hash may hold in work_mem = 1MB (6MB for three
// participants), so the shared table must split into batches that go
// through temporary files: the answer must be the one computed here (and
// the serial plan's), and no temporary file may be left, on disk or open.
func TestParallelHashMultiBatch(t *testing.T) {
	inst := loomtest.Start(t)
	// The spill files go to a directory of the test's own, out of reach
	// of other processes.
	t.Setenv("TMPDIR", t.TempDir())
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	const nBig, nSmall = 600_000, 400_000
	// k spreads over 0..nSmall*1.1: about one big row in eleven finds no
	// small row.
	const kRange = nSmall + nSmall/10
	bigK := func(i int) int { return int(uint32(i) * 2654435761 % kRange) }
	smallV := func(id int) int { return id % 1000 }
	execAll(t, conn, "CREATE TABLE big (id int4, k int4, pad int4)", "CREATE TABLE small (id int4, v int4)")
	copyJoinRows(t, conn, "small", nSmall, func(w io.Writer, i int) { fmt.Fprintf(w, "%d\t%d\n", i, smallV(i)) })
	copyJoinRows(t, conn, "big", nBig, func(w io.Writer, i int) { fmt.Fprintf(w, "%d\t%d\t%d\n", i, bigK(i), i%100) })
	execAll(t, conn, "VACUUM ANALYZE big", "VACUUM ANALYZE small")

	var count, sum int64
	for i := 0; i < nBig; i++ {
		if k := bigK(i); k < nSmall {
			count++
			sum += int64(smallV(k))
		}
	}
	want := joinAnswer(count, sum)

	execAll(t, conn, "SET work_mem = '1MB'", "SET max_parallel_workers_per_gather = 0")
	if got := fmt.Sprint(execRows(t, conn, parallelJoinQuery)); got != want {
		t.Fatalf("serial: %s = %s, want %s", parallelJoinQuery, got, want)
	}

	setParallel(t, conn)
	plan := explainLines(t, conn, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+parallelJoinQuery)
	text := strings.Join(plan, "\n")
	t.Logf("\n%s", text)
	if !strings.Contains(text, "Parallel Hash Join") {
		t.Fatalf("no Parallel Hash Join:\n%s", text)
	}
	batches, memKB, ok := parallelHashStats(plan)
	if !ok {
		t.Fatalf("no Parallel Hash with Batches and Memory Usage:\n%s", text)
	}
	if batches < 2 {
		t.Fatalf("Parallel Hash used %d batch, want several:\n%s", batches, text)
	}
	t.Logf("batches %d, memory %dkB", batches, memKB)
	if got := fmt.Sprint(execRows(t, conn, parallelJoinQuery)); got != want {
		t.Fatalf("parallel: %s = %s, want %s", parallelJoinQuery, got, want)
	}
	waitNoWorkers(t, inst)
	checkNoHashJoinTempFiles(t)
}

// TestParallelHashSkew hashes an inner side where one key, 7, carries half
// of the rows: 100000 of 200000. The statistics are taken before those
// rows go in, as they would be when the skew arrives after the last
// ANALYZE: PostgreSQL's planner, seeing the skew, would hash the other
// side instead. With work_mem = 1MB the whole inner side does not fit in
// the 6MB of three participants, but key 7's rows alone do: every form of
// the join (inner, left, semi, anti) must give the answer computed here
// with its Parallel Hash at most 6144kB (leader and workers alike).
func TestParallelHashSkew(t *testing.T) {
	inst := loomtest.Start(t)
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, inst.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	const (
		nDistinct = 100_000 // inner rows with distinct ids, base.. base+nDistinct-1
		nSkewed   = 100_000 // inner rows with id 7
		base      = 100_000
		nBig      = 300_000
		// One big row in skewEvery has k 7 (200 rows, each matching
		// nSkewed inner rows); the others spread over 1.5 × nDistinct
		// ids, two in three of them present.
		skewEvery = 1500
		kRange    = nDistinct * 3 / 2
		maxMemKB  = 1024 * 3 * 2 // work_mem × participants × hash_mem_multiplier
	)
	bigK := func(i int) int {
		if i%skewEvery == 0 {
			return 7
		}
		return base + int(uint32(i)*2654435761%kRange)
	}
	bigPad := func(i int) int { return i % 100 }
	execAll(t, conn, "CREATE TABLE big (id int4, k int4, pad int4)", "CREATE TABLE small (id int4, v int4)")
	copyJoinRows(t, conn, "small", nDistinct, func(w io.Writer, i int) { fmt.Fprintf(w, "%d\t%d\n", base+i, i%100) })
	execAll(t, conn, "VACUUM ANALYZE small")
	copyJoinRows(t, conn, "small", nSkewed, func(w io.Writer, i int) { fmt.Fprintf(w, "7\t%d\n", i%97) })
	copyJoinRows(t, conn, "big", nBig, func(w io.Writer, i int) { fmt.Fprintf(w, "%d\t%d\t%d\n", i, bigK(i), bigPad(i)) })
	execAll(t, conn, "VACUUM ANALYZE big")

	// The inner rows by id: how many, and the sum of their v.
	type group struct{ n, sumV int64 }
	inner := map[int]group{}
	for i := 0; i < nDistinct; i++ {
		inner[base+i] = group{1, int64(i % 100)}
	}
	var g7 group
	for i := 0; i < nSkewed; i++ {
		g7.n++
		g7.sumV += int64(i % 97)
	}
	inner[7] = g7
	var joinCount, joinSum, leftCount, semiCount, semiSum, antiCount, antiSum int64
	for i := 0; i < nBig; i++ {
		g, ok := inner[bigK(i)]
		if ok {
			joinCount += g.n
			joinSum += g.sumV
			leftCount += g.n
			semiCount++
			semiSum += int64(bigPad(i))
		} else {
			leftCount++
			antiCount++
			antiSum += int64(bigPad(i))
		}
	}

	execAll(t, conn, "SET work_mem = '1MB'")
	setParallel(t, conn)
	for _, c := range []struct {
		query, join, want string
	}{
		{parallelJoinQuery, "Parallel Hash Join", joinAnswer(joinCount, joinSum)},
		{"SELECT count(*), sum(small.v) FROM big LEFT JOIN small ON big.k = small.id", "Parallel Hash Left Join", joinAnswer(leftCount, joinSum)},
		{"SELECT count(*), sum(big.pad) FROM big WHERE EXISTS (SELECT 1 FROM small WHERE small.id = big.k)", "Parallel Hash Semi Join", joinAnswer(semiCount, semiSum)},
		{"SELECT count(*), sum(big.pad) FROM big WHERE NOT EXISTS (SELECT 1 FROM small WHERE small.id = big.k)", "Parallel Hash Anti Join", joinAnswer(antiCount, antiSum)},
	} {
		plan := explainLines(t, conn, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+c.query)
		text := strings.Join(plan, "\n")
		if !strings.Contains(text, c.join) {
			t.Errorf("%s: no %s:\n%s", c.query, c.join, text)
			continue
		}
		batches, memKB, ok := parallelHashStats(plan)
		if !ok {
			t.Errorf("%s: no Parallel Hash with Batches and Memory Usage:\n%s", c.query, text)
			continue
		}
		t.Logf("%s: batches %d, memory %dkB", c.join, batches, memKB)
		if memKB > maxMemKB {
			t.Errorf("%s: Parallel Hash Memory Usage %dkB, want at most %dkB:\n%s", c.query, memKB, maxMemKB, text)
		}
		if got := fmt.Sprint(execRows(t, conn, c.query)); got != c.want {
			t.Errorf("%s = %s, want %s", c.query, got, c.want)
		}
	}
	waitNoWorkers(t, inst)
}
