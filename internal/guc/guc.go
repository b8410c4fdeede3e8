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
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
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
	// HiddenEnums maps spellings an Enum accepts but does not list (PG's
	// hidden config_enum_entry rows) to the value SHOW then prints.
	HiddenEnums map[string]string
	// Unsupported lists enum values PG accepts that loomdb does not
	// implement; setting one fails with feature_not_supported.
	Unsupported []string
	Short       string
	Category    string
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
func Lookup(name string) *Def {
	key := strings.ToLower(name)
	if n, ok := aliases[key]; ok {
		key = n
	}
	return defs[key]
}

// aliases maps other names of settings to the ones PostgreSQL 15 uses (as
// PG's map_old_guc_names does the other way round): PG 16 renamed
// force_parallel_mode to debug_parallel_query.
var aliases = map[string]string{"debug_parallel_query": "force_parallel_mode"}

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
	{Name: "recursive_worktable_factor", Kind: Real, Context: User, Default: "10", Min: 0.001, Max: 1e6, Category: "Query Tuning / Other Planner Options", Short: "Sets the planner's estimate of the average size of a recursive query's working table."},
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
	{Name: "password_encryption", Kind: Enum, Context: User, Default: "scram-sha-256", Enums: []string{"md5", "scram-sha-256"}, Category: "Connections and Authentication / Authentication", Short: "Chooses the algorithm for encrypting passwords."},
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
	{Name: "client_min_messages", Kind: Enum, Context: User, Default: "notice", Enums: []string{"debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error"}, HiddenEnums: map[string]string{"debug": "debug2", "info": "info"}, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the message levels that are sent to the client."},
	{Name: "DateStyle", Kind: String, Context: User, Default: "ISO, MDY", Report: true, Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the display format for date and time values."},
	{Name: "IntervalStyle", Kind: Enum, Context: User, Default: "postgres", Report: true, Enums: []string{"postgres", "postgres_verbose", "sql_standard", "iso_8601"}, Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the display format for interval values."},
	{Name: "TimeZone", Kind: String, Context: User, Default: "UTC", Report: true, Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the time zone for displaying and interpreting time stamps."},
	{Name: "extra_float_digits", Kind: Int, Context: User, Default: "1", Min: -15, Max: 3, Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the number of digits displayed for floating-point values."},
	{Name: "client_encoding", Kind: String, Context: User, Default: "UTF8", Report: true, Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the client's character set encoding."},
	{Name: "lc_messages", Kind: String, Context: Superuser, Default: "C", Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the language in which messages are displayed."},
	{Name: "lc_monetary", Kind: String, Context: User, Default: "C", Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the locale for formatting monetary amounts."},
	{Name: "lc_numeric", Kind: String, Context: User, Default: "C", Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the locale for formatting numbers."},
	{Name: "lc_time", Kind: String, Context: User, Default: "C", Category: "Client Connection Defaults / Locale and Formatting", Short: "Sets the locale for formatting date and time values."},
	{Name: "bytea_output", Kind: Enum, Context: User, Default: "hex", Enums: []string{"escape", "hex"}, Unsupported: []string{"escape"}, Category: "Client Connection Defaults / Statement Behavior", Short: "Sets the output format for bytea."},
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
	// startup holds the values the startup packet gave (pg_settings'
	// source "client" and reset_val).
	startup map[string]string
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
	return show(d, s.get(d)), nil
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
	b, _ := types.ParseBool(s.get(d))
	return b
}

// Int returns an integer setting's value in its base unit.
func (s *Settings) Int(name string) int64 {
	d := mustLookup(name)
	v, _, _ := parseInt(d, s.get(d))
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
	prev := s.get(d)
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
			// The value to restore on abort is the one from before the
			// transaction: if a SET LOCAL came first, the one it saved.
			if lp, ok := s.localSaved[key]; ok {
				s.txnSaved[key] = lp
			} else {
				s.txnSaved[key] = oldp
			}
		}
		// A plain SET supersedes an earlier SET LOCAL in the same transaction.
		delete(s.localSaved, key)
	}
	s.vals[key] = canon
	if o.Startup {
		if s.startup == nil {
			s.startup = map[string]string{}
		}
		s.startup[key] = canon
	}
	if d.Report && s.Reported != nil && prev != canon {
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

// Canonicalize validates value for d and returns the form it is stored in:
// the SHOW form for every kind but Real, whose full-precision value is kept
// (SHOW prints it with %g, as PG does, but the planner uses every digit).
// It follows parse_and_validate_value in PG's guc.c.
func Canonicalize(d *Def, value string) (string, error) {
	name := strings.ToLower(d.Name)
	switch d.Kind {
	case Bool:
		b, ok := types.ParseBool(value)
		if !ok {
			return "", pgerror.Newf(pgerror.InvalidParameterValue, "parameter \"%s\" requires a Boolean value", name)
		}
		if b {
			return "on", nil
		}
		return "off", nil
	case Int:
		v, hint, ok := parseInt(d, value)
		if !ok {
			return "", invalidValue(name, value, hint)
		}
		if float64(v) < d.Min || float64(v) > d.Max {
			return "", pgerror.Newf(pgerror.InvalidParameterValue, "%d%s is outside the valid range for parameter \"%s\" (%d .. %d)",
				v, unitSuffix(d), name, int64(d.Min), int64(d.Max))
		}
		return FormatInt(d, v), nil
	case Real:
		f, ok := parseReal(value)
		if !ok {
			return "", invalidValue(name, value, "")
		}
		if f < d.Min || f > d.Max {
			return "", pgerror.Newf(pgerror.InvalidParameterValue, "%s%s is outside the valid range for parameter \"%s\" (%s .. %s)",
				fmtNum(f), unitSuffix(d), name, fmtNum(d.Min), fmtNum(d.Max))
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case Enum:
		// PG compares enum names case-insensitively and without trimming.
		v := strings.ToLower(value)
		for _, e := range d.Enums {
			if e == v {
				if contains(d.Unsupported, e) {
					return "", pgerror.Unsupported("%s = %s is not supported", name, e)
				}
				return e, nil
			}
		}
		if canon, ok := d.HiddenEnums[v]; ok {
			return canon, nil
		}
		if contains(d.Enums, "on") && contains(d.Enums, "off") {
			// The hidden boolean spellings of on/off enums (PG:
			// synchronous_commit_options, force_parallel_mode_options).
			switch v {
			case "true", "yes", "1":
				return "on", nil
			case "false", "no", "0":
				return "off", nil
			}
		}
		return "", invalidValue(name, value, "Available values: "+strings.Join(d.Enums, ", ")+".")
	default:
		return canonicalString(d, value)
	}
}

func invalidValue(name, value, hint string) error {
	e := pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", name, value)
	if hint != "" {
		e = e.WithHint("%s", hint)
	}
	return e
}

// unitSuffix is " kB", " 8kB", " ms"... for range errors, or "" without a unit.
func unitSuffix(d *Def) string {
	if u := d.UnitName(); u != "" {
		return " " + u
	}
	return ""
}

// show returns the SHOW form of a stored value.
func show(d *Def, stored string) string {
	if d.Kind == Real {
		if f, err := strconv.ParseFloat(stored, 64); err == nil {
			return fmtNum(f)
		}
	}
	return stored
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
		if _, name, ok := types.LoadZone(value); ok {
			return name, nil
		}
		if types.IsPosixZone(value) {
			return "", pgerror.Unsupported("POSIX time zone specification \"%s\" is not supported", value)
		}
		return "", pgerror.Newf(pgerror.InvalidParameterValue, "invalid value for parameter \"TimeZone\": \"%s\"", value)
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
		case "DMY", "EURO", "EUROPEAN", "YMD":
			// Date input reads only month-day-year order so far.
			return "", pgerror.Unsupported("DateStyle \"%s\" is not supported; only MDY input order is available", strings.TrimSpace(part))
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

// fmtNum formats f as C's printf("%g") does, which is how PG prints real
// settings and the bounds in range errors.
func fmtNum(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case math.IsNaN(f):
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// isSpace is C's isspace in the C locale.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// strtol parses a prefix of s as C's strtol(s, &end, 0): leading
// whitespace, a sign, then hex (0x), octal (leading 0) or decimal digits.
// It returns the value, the length consumed (0 when there are no digits)
// and whether the value overflowed 64 bits.
func strtol(s string) (v int64, n int, overflow bool) {
	i := skipSpace(s, 0)
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	base := uint64(10)
	if i+2 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') && hexVal(s[i+2]) >= 0 {
		base = 16
		i += 2
	} else if i < len(s) && s[i] == '0' {
		base = 8
	}
	start := i
	var u uint64
	for i < len(s) {
		dv := hexVal(s[i])
		if dv < 0 || uint64(dv) >= base {
			break
		}
		if u > (math.MaxUint64-uint64(dv))/base {
			overflow = true
		} else {
			u = u*base + uint64(dv)
		}
		i++
	}
	if i == start {
		return 0, 0, false
	}
	if neg {
		if u > 1<<63 {
			overflow = true
		}
		v = -int64(u)
	} else {
		if u > math.MaxInt64 {
			overflow = true
		}
		v = int64(u)
	}
	return v, i, overflow
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// strtod parses a prefix of s as C's strtod: leading whitespace, a sign,
// then a decimal number with optional fraction and exponent, a hex number,
// or inf/infinity/nan. It returns the value, the length consumed (0 when
// nothing parses) and whether the value is out of range.
func strtod(s string) (f float64, n int, outOfRange bool) {
	i := skipSpace(s, 0)
	numStart := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	rest := strings.ToLower(s[i:])
	for _, w := range []string{"infinity", "inf", "nan"} {
		if strings.HasPrefix(rest, w) {
			v, _ := strconv.ParseFloat(s[numStart:i+len(w)], 64)
			return v, i + len(w), false
		}
	}
	if strings.HasPrefix(rest, "0x") && i+2 < len(s) && (hexVal(s[i+2]) >= 0 || s[i+2] == '.') {
		j := i + 2
		digits := 0
		for j < len(s) && hexVal(s[j]) >= 0 {
			j, digits = j+1, digits+1
		}
		if j < len(s) && s[j] == '.' {
			j++
			for j < len(s) && hexVal(s[j]) >= 0 {
				j, digits = j+1, digits+1
			}
		}
		if digits > 0 {
			mant := s[numStart:j]
			end := j
			if j < len(s) && (s[j] == 'p' || s[j] == 'P') {
				k := j + 1
				if k < len(s) && (s[k] == '+' || s[k] == '-') {
					k++
				}
				if k < len(s) && s[k] >= '0' && s[k] <= '9' {
					for k < len(s) && s[k] >= '0' && s[k] <= '9' {
						k++
					}
					end = k
				}
			}
			lit := mant + "p0"
			if end > j {
				lit = s[numStart:end]
			}
			v, err := strconv.ParseFloat(lit, 64)
			return v, end, err != nil
		}
	}
	j := i
	digits := 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j, digits = j+1, digits+1
	}
	if j < len(s) && s[j] == '.' {
		j++
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j, digits = j+1, digits+1
		}
	}
	if digits == 0 {
		return 0, 0, false
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && s[k] >= '0' && s[k] <= '9' {
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			j = k
		}
	}
	v, err := strconv.ParseFloat(s[numStart:j], 64)
	return v, j, err != nil
}

// parseReal parses a real setting as PG's parse_real (no real setting here
// has a unit).
func parseReal(value string) (float64, bool) {
	f, n, outOfRange := strtod(value)
	if n == 0 || outOfRange || math.IsNaN(f) {
		return 0, false
	}
	if skipSpace(value, n) != len(value) {
		return 0, false
	}
	return f, true
}

// unitConv is one row of PG's memory_unit_conversion_table or
// time_unit_conversion_table: how many base units one unit is.
type unitConv struct {
	name string
	mult float64
}

// unitTable returns, for d's base unit, the conversions from the greatest
// unit to the smallest (PG: memory_unit_conversion_table and
// time_unit_conversion_table with BLCKSZ 8192).
func unitTable(u Unit) []unitConv {
	switch u {
	case UnitKB:
		return []unitConv{{"TB", 1024.0 * 1024.0 * 1024.0}, {"GB", 1024.0 * 1024.0}, {"MB", 1024.0}, {"kB", 1.0}, {"B", 1.0 / 1024.0}}
	case UnitBlocks:
		return []unitConv{{"TB", (1024.0 * 1024.0 * 1024.0) / 8}, {"GB", (1024.0 * 1024.0) / 8}, {"MB", 1024.0 / 8}, {"kB", 1.0 / 8}, {"B", 1.0 / 8192}}
	case UnitMS:
		return []unitConv{{"d", 1000 * 60 * 60 * 24}, {"h", 1000 * 60 * 60}, {"min", 1000 * 60}, {"s", 1000}, {"ms", 1}, {"us", 1.0 / 1000}}
	case UnitS:
		return []unitConv{{"d", 60 * 60 * 24}, {"h", 60 * 60}, {"min", 60}, {"s", 1}, {"ms", 1.0 / 1000}, {"us", 1.0 / (1000 * 1000)}}
	case UnitMin:
		return []unitConv{{"d", 60 * 24}, {"h", 60}, {"min", 1}, {"s", 1.0 / 60}, {"ms", 1.0 / (1000 * 60)}, {"us", 1.0 / (1000 * 1000 * 60)}}
	}
	return nil
}

// parseInt parses an integer setting as PG's parse_int: a C integer (hex
// and octal allowed) or, when followed by '.' or 'e', a C double; then an
// optional unit, converted to d's base unit with rounding to the next
// smaller unit; then rounding half to even. On failure it returns PG's
// hint, if any.
func parseInt(d *Def, value string) (int64, string, bool) {
	iv, n, overflow := strtol(value)
	val := float64(iv)
	// Like strtol, n is 0 (the start of the string) when there are no digits.
	if overflow || n < len(value) && (value[n] == '.' || value[n] == 'e' || value[n] == 'E') {
		var bad bool
		val, n, bad = strtod(value)
		if bad {
			return 0, "", false
		}
	}
	if n == 0 || math.IsNaN(val) {
		return 0, "", false
	}
	rest := value[skipSpace(value, n):]
	if rest != "" {
		table := unitTable(d.Unit)
		if table == nil {
			return 0, "", false // this setting does not accept a unit
		}
		unit := strings.TrimRightFunc(rest, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
		converted := false
		if !strings.ContainsFunc(unit, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) }) {
			for i, u := range table {
				if u.name != unit {
					continue
				}
				c := val * u.mult
				// A fractional value such as "30.1GB" is rounded to a
				// multiple of the next smaller unit first.
				if i+1 < len(table) {
					next := table[i+1].mult
					c = math.RoundToEven(c/next) * next
				}
				val, converted = c, true
				break
			}
		}
		if !converted {
			if d.Unit == UnitKB || d.Unit == UnitBlocks {
				return 0, "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".", false
			}
			return 0, "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".", false
		}
	}
	val = math.RoundToEven(val)
	if val > math.MaxInt32 || val < math.MinInt32 {
		return 0, "Value exceeds integer range.", false
	}
	return int64(val), "", true
}

// FormatInt renders v (in d's base unit) as SHOW does: positive values in
// the greatest unit that divides them exactly (PG: _ShowOption and
// convert_int_from_base_unit).
func FormatInt(d *Def, v int64) string {
	table := unitTable(d.Unit)
	if v <= 0 || table == nil {
		return strconv.FormatInt(v, 10)
	}
	for _, u := range table {
		if u.mult <= 1.0 || v%int64(u.mult) == 0 {
			return strconv.FormatInt(int64(math.RoundToEven(float64(v)/u.mult)), 10) + u.name
		}
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
