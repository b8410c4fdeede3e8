package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/loomdb/loomdb/internal/bench"
)

// benchCmd runs `loomdb bench <suite> [flags]`.
func benchCmd(args []string) int {
	if len(args) < 1 || args[0] != "tpch" {
		fmt.Fprintln(os.Stderr, "usage: loomdb bench tpch [--sf N] [--workers 0,2] [--pg] [--runs 5] [--queries Q1,Q6] [--json FILE] [--dir DIR] [--keep]")
		return 2
	}
	fs := flag.NewFlagSet("bench tpch", flag.ContinueOnError)
	sf := fs.Float64("sf", 1, "TPC-H scale factor (1 is 6 million line items)")
	workers := fs.String("workers", "0,2", "max_parallel_workers_per_gather settings to measure, comma-separated")
	pg := fs.Bool("pg", false, "also load and run a private PostgreSQL 15, and check loomdb's answers against it")
	runs := fs.Int("runs", 5, "timed runs per query and setting, after one warm-up; the median is reported")
	queries := fs.String("queries", "", "queries to run, comma-separated (default all 22)")
	jsonOut := fs.String("json", "", "also write the figures as JSON to this file")
	dir := fs.String("dir", "", "directory for the generated data and loomdb's data directory (default a temporary one)")
	keep := fs.Bool("keep", false, "keep the directory afterwards")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	opts := bench.TPCHOptions{SF: *sf, PG: *pg, Runs: *runs, Dir: *dir, Keep: *keep, Out: os.Stdout, Log: os.Stderr}
	for _, w := range strings.Split(*workers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || n < 0 {
			fmt.Fprintf(os.Stderr, "loomdb bench: bad --workers value %q\n", w)
			return 2
		}
		opts.Workers = append(opts.Workers, n)
	}
	if *queries != "" {
		for _, q := range strings.Split(*queries, ",") {
			opts.Queries = append(opts.Queries, strings.TrimSpace(q))
		}
	}
	if *sf <= 0 {
		fmt.Fprintln(os.Stderr, "loomdb bench: --sf must be positive")
		return 2
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "loomdb bench: %v\n", err)
		return 1
	}
	opts.Loomdb = exe
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := bench.RunTPCH(ctx, opts)
	if rep != nil && *jsonOut != "" {
		data, jerr := json.MarshalIndent(rep, "", "  ")
		if jerr == nil {
			jerr = os.WriteFile(*jsonOut, append(data, '\n'), 0o644)
		}
		if jerr != nil {
			fmt.Fprintf(os.Stderr, "loomdb bench: writing %s: %v\n", *jsonOut, jerr)
			return 1
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "loomdb bench: %v\n", err)
		return 1
	}
	return 0
}
