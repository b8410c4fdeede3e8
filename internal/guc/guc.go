// Package guc is loomdb's registry of run-time settings ("grand unified
// configuration", PG: utils/misc/guc.c and guc_tables.c): names, types,
// defaults, units, contexts and allowed ranges exactly as PostgreSQL 15 has
// them, and per-session values with SET, SET LOCAL, RESET and transaction-end
// rollback.
//
// A Settings value belongs to one session and is not safe for concurrent
// use; the parallel executor copies the values it needs into the plan state.
package guc

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Kind is a setting's value type.
type Kind uint8

const (
	Bool Kind = iota
	Int
	Real
	String
	Enum
)

// Context says when a setting may change (PG's GucContext).
type Context uint8

const (
	Internal Context = iota
	Postmaster
	Sighup
	Backend
	Superuser
	User
)

func (c Context) String() string {
	return [...]string{"internal", "postmaster", "sighup", "backend", "superuser", "user"}[c]
}

// Unit is the base unit of an integer setting.
type Unit uint8

const (
	NoUnit Unit = iota
	UnitKB
	UnitBlocks // 8kB
	UnitMS
	UnitS
	UnitMin
)

// Def describes one setting.
type Def struct {
	Name     string
	Kind     Kind
	Context  Context
	Unit     Unit
	Default  string // canonical (SHOW) form
	Min, Max float64
	Enums    []string
	Short    string
	Category string
	// Report marks GUC_REPORT settings sent to the client as ParameterStatus.
	Report bool
	// NoShowAll hides the setting from SHOW ALL.
	NoShowAll bool
}

var defs = map[string]*Def{}

// Register adds d to the registry; it panics on duplicates (a programming error at init).
func Register(d *Def) {
	key := strings.ToLower(d.Name)
	if _, dup := defs[key]; dup {
		panic("guc: duplicate setting " + d.Name)
	}
	defs[key] = d
}

// Lookup returns the definition of a setting by (case-insensitive) name.
func Lookup(name string) *Def { return defs[strings.ToLower(name)] }

// All returns every definition sorted by name.
func All() []*Def {
	out := make([]*Def, 0, len(defs))
	for _, d := range defs {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func init() {
	for _, d := range builtin {
		Register(d)
	}
}

const maxInt = math.MaxInt32

var builtin = []*Def{
	// Parallel query.
	{Name: "max_worker_processes", Kind: Int, Context: Postmaster, Default: "8", Min: 0, Max: 262143, Category: "Resource Usage / Asynchronous Behavior", Short: "Maximum number of concurrent worker processes."},
	{Name: "max_parallel_workers", Kind: Int, Context: User, Default: "8", Min: 0, Max: 1024, Category: "Resource Usage / Asynchronous Behavior", Short: "Sets the maximum number of parallel workers that can be active at one time."},
	{Name: "max_parallel_workers_per_gather", Kind: Int, Context: User, Default: "2", Min: 0, Max: 1024, Category: "Resource Usage / Asynchronous Behavior", Short: "Sets the maximum number of parallel processes per executor node."},
	{Name: "max_parallel_maintenance_workers", Kind: Int, Context: User, Default: "2", Min: 0, Max: 1024, Category: "Resource Usage / Asynchronous Behavior", Short: "Sets the maximum number of parallel processes per maintenance operation."},
	{Name: "parallel_leader_participation", Kind: Bool, Context: User, Default: "on", Category: "Resource Usage / Asynchronous Behavior", Short: "Controls whether Gather and Gather Merge also run subplans."},
	{Name: "parallel_setup_cost", Kind: Real, Context: User, Default: "1000", Min: 0, Max: math.MaxFloat64, Category: "Query Tuning / Planner Cost Constants", Short: "Sets the planner's estimate of the cost of starting up worker processes for parallel query."},
	{Name: "parallel_tuple_cost", Kind: Real, Context: User, Default: "0.1", Min: 0, Max: math.MaxFloat64, Category: "Query Tuning / Planner Cost Constants", Short: "Sets the planner's estimate of the cost of passing each tuple (row) from worker to leader backend."},
	{Name: "min_parallel_table_scan_size", Kind: Int, Context: User, Unit: UnitBlocks, Default: "8MB", Min: 0, Max: maxInt / 3, Category: "Query Tuning / Planner Cost Constants", Short: "Sets the minimum amount of table data for a parallel scan."},
	{Name: "min_parallel_index_scan_size", Kind: Int, Context: User, Unit: UnitBlocks, Default: "512kB", Min: 0, Max: maxInt / 3, Category: "Query Tuning / Planner Cost Constants", Short: "Sets the minimum amount of index data for a parallel scan."},
	{Name: "debug_parallel_query", Kind: Enum, Context: User, Default: "off", Enums: []string{"off", "on", "regress"}, Category: "Developer Options", Short: "Forces the planner's use parallel query nodes."},
	{Name: "force_parallel_mode", Kind: Enum, Context: User, Default: "off", Enums: []string{"off", "on", "regress"}, Category: "Developer Options", Short: "Forces use of parallel query facilities."},
	{Name: "enable_parallel_append", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of parallel append plans."},
	{Name: "enable_parallel_hash", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of parallel hash plans."},
	{Name: "enable_gathermerge", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of gather merge plans."},
	// Planner method configuration.
	{Name: "enable_seqscan", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of sequential-scan plans."},
	{Name: "enable_indexscan", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of index-scan plans."},
	{Name: "enable_indexonlyscan", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of index-only-scan plans."},
	{Name: "enable_bitmapscan", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of bitmap-scan plans."},
	{Name: "enable_sort", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of explicit sort steps."},
	{Name: "enable_incremental_sort", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of incremental sort steps."},
	{Name: "enable_hashagg", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of hashed aggregation plans."},
	{Name: "enable_hashjoin", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of hash join plans."},
	{Name: "enable_mergejoin", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of merge join plans."},
	{Name: "enable_nestloop", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of nested-loop join plans."},
	{Name: "enable_material", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of materialization."},
	{Name: "enable_memoize", Kind: Bool, Context: User, Default: "on", Category: "Query Tuning / Planner Method Configuration", Short: "Enables the planner's use of memoization."},
	{Name: "enable_partitionwise_join", Kind: Bool, Context: User, Default: "off", Category: "Query Tuning / Planner Method Configuration", Short: "Enables partitionwise join."},
	{Name: "enable_partitionwise_aggregate", Kind: Bool, Context: User, Default: "off", Category: "Query Tuning / Planner Method Configuration", Short: "Enables partitionwise aggregation and grouping."},
	// Planner cost constants.
	{Name: "seq_page_cost", Kind: Real, Context: User, Default: "1", Min: 0, Max: math.MaxFloat64, Category: "Query Tuning / Planner Cost Constants", Short: "Sets the planner's estimate of the cost of a sequentially fetched disk page."},
	{Name: "random_page_cost", Kind: Real, Context: User, Default: "4", Min: 0, Max: math.MaxFloat64, Category: "Query Tuning / Planner Cost Constants", Short: "Sets the planner's estimate of the cost of a nonsequentially fetched disk page."},
	{Name: "cpu_tuple_cost", Kind: Real, Context: User, Default: "0.01", Min: 0, Max: math.MaxFloat64, Category: "Query Tuning / Planner Cost Constants", Short: "Sets the planner's estimate of the cost of processing each tuple (row)."},
	{Name: "cpu_index_tuple_cost", Kind: Real, Context: User, Default: "0.005", Min: 0, Max: math.MaxFloat64, Category: "Query Tuning / Planner Cost Constants", Short: "Sets the planner's estimate of the cost of processing each index entry during an index scan."},
	{Name: "cpu_operator_cost", Kind: Real, Context: User, Default: "0.0025", Min: 0, Max: math.MaxFloat64, Category: "Query Tuning / Planner Cost Constants", Short: "Sets the planner's estimate of the cost of processing each operator or function call."},
	{Name: "effective_cache_size", Kind: Int, Context: User, Unit: UnitBlocks, Default: "4GB", Min: 1, Max: maxInt, Category: "Query Tuning / Planner Cost Constants", Short: "Sets the planner's assumption about the total size of the data caches."},
	{Name: "default_statistics_target", Kind: Int, Context: User, Default: "100", Min: 1, Max: 10000, Category: "Query Tuning / Other Planner Options", Short: "Sets the default statistics target."},
	{Name: "jit", Kind: Bool, Context: User, Default: "off", Category: "Query Tuning / Other Planner Options", Short: "Allow JIT compilation."},
	// Resources.
	{Name: "shared_buffers", Kind: Int, Context: Postmaster, Unit: UnitBlocks, Default: "128MB", Min: 16, Max: maxInt / 2, Category: "Resource Usage / Memory", Short: "Sets the number of shared memory buffers used by the server."},
	{Name: "work_mem", Kind: Int, Context: User, Unit: UnitKB, Default: "4MB", Min: 64, Max: maxInt, Category: "Resource Usage / Memory", Short: "Sets the maximum memory to be used for query workspaces."},
	{Name: "hash_mem_multiplier", Kind: Real, Context: User, Default: "2", Min: 1, Max: 1000, Category: "Resource Usage / Memory", Short: "Multiple of work_mem to use for hash tables."},
	{Name: "maintenance_work_mem", Kind: Int, Context: User, Unit: UnitKB, Default: "64MB", Min: 1024, Max: maxInt, Category: "Resource Usage / Memory", Short: "Sets the maximum memory to be used for maintenance operations."},
	{Name: "temp_buffers", Kind: Int, Context: User, Unit: UnitBlocks, Default: "8MB", Min: 100, Max: maxInt / 2, Category: "Resource Usage / Memory", Short: "Sets the maximum number of temporary buffers used by each session."},
	{Name: "max_connections", Kind: Int, Context: Postmaster, Default: "100", Min: 1, Max: 262143, Category: "Connections and Authentication / Connection Settings", Short: "Sets the maximum number of concurrent connections."},
	{Name: "port", Kind: Int, Context: Postmaster, Default: "5433", Min: 1, Max: 65535, Category: "Connections and Authentication / Connection Settings", Short: "Sets the TCP port the server listens on."},
	{Name: "listen_addresses", Kind: String, Context: Postmaster, Default: "127.0.0.1", Category: "Connections and Authentication / Connection Settings", Short: "Sets the host name or IP address(es) to listen to."},
	{Name: "data_directory", Kind: String, Context: Postmaster, Default: "", Category: "File Locations", Short: "Sets the server's data directory."},
	{Name: "fsync", Kind: Bool, Context: Sighup, Default: "on", Category: "Write-Ahead Log / Settings", Short: "Forces synchronization of updates to disk."},
	{Name: "synchronous_commit", Kind: Enum, Context: User, Default: "on", Enums: []string{"local", "remote_write", "remote_apply", "on", "off"}, Category: "Write-Ahead Log / Settings", Short: "Sets the current transaction's synchronization level."},
	{Name: "wal_level", Kind: Enum, Context: Postmaster, Default: "replica", Enums: []string{"minimal", "replica", "logical"}, Category: "Write-Ahead Log / Settings", Short: "Sets the level of information written to the WAL."},
	{Name: "checkpoint_timeout", Kind: Int, Context: Sighup, Unit: UnitS, Default: "5min", Min: 30, Max: 86400, Category: "Write-Ahead Log / Checkpoints", Short: "Sets the maximum time between automatic WAL checkpoints."},
	{Name: "max_wal_size", Kind: Int, Context: Sighup, Unit: UnitKB, Default: "1GB", Min: 2048, Max: maxInt, Category: "Write-Ahead Log / Checkpoints", Short: "Sets the WAL size that triggers a checkpoint."},
	// Client connection defaults.
	{Name: "search_path", Kind: String, Context: User, Default: `"$user", public`, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the schema search order for names that are not schema-qualified."},
	{Name: "statement_timeout", Kind: Int, Context: User, Unit: UnitMS, Default: "0", Min: 0, Max: maxInt, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the maximum allowed duration of any statement."},
	{Name: "lock_timeout", Kind: Int, Context: User, Unit: UnitMS, Default: "0", Min: 0, Max: maxInt, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the maximum allowed duration of any wait for a lock."},
	{Name: "idle_in_transaction_session_timeout", Kind: Int, Context: User, Unit: UnitMS, Default: "0", Min: 0, Max: maxInt, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the maximum allowed idle time between queries, when in a transaction."},
	{Name: "default_transaction_isolation", Kind: Enum, Context: User, Default: "read committed", Enums: []string{"serializable", "repeatable read", "read committed", "read uncommitted"}, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the transaction isolation level of each new transaction."},
	{Name: "transaction_isolation", Kind: Enum, Context: User, Default: "read committed", Enums: []string{"serializable", "repeatable read", "read committed", "read uncommitted"}, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the current transaction's isolation level.", NoShowAll: true},
	{Name: "default_transaction_read_only", Kind: Bool, Context: User, Default: "off", Report: true, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the default read-only status of new transactions."},
	{Name: "transaction_read_only", Kind: Bool, Context: User, Default: "off", Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the current transaction's read-only status.", NoShowAll: true},
	{Name: "client_min_messages", Kind: Enum, Context: User, Default: "notice", Enums: []string{"debug5", "debug4", "debug3", "debug2", "debug1", "debug", "log", "notice", "warning", "error"}, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the message levels that are sent to the client."},
	{Name: "DateStyle", Kind: String, Context: User, Default: "ISO, MDY", Report: true, Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the display format for date and time values."},
	{Name: "IntervalStyle", Kind: Enum, Context: User, Default: "postgres", Report: true, Enums: []string{"postgres", "postgres_verbose", "sql_standard", "iso_8601"}, Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the display format for interval values."},
	{Name: "TimeZone", Kind: String, Context: User, Default: "UTC", Report: true, Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the time zone for displaying and interpreting time stamps."},
	{Name: "extra_float_digits", Kind: Int, Context: User, Default: "1", Min: -15, Max: 3, Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the number of digits displayed for floating-point values."},
	{Name: "client_encoding", Kind: String, Context: User, Default: "UTF8", Report: true, Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the client's character set encoding."},
	{Name: "lc_messages", Kind: String, Context: Superuser, Default: "C", Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the language in which messages are displayed."},
	{Name: "lc_monetary", Kind: String, Context: User, Default: "C", Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the locale for formatting monetary amounts."},
	{Name: "lc_numeric", Kind: String, Context: User, Default: "C", Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the locale for formatting numbers."},
	{Name: "lc_time", Kind: String, Context: User, Default: "C", Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the locale for formatting date and time values."},
	{Name: "bytea_output", Kind: Enum, Context: User, Default: "hex", Enums: []string{"escape", "hex"}, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the output format for bytea."},
	{Name: "application_name", Kind: String, Context: User, Default: "", Report: true, Category: "Reporting and Logging / What to Log", Short: "Sets the application name to be reported in statistics and logs."},
	{Name: "standard_conforming_strings", Kind: Bool, Context: User, Default: "on", Report: true, Category: "Version and Platform Compatibility / Previous PostgreSQL Versions", Short: "Causes '...' strings to treat backslashes literally."},
	{Name: "escape_string_warning", Kind: Bool, Context: User, Default: "on", Category: "Version and Platform Compatibility / Previous PostgreSQL Versions", Short: "Warn about backslash escapes in ordinary string literals."},
	{Name: "row_security", Kind: Bool, Context: User, Default: "on", Category: "Client Connection Defaults / Statement Behavior", Short: "Enable row security."},
	{Name: "check_function_bodies", Kind: Bool, Context: User, Default: "on", Category: "Client Connection Defaults / Statement Behavior", Short: "Check routine bodies during CREATE FUNCTION and CREATE PROCEDURE."},
	{Name: "track_io_timing", Kind: Bool, Context: Superuser, Default: "off", Category: "Statistics / Cumulative Query and Index Statistics", Short: "Collects timing statistics for database I/O activity."},
	// Preset (read-only) settings.
	{Name: "server_version", Kind: String, Context: Internal, Default: "15.10", Report: true, Category: "Preset Options", Short: "Shows the server version."},
	{Name: "server_version_num", Kind: Int, Context: Internal, Default: "150010", Min: 150010, Max: 150010, Category: "Preset Options", Short: "Shows the server version as an integer."},
	{Name: "server_encoding", Kind: String, Context: Internal, Default: "UTF8", Report: true, Category: "Preset Options", Short: "Shows the server (database) character set encoding."},
	{Name: "integer_datetimes", Kind: Bool, Context: Internal, Default: "on", Report: true, Category: "Preset Options", Short: "Shows whether datetimes are integer based."},
	{Name: "block_size", Kind: Int, Context: Internal, Default: "8192", Min: 8192, Max: 8192, Category: "Preset Options", Short: "Shows the size of a disk block."},
	{Name: "max_identifier_length", Kind: Int, Context: Internal, Default: "63", Min: 63, Max: 63, Category: "Preset Options", Short: "Shows the maximum identifier length."},
	{Name: "in_hot_standby", Kind: Bool, Context: Internal, Default: "off", Report: true, Category: "Preset Options", Short: "Shows whether hot standby is currently active."},
	{Name: "is_superuser", Kind: Bool, Context: Internal, Default: "on", Report: true, Category: "Preset Options", Short: "Shows whether the current user is a superuser.", NoShowAll: true},
	{Name: "session_authorization", Kind: String, Context: Internal, Default: "", Report: true, Category: "Preset Options", Short: "Sets the session user name.", NoShowAll: true},
	{Name: "lc_collate", Kind: String, Context: Internal, Default: "C", Category: "Preset Options", Short: "Shows the collation order locale."},
	{Name: "lc_ctype", Kind: String, Context: Internal, Default: "C", Category: "Preset Options", Short: "Shows the character classification and case conversion locale."},
}

// Settings holds one session's values. Values are stored in canonical (SHOW)
// form; typed accessors parse them.
type Settings struct {
	vals map[string]string // lower-case name -> canonical value
	// stack of saved values for transaction-scoped rollback and SET LOCAL.
	txnSaved   map[string]*string
	localSaved map[string]*string
	// Reported receives the names of GUC_REPORT settings whose values changed.
	Reported func(name, value string)
}

// NewSettings returns session settings initialised to the defaults, with the
// given overrides applied as if set at session start (the startup packet).
func NewSettings() *Settings {
	return &Settings{vals: map[string]string{}}
}

// Get returns the SHOW form of a setting.
func (s *Settings) Get(name string) (string, error) {
	d := Lookup(name)
	if d == nil {
		return "", unrecognized(name)
	}
	return s.get(d), nil
}

func (s *Settings) get(d *Def) string {
	if v, ok := s.vals[strings.ToLower(d.Name)]; ok {
		return v
	}
	return d.Default
}

func unrecognized(name string) error {
	return pgerror.Newf(pgerror.UndefinedObject, "unrecognized configuration parameter \"%s\"", strings.ToLower(name))
}

// Bool returns a boolean setting's value.
func (s *Settings) Bool(name string) bool {
	d := mustLookup(name)
	b, _ := parseBool(s.get(d))
	return b
}

// Int returns an integer setting's value in its base unit.
func (s *Settings) Int(name string) int64 {
	d := mustLookup(name)
	v, _ := parseInt(d, s.get(d))
	return v
}

// Float returns a real setting's value.
func (s *Settings) Float(name string) float64 {
	d := mustLookup(name)
	f, _ := strconv.ParseFloat(s.get(d), 64)
	return f
}

// String returns a string or enum setting's value.
func (s *Settings) String(name string) string {
	return s.get(mustLookup(name))
}

func mustLookup(name string) *Def {
	d := Lookup(name)
	if d == nil {
		panic("guc: unknown setting " + name)
	}
	return d
}

// SetOpts controls how Set applies a value.
type SetOpts struct {
	Local bool // SET LOCAL: reverts at transaction end
	// InTxn reports whether a transaction block is open: a plain SET inside
	// one is undone if the transaction aborts.
	InTxn bool
	// Startup allows settings with Backend context (startup packet).
	Startup bool
}

// Set validates value and assigns it to the named setting.
func (s *Settings) Set(name, value string, o SetOpts) error {
	d := Lookup(name)
	if d == nil {
		return unrecognized(name)
	}
	switch d.Context {
	case Internal:
		return pgerror.Newf(pgerror.CantChangeRuntimeParam, "parameter \"%s\" cannot be changed", strings.ToLower(d.Name))
	case Postmaster:
		return pgerror.Newf(pgerror.CantChangeRuntimeParam, "parameter \"%s\" cannot be changed without restarting the server", strings.ToLower(d.Name))
	case Sighup:
		return pgerror.Newf(pgerror.CantChangeRuntimeParam, "parameter \"%s\" cannot be changed now", strings.ToLower(d.Name))
	case Backend:
		if !o.Startup {
			return pgerror.Newf(pgerror.CantChangeRuntimeParam, "parameter \"%s\" cannot be set after connection start", strings.ToLower(d.Name))
		}
	}
	canon, err := Canonicalize(d, value)
	if err != nil {
		return err
	}
	s.assign(d, canon, o)
	return nil
}

// SetDefault resets a setting (RESET name).
func (s *Settings) SetDefault(name string, o SetOpts) error {
	d := Lookup(name)
	if d == nil {
		return unrecognized(name)
	}
	if d.Context == Internal || d.Context == Postmaster || d.Context == Sighup {
		return s.Set(name, d.Default, o)
	}
	s.assign(d, d.Default, o)
	return nil
}

// ResetAll resets every user-settable setting (RESET ALL).
func (s *Settings) ResetAll(o SetOpts) {
	for _, d := range defs {
		if d.Context >= Superuser {
			s.assign(d, d.Default, o)
		}
	}
}

func (s *Settings) assign(d *Def, canon string, o SetOpts) {
	key := strings.ToLower(d.Name)
	old, had := s.vals[key]
	var oldp *string
	if had {
		oldp = &old
	}
	if o.Local {
		if s.localSaved == nil {
			s.localSaved = map[string]*string{}
		}
		if _, saved := s.localSaved[key]; !saved {
			s.localSaved[key] = oldp
		}
	} else if o.InTxn {
		if s.txnSaved == nil {
			s.txnSaved = map[string]*string{}
		}
		if _, saved := s.txnSaved[key]; !saved {
			s.txnSaved[key] = oldp
		}
		// A plain SET supersedes an earlier SET LOCAL in the same transaction.
		delete(s.localSaved, key)
	}
	s.vals[key] = canon
	if d.Report && s.Reported != nil && old != canon {
		s.Reported(d.Name, canon)
	}
}

// EndTransaction applies transaction end: SET LOCAL values revert always;
// plain SETs made in the transaction revert only when it aborted.
func (s *Settings) EndTransaction(committed bool) {
	restore := func(m map[string]*string) {
		for k, v := range m {
			d := Lookup(k)
			cur := s.vals[k]
			if v == nil {
				delete(s.vals, k)
			} else {
				s.vals[k] = *v
			}
			if d != nil && d.Report && s.Reported != nil && s.get(d) != cur {
				s.Reported(d.Name, s.get(d))
			}
		}
	}
	restore(s.localSaved)
	if !committed {
		restore(s.txnSaved)
	}
	s.localSaved, s.txnSaved = nil, nil
}

// Canonicalize validates value for d and returns its SHOW form.
func Canonicalize(d *Def, value string) (string, error) {
	name := strings.ToLower(d.Name)
	switch d.Kind {
	case Bool:
		b, ok := parseBool(value)
		if !ok {
			return "", pgerror.Newf(pgerror.InvalidParameterValue, "parameter \"%s\" requires a Boolean value", name)
		}
		if b {
			return "on", nil
		}
		return "off", nil
	case Int:
		v, err := parseInt(d, value)
		if err != nil {
			return "", err
		}
		if float64(v) < d.Min || float64(v) > d.Max {
			return "", pgerror.Newf(pgerror.InvalidParameterValue, "%s is outside the valid range for parameter \"%s\" (%s .. %s)",
				strconv.FormatInt(v, 10), name, fmtNum(d.Min), fmtNum(d.Max))
		}
		return FormatInt(d, v), nil
	case Real:
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return "", pgerror.Newf(pgerror.InvalidParameterValue, "parameter \"%s\" requires a numeric value", name)
		}
		if f < d.Min || f > d.Max {
			return "", pgerror.Newf(pgerror.InvalidParameterValue, "%s is outside the valid range for parameter \"%s\" (%s .. %s)",
				strconv.FormatFloat(f, 'g', -1, 64), name, fmtNum(d.Min), fmtNum(d.Max))
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case Enum:
		v := strings.ToLower(strings.TrimSpace(value))
		for _, e := range d.Enums {
			if e == v {
				return e, nil
			}
		}
		if (v == "true" || v == "yes" || v == "1") && contains(d.Enums, "on") {
			return "on", nil
		}
		if (v == "false" || v == "no" || v == "0") && contains(d.Enums, "off") {
			return "off", nil
		}
		return "", pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", name, value).
			WithHint("Available values: %s.", strings.Join(d.Enums, ", "))
	default:
		return canonicalString(d, value)
	}
}

func canonicalString(d *Def, value string) (string, error) {
	switch strings.ToLower(d.Name) {
	case "client_encoding":
		v := strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(value, "-", ""), "_", ""))
		if v == "UTF8" || v == "UNICODE" {
			return "UTF8", nil
		}
		if v == "SQLASCII" {
			return "SQL_ASCII", nil
		}
		return "", pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for parameter \"client_encoding\": \"%s\"", value)
	case "datestyle":
		return canonicalDateStyle(value)
	case "timezone":
		if strings.EqualFold(value, "utc") || strings.EqualFold(value, "gmt") || value == "Etc/UTC" {
			return "UTC", nil
		}
		return "", pgerror.Unsupported("time zone \"%s\" is not supported; only UTC is available", value)
	}
	return value, nil
}

func canonicalDateStyle(value string) (string, error) {
	style, order := "ISO", "MDY"
	for _, part := range strings.Split(value, ",") {
		switch strings.ToUpper(strings.TrimSpace(part)) {
		case "ISO":
			style = "ISO"
		case "MDY", "US", "NONEURO", "NONEUROPEAN":
			order = "MDY"
		case "DMY", "EURO", "EUROPEAN":
			order = "DMY"
		case "YMD":
			order = "YMD"
		case "DEFAULT":
		case "SQL", "POSTGRES", "GERMAN":
			return "", pgerror.Unsupported("DateStyle \"%s\" is not supported; only ISO output is available", strings.TrimSpace(part))
		default:
			return "", pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for parameter \"DateStyle\": \"%s\"", value).
				WithDetail("Unrecognized key word: \"%s\".", strings.TrimSpace(part))
		}
	}
	return style + ", " + order, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func fmtNum(f float64) string {
	if f == math.MaxFloat64 {
		return "1.79769e+308"
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "true", "yes", "1", "t", "y":
		return true, true
	case "off", "false", "no", "0", "f", "n", "of":
		return false, true
	}
	return false, false
}

var unitNames = []struct {
	name string
	kb   float64 // memory multiplier relative to kB
	ms   float64 // time multiplier relative to ms
}{
	{"TB", 1024 * 1024 * 1024, 0}, {"GB", 1024 * 1024, 0}, {"MB", 1024, 0}, {"kB", 1, 0}, {"B", 1.0 / 1024, 0},
	{"d", 0, 86400000}, {"h", 0, 3600000}, {"min", 0, 60000}, {"s", 0, 1000}, {"ms", 0, 1}, {"us", 0, 0.001},
}

// parseInt parses an integer setting, honouring unit suffixes as PG does.
func parseInt(d *Def, value string) (int64, error) {
	v := strings.TrimSpace(value)
	num := v
	suffix := ""
	for i, r := range v {
		if !(r >= '0' && r <= '9' || r == '-' || r == '+' || r == '.') {
			num, suffix = v[:i], strings.TrimSpace(v[i:])
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", strings.ToLower(d.Name), value)
	}
	if suffix == "" {
		if f != math.Trunc(f) {
			return 0, pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", strings.ToLower(d.Name), value)
		}
		return int64(f), nil
	}
	for _, u := range unitNames {
		if u.name != suffix {
			continue
		}
		switch d.Unit {
		case UnitKB, UnitBlocks:
			if u.kb == 0 {
				break
			}
			kb := f * u.kb
			if d.Unit == UnitBlocks {
				return int64(math.Round(kb / 8)), nil
			}
			return int64(math.Round(kb)), nil
		case UnitMS, UnitS, UnitMin:
			if u.ms == 0 {
				break
			}
			ms := f * u.ms
			div := map[Unit]float64{UnitMS: 1, UnitS: 1000, UnitMin: 60000}[d.Unit]
			return int64(math.Round(ms / div)), nil
		}
	}
	hint := "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\"."
	if d.Unit == UnitMS || d.Unit == UnitS || d.Unit == UnitMin {
		hint = "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\"."
	}
	if d.Unit == NoUnit {
		return 0, pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", strings.ToLower(d.Name), value)
	}
	return 0, pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", strings.ToLower(d.Name), value).WithHint("%s", hint)
}

// FormatInt renders v (in d's base unit) as SHOW does: the largest unit that
// divides it exactly.
func FormatInt(d *Def, v int64) string {
	switch d.Unit {
	case UnitKB, UnitBlocks:
		kb := v
		if d.Unit == UnitBlocks {
			kb = v * 8
		}
		if kb == 0 {
			return "0"
		}
		if d.Unit == UnitBlocks && v == -1 {
			return "-1"
		}
		for _, u := range []struct {
			n string
			m int64
		}{{"TB", 1 << 30}, {"GB", 1 << 20}, {"MB", 1 << 10}} {
			if kb%u.m == 0 {
				return fmt.Sprintf("%d%s", kb/u.m, u.n)
			}
		}
		return fmt.Sprintf("%dkB", kb)
	case UnitMS, UnitS, UnitMin:
		if v == 0 {
			return "0"
		}
		mult := map[Unit]int64{UnitMS: 1, UnitS: 1000, UnitMin: 60000}[d.Unit]
		ms := v * mult
		for _, u := range []struct {
			n string
			m int64
		}{{"d", 86400000}, {"h", 3600000}, {"min", 60000}, {"s", 1000}, {"ms", 1}} {
			if u.m >= mult && ms%u.m == 0 {
				return fmt.Sprintf("%d%s", ms/u.m, u.n)
			}
		}
		return strconv.FormatInt(v, 10)
	}
	return strconv.FormatInt(v, 10)
}

// UnitName returns the pg_settings.unit text for d.
func (d *Def) UnitName() string {
	switch d.Unit {
	case UnitKB:
		return "kB"
	case UnitBlocks:
		return "8kB"
	case UnitMS:
		return "ms"
	case UnitS:
		return "s"
	case UnitMin:
		return "min"
	}
	return ""
}

// Reported returns the current values of every GUC_REPORT setting, for the
// ParameterStatus messages sent at startup.
func (s *Settings) ReportedValues() map[string]string {
	out := map[string]string{}
	for _, d := range defs {
		if d.Report {
			out[d.Name] = s.get(d)
		}
	}
	return out
}
