// Tests for the settings registry: SET/SHOW canonical forms with units,
// range and syntax errors with PostgreSQL 15's exact messages and SQLSTATEs,
// boolean and enum spellings, contexts (read-only and restart-only
// settings), SET LOCAL and transaction-end rollback, and the ParameterStatus
// callback for GUC_REPORT settings. Expected values were taken from a
// PostgreSQL 15 server.
package guc

import (
	"sort"
	"strings"
	"testing"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// wantErr checks that err is a *pgerror.Error with the given SQLSTATE,
// message and hint.
func wantErr(t *testing.T, err error, code, msg, hint string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s %q", code, msg)
	}
	pe, ok := pgerror.As(err)
	if !ok {
		t.Fatalf("error %v (%T) is not a *pgerror.Error", err, err)
	}
	if pe.Code != code || pe.Message != msg || pe.Hint != hint {
		t.Fatalf("got %s %q hint %q\nwant %s %q hint %q", pe.Code, pe.Message, pe.Hint, code, msg, hint)
	}
}

func TestSetShowCanonicalForms(t *testing.T) {
	cases := []struct{ name, value, show string }{
		// Memory in kB.
		{"work_mem", "64MB", "64MB"},
		{"work_mem", "1GB", "1GB"},
		{"work_mem", "1024", "1MB"},
		{"work_mem", "1000", "1000kB"},
		{"work_mem", "1.5MB", "1536kB"},
		{"work_mem", "10 MB", "10MB"},
		{"work_mem", "1024kB", "1MB"},
		{"work_mem", " 100 ", "100kB"},
		{"work_mem", "+100", "100kB"},
		{"work_mem", "0x100", "256kB"}, // strtol base 0: hex
		{"work_mem", "0100", "64kB"},   // ... and octal
		{"work_mem", "1e3", "1000kB"},
		{"work_mem", "0.5GB", "512MB"},
		{"work_mem", "2047GB", "2047GB"},
		{"work_mem", "1TB", "1TB"},
		// Fractions round to the next smaller unit before rounding to
		// the base unit: 30.1GB is 30822.4MB, so 30822MB.
		{"work_mem", "30.1GB", "30822MB"},
		{"WORK_MEM", "2MB", "2MB"},
		// Memory in 8kB blocks.
		{"temp_buffers", "1MB", "1MB"},
		{"temp_buffers", "1000", "8000kB"},
		{"temp_buffers", "800kB", "800kB"},
		{"temp_buffers", "801kB", "800kB"},
		{"temp_buffers", "804kB", "800kB"}, // 100.5 blocks rounds half to even
		{"temp_buffers", "1.01MB", "1032kB"},
		{"min_parallel_table_scan_size", "0", "0"},
		{"min_parallel_table_scan_size", "16MB", "16MB"},
		// Time in ms.
		{"statement_timeout", "1.5s", "1500ms"},
		{"statement_timeout", "60000", "1min"},
		{"statement_timeout", "90min", "90min"},
		{"statement_timeout", "100us", "0"},
		{"statement_timeout", "2.5", "2ms"}, // rint: half to even
		{"statement_timeout", "1d", "1d"},
		{"statement_timeout", "25h", "25h"},
		{"statement_timeout", "3600001", "3600001ms"},
		{"statement_timeout", "0.5min", "30s"},
		{"statement_timeout", "1.0004s", "1s"},
		{"statement_timeout", "-0", "0"},
		// Plain integers round half to even too.
		{"max_parallel_workers_per_gather", "2.5", "2"},
		{"max_parallel_workers_per_gather", "3.5", "4"},
		{"extra_float_digits", "-15", "-15"},
		// Reals: SHOW prints %g.
		{"random_page_cost", "1.50", "1.5"},
		{"random_page_cost", "0.123456789", "0.123457"},
		{"random_page_cost", "1234567", "1.23457e+06"},
		{"random_page_cost", " 2 ", "2"},
		{"random_page_cost", " 1.5e0 ", "1.5"},
		{"random_page_cost", "0x10", "16"},
		{"cpu_operator_cost", "1e-4", "0.0001"},
		// Strings.
		{"application_name", "psql", "psql"},
		{"DateStyle", "iso, us", "ISO, MDY"},
		{"client_encoding", "unicode", "UTF8"},
	}
	for _, c := range cases {
		s := NewSettings()
		if err := s.Set(c.name, c.value, SetOpts{}); err != nil {
			t.Errorf("SET %s = '%s': %v", c.name, c.value, err)
			continue
		}
		got, err := s.Get(c.name)
		if err != nil || got != c.show {
			t.Errorf("SET %s = '%s'; SHOW = %q, %v; want %q", c.name, c.value, got, err, c.show)
		}
	}
}

func TestSetErrors(t *testing.T) {
	const memHint = `Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".`
	const timeHint = `Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".`
	cases := []struct{ name, value, code, msg, hint string }{
		{"work_mem", "63", "22023", `63 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)`, ""},
		{"work_mem", "2048 B", "22023", `2 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)`, ""},
		{"work_mem", "100B", "22023", `0 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)`, ""},
		{"work_mem", "1.5", "22023", `2 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)`, ""},
		{"work_mem", "2.5", "22023", `2 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)`, ""},
		{"work_mem", ".5", "22023", `0 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)`, ""},
		{"work_mem", "3TB", "22023", `invalid value for parameter "work_mem": "3TB"`, "Value exceeds integer range."},
		{"work_mem", "99999999999", "22023", `invalid value for parameter "work_mem": "99999999999"`, "Value exceeds integer range."},
		{"work_mem", "10mb", "22023", `invalid value for parameter "work_mem": "10mb"`, memHint},
		{"work_mem", "100 M B", "22023", `invalid value for parameter "work_mem": "100 M B"`, memHint},
		{"work_mem", "100MBx", "22023", `invalid value for parameter "work_mem": "100MBx"`, memHint},
		{"work_mem", "abc", "22023", `invalid value for parameter "work_mem": "abc"`, ""},
		{"work_mem", "nan", "22023", `invalid value for parameter "work_mem": "nan"`, ""},
		{"work_mem", "1e400", "22023", `invalid value for parameter "work_mem": "1e400"`, ""},
		{"temp_buffers", "50", "22023", `50 8kB is outside the valid range for parameter "temp_buffers" (100 .. 1073741823)`, ""},
		{"statement_timeout", "-1", "22023", `-1 ms is outside the valid range for parameter "statement_timeout" (0 .. 2147483647)`, ""},
		{"statement_timeout", "1 kB", "22023", `invalid value for parameter "statement_timeout": "1 kB"`, timeHint},
		{"max_parallel_workers_per_gather", "2000", "22023", `2000 is outside the valid range for parameter "max_parallel_workers_per_gather" (0 .. 1024)`, ""},
		{"max_parallel_workers_per_gather", "-1", "22023", `-1 is outside the valid range for parameter "max_parallel_workers_per_gather" (0 .. 1024)`, ""},
		{"max_parallel_workers_per_gather", "2 kB", "22023", `invalid value for parameter "max_parallel_workers_per_gather": "2 kB"`, ""},
		{"extra_float_digits", "4", "22023", `4 is outside the valid range for parameter "extra_float_digits" (-15 .. 3)`, ""},
		{"hash_mem_multiplier", "0.5", "22023", `0.5 is outside the valid range for parameter "hash_mem_multiplier" (1 .. 1000)`, ""},
		{"hash_mem_multiplier", "abc", "22023", `invalid value for parameter "hash_mem_multiplier": "abc"`, ""},
		{"seq_page_cost", "-1", "22023", `-1 is outside the valid range for parameter "seq_page_cost" (0 .. 1.79769e+308)`, ""},
		{"random_page_cost", "nan", "22023", `invalid value for parameter "random_page_cost": "nan"`, ""},
		{"random_page_cost", "inf", "22023", `Infinity is outside the valid range for parameter "random_page_cost" (0 .. 1.79769e+308)`, ""},
		{"random_page_cost", "1e400", "22023", `invalid value for parameter "random_page_cost": "1e400"`, ""},
		{"random_page_cost", "1 kB", "22023", `invalid value for parameter "random_page_cost": "1 kB"`, ""},
		{"enable_seqscan", "o", "22023", `parameter "enable_seqscan" requires a Boolean value`, ""},
		{"enable_seqscan", "2", "22023", `parameter "enable_seqscan" requires a Boolean value`, ""},
		{"enable_seqscan", " on", "22023", `parameter "enable_seqscan" requires a Boolean value`, ""},
		{"enable_seqscan", "onn", "22023", `parameter "enable_seqscan" requires a Boolean value`, ""},
		{"enable_seqscan", "0.0", "22023", `parameter "enable_seqscan" requires a Boolean value`, ""},
		{"force_parallel_mode", "maybe", "22023", `invalid value for parameter "force_parallel_mode": "maybe"`, "Available values: off, on, regress."},
		{"force_parallel_mode", " on", "22023", `invalid value for parameter "force_parallel_mode": " on"`, "Available values: off, on, regress."},
		// Accepted by PG, not implemented here: an error, never ignored.
		{"DateStyle", "ISO, DMY", "0A000", `DateStyle "DMY" is not supported; only MDY input order is available`, ""},
		{"bytea_output", "escape", "0A000", "bytea_output = escape is not supported", ""},
		{"debug_parallel_query", "maybe", "22023", `invalid value for parameter "force_parallel_mode": "maybe"`, "Available values: off, on, regress."},
		{"client_min_messages", "bogus", "22023", `invalid value for parameter "client_min_messages": "bogus"`,
			"Available values: debug5, debug4, debug3, debug2, debug1, log, notice, warning, error."},
		{"IntervalStyle", "bogus", "22023", `invalid value for parameter "intervalstyle": "bogus"`,
			"Available values: postgres, postgres_verbose, sql_standard, iso_8601."},
		// Unknown settings.
		{"foo", "1", "42704", `unrecognized configuration parameter "foo"`, ""},
		{"FOO", "1", "42704", `unrecognized configuration parameter "foo"`, ""},
		// Contexts.
		{"server_version", "1", "55P02", `parameter "server_version" cannot be changed`, ""},
		{"server_version_num", "1", "55P02", `parameter "server_version_num" cannot be changed`, ""},
		{"block_size", "8192", "55P02", `parameter "block_size" cannot be changed`, ""},
		{"max_connections", "5", "55P02", `parameter "max_connections" cannot be changed without restarting the server`, ""},
		{"fsync", "off", "55P02", `parameter "fsync" cannot be changed now`, ""},
	}
	for _, c := range cases {
		t.Run(c.name+"="+c.value, func(t *testing.T) {
			s := NewSettings()
			before, _ := s.Get(c.name)
			wantErr(t, s.Set(c.name, c.value, SetOpts{}), c.code, c.msg, c.hint)
			if after, _ := s.Get(c.name); after != before {
				t.Errorf("failed SET changed the value from %q to %q", before, after)
			}
		})
	}
}

func TestBooleanSpellings(t *testing.T) {
	cases := map[string]string{
		"yes": "on", "ye": "on", "y": "on", "of": "off", "off": "off", "1": "on", "0": "off",
		"TRUE": "on", "tr": "on", "t": "on", "fal": "off", "f": "off", "no": "off", "n": "off", "On": "on", "OFF": "off",
	}
	for in, want := range cases {
		s := NewSettings()
		if err := s.Set("enable_seqscan", in, SetOpts{}); err != nil {
			t.Errorf("SET enable_seqscan = '%s': %v", in, err)
			continue
		}
		if got, _ := s.Get("enable_seqscan"); got != want {
			t.Errorf("SET enable_seqscan = '%s'; SHOW = %q, want %q", in, got, want)
		}
		if s.Bool("enable_seqscan") != (want == "on") {
			t.Errorf("Bool(enable_seqscan) after '%s' = %v", in, s.Bool("enable_seqscan"))
		}
	}
}

func TestEnumSpellings(t *testing.T) {
	cases := []struct{ name, value, show string }{
		{"force_parallel_mode", "REGRESS", "regress"},
		{"force_parallel_mode", "1", "on"},
		{"force_parallel_mode", "yes", "on"},
		{"force_parallel_mode", "false", "off"},
		{"debug_parallel_query", "Regress", "regress"},
		{"debug_parallel_query", "on", "on"},
		{"debug_parallel_query", "true", "on"},
		{"debug_parallel_query", "0", "off"},
		{"synchronous_commit", "true", "on"},
		{"synchronous_commit", "remote_apply", "remote_apply"},
		{"client_min_messages", "info", "info"},    // hidden value
		{"client_min_messages", "debug", "debug2"}, // hidden alias
		{"client_min_messages", "WARNING", "warning"},
		{"default_transaction_isolation", "Serializable", "serializable"},
	}
	for _, c := range cases {
		s := NewSettings()
		if err := s.Set(c.name, c.value, SetOpts{}); err != nil {
			t.Errorf("SET %s = '%s': %v", c.name, c.value, err)
			continue
		}
		if got := s.String(c.name); got != c.show {
			t.Errorf("SET %s = '%s'; SHOW = %q, want %q", c.name, c.value, got, c.show)
		}
	}
	// An enum without on/off does not take boolean spellings.
	s := NewSettings()
	wantErr(t, s.Set("bytea_output", "true", SetOpts{}), "22023", `invalid value for parameter "bytea_output": "true"`, "Available values: escape, hex.")
}

func TestUnknownSetting(t *testing.T) {
	s := NewSettings()
	_, err := s.Get("No_Such_Setting")
	wantErr(t, err, "42704", `unrecognized configuration parameter "no_such_setting"`, "")
	wantErr(t, s.SetDefault("foo", SetOpts{}), "42704", `unrecognized configuration parameter "foo"`, "")
	if Lookup("foo") != nil {
		t.Error("Lookup(foo) != nil")
	}
	if d := Lookup("WORK_MEM"); d == nil || d.Name != "work_mem" {
		t.Errorf("Lookup(WORK_MEM) = %v", d)
	}
}

func TestResetReadOnly(t *testing.T) {
	s := NewSettings()
	wantErr(t, s.SetDefault("server_version", SetOpts{}), "55P02", `parameter "server_version" cannot be changed`, "")
	wantErr(t, s.SetDefault("shared_buffers", SetOpts{}), "55P02", `parameter "shared_buffers" cannot be changed without restarting the server`, "")
	// Backend-context settings are settable only in the startup packet; the
	// registry has none today, so check the Startup path of a user setting.
	if err := s.Set("application_name", "app", SetOpts{Startup: true}); err != nil {
		t.Fatal(err)
	}
	// RESET ALL leaves read-only settings alone.
	before, _ := s.Get("server_version")
	s.ResetAll(SetOpts{})
	if after, _ := s.Get("server_version"); after != before {
		t.Errorf("RESET ALL changed server_version %q -> %q", before, after)
	}
	if got, _ := s.Get("application_name"); got != "" {
		t.Errorf("RESET ALL left application_name = %q", got)
	}
}

// TestDefaults checks SHOW of defaults, ranges, units and contexts against
// PostgreSQL 15's pg_settings (boot values).
func TestDefaults(t *testing.T) {
	cases := []struct {
		name, show, unit, context string
		min, max                  float64
	}{
		{"work_mem", "4MB", "kB", "user", 64, 2147483647},
		{"maintenance_work_mem", "64MB", "kB", "user", 1024, 2147483647},
		{"temp_buffers", "8MB", "8kB", "user", 100, 1073741823},
		{"shared_buffers", "128MB", "8kB", "postmaster", 16, 1073741823},
		{"effective_cache_size", "4GB", "8kB", "user", 1, 2147483647},
		{"min_parallel_table_scan_size", "8MB", "8kB", "user", 0, 715827882},
		{"min_parallel_index_scan_size", "512kB", "8kB", "user", 0, 715827882},
		{"checkpoint_timeout", "5min", "s", "sighup", 30, 86400},
		{"statement_timeout", "0", "ms", "user", 0, 2147483647},
		{"lock_timeout", "0", "ms", "user", 0, 2147483647},
		{"idle_in_transaction_session_timeout", "0", "ms", "user", 0, 2147483647},
		{"max_parallel_workers_per_gather", "2", "", "user", 0, 1024},
		{"max_parallel_workers", "8", "", "user", 0, 1024},
		{"max_parallel_maintenance_workers", "2", "", "user", 0, 1024},
		{"max_worker_processes", "8", "", "postmaster", 0, 262143},
		{"max_connections", "100", "", "postmaster", 1, 262143},
		{"default_statistics_target", "100", "", "user", 1, 10000},
		{"extra_float_digits", "1", "", "user", -15, 3},
		{"seq_page_cost", "1", "", "user", 0, 1.79769313486231570814527423731704356798070e+308},
		{"random_page_cost", "4", "", "user", 0, 1.79769313486231570814527423731704356798070e+308},
		{"cpu_tuple_cost", "0.01", "", "user", 0, 1.79769313486231570814527423731704356798070e+308},
		{"cpu_index_tuple_cost", "0.005", "", "user", 0, 1.79769313486231570814527423731704356798070e+308},
		{"cpu_operator_cost", "0.0025", "", "user", 0, 1.79769313486231570814527423731704356798070e+308},
		{"parallel_setup_cost", "1000", "", "user", 0, 1.79769313486231570814527423731704356798070e+308},
		{"parallel_tuple_cost", "0.1", "", "user", 0, 1.79769313486231570814527423731704356798070e+308},
		{"hash_mem_multiplier", "2", "", "user", 1, 1000},
		{"recursive_worktable_factor", "10", "", "user", 0.001, 1e6},
		{"parallel_leader_participation", "on", "", "user", 0, 0},
		{"force_parallel_mode", "off", "", "user", 0, 0},
		{"search_path", `"$user", public`, "", "user", 0, 0},
		{"fsync", "on", "", "sighup", 0, 0},
		{"track_io_timing", "off", "", "superuser", 0, 0},
		{"server_encoding", "UTF8", "", "internal", 0, 0},
		{"block_size", "8192", "", "internal", 8192, 8192},
		{"max_identifier_length", "63", "", "internal", 63, 63},
	}
	s := NewSettings()
	for _, c := range cases {
		d := Lookup(c.name)
		if d == nil {
			t.Errorf("%s: not registered", c.name)
			continue
		}
		if got, _ := s.Get(c.name); got != c.show {
			t.Errorf("SHOW %s = %q, want %q", c.name, got, c.show)
		}
		if d.UnitName() != c.unit || d.Context.String() != c.context {
			t.Errorf("%s: unit %q context %q, want %q %q", c.name, d.UnitName(), d.Context, c.unit, c.context)
		}
		if (d.Kind == Int || d.Kind == Real) && (d.Min != c.min || d.Max != c.max) {
			t.Errorf("%s: range %v .. %v, want %v .. %v", c.name, d.Min, d.Max, c.min, c.max)
		}
	}
	// The default of every setting must itself be a valid value that
	// canonicalizes to itself.
	for _, d := range All() {
		canon, err := Canonicalize(d, d.Default)
		if err != nil {
			t.Errorf("%s: default %q is invalid: %v", d.Name, d.Default, err)
			continue
		}
		if show(d, canon) != show(d, d.Default) {
			t.Errorf("%s: default %q canonicalizes to %q", d.Name, d.Default, canon)
		}
	}
}

func TestTypedAccessors(t *testing.T) {
	s := NewSettings()
	if got := s.Int("work_mem"); got != 4096 {
		t.Errorf("Int(work_mem) = %d, want 4096 (kB)", got)
	}
	if got := s.Int("min_parallel_table_scan_size"); got != 1024 {
		t.Errorf("Int(min_parallel_table_scan_size) = %d, want 1024 (blocks)", got)
	}
	if got := s.Int("checkpoint_timeout"); got != 300 {
		t.Errorf("Int(checkpoint_timeout) = %d, want 300 (s)", got)
	}
	must := func(name, v string) {
		t.Helper()
		if err := s.Set(name, v, SetOpts{}); err != nil {
			t.Fatal(err)
		}
	}
	must("work_mem", "64MB")
	if got := s.Int("work_mem"); got != 65536 {
		t.Errorf("Int(work_mem) = %d, want 65536", got)
	}
	must("statement_timeout", "1.5s")
	if got := s.Int("statement_timeout"); got != 1500 {
		t.Errorf("Int(statement_timeout) = %d, want 1500", got)
	}
	// SHOW rounds a real to 6 digits, but the planner sees every digit.
	must("random_page_cost", "0.123456789")
	if got := s.Float("random_page_cost"); got != 0.123456789 {
		t.Errorf("Float(random_page_cost) = %v, want 0.123456789", got)
	}
	if got := s.Float("cpu_operator_cost"); got != 0.0025 {
		t.Errorf("Float(cpu_operator_cost) = %v", got)
	}
	must("enable_sort", "of")
	if s.Bool("enable_sort") {
		t.Error("Bool(enable_sort) after 'of' = true")
	}
	must("debug_parallel_query", "regress")
	if got := s.String("debug_parallel_query"); got != "regress" {
		t.Errorf("String(debug_parallel_query) = %q", got)
	}
	// PG 15's name and PG 16's are one setting.
	must("force_parallel_mode", "on")
	if got := s.String("debug_parallel_query"); got != "on" {
		t.Errorf("String(debug_parallel_query) after SET force_parallel_mode = %q", got)
	}
}

// txnStep is one statement of a transaction-semantics scenario.
type txnStep struct {
	op    string // "set", "local", "reset", "commit", "rollback", "show"
	value string
}

func TestTransactionSemantics(t *testing.T) {
	// Each scenario starts outside a transaction with work_mem at its
	// default; "begin" is implicit in InTxn. The last "show" values come
	// from running the same statements on PostgreSQL 15.
	cases := []struct {
		name  string
		steps []txnStep
	}{
		{"set rolled back", []txnStep{{"set", "2MB"}, {"show", "2MB"}, {"rollback", ""}, {"show", "4MB"}}},
		{"set committed", []txnStep{{"set", "2MB"}, {"commit", ""}, {"show", "2MB"}}},
		{"local committed", []txnStep{{"local", "2MB"}, {"show", "2MB"}, {"commit", ""}, {"show", "4MB"}}},
		{"local rolled back", []txnStep{{"local", "2MB"}, {"rollback", ""}, {"show", "4MB"}}},
		{"local twice", []txnStep{{"local", "2MB"}, {"local", "5MB"}, {"show", "5MB"}, {"commit", ""}, {"show", "4MB"}}},
		{"local then set, rollback", []txnStep{{"local", "1MB"}, {"set", "2MB"}, {"rollback", ""}, {"show", "4MB"}}},
		{"local then set, commit", []txnStep{{"local", "1MB"}, {"set", "2MB"}, {"commit", ""}, {"show", "2MB"}}},
		{"set then local, commit", []txnStep{{"set", "2MB"}, {"local", "1MB"}, {"show", "1MB"}, {"commit", ""}, {"show", "2MB"}}},
		{"set then local, rollback", []txnStep{{"set", "2MB"}, {"local", "1MB"}, {"rollback", ""}, {"show", "4MB"}}},
		{"reset rolled back", []txnStep{{"set", "3MB"}, {"commit", ""}, {"reset", ""}, {"show", "4MB"}, {"rollback", ""}, {"show", "3MB"}}},
		{"local then reset, commit", []txnStep{{"set", "3MB"}, {"commit", ""}, {"local", "2MB"}, {"reset", ""}, {"commit", ""}, {"show", "4MB"}}},
		{"local then reset, rollback", []txnStep{{"set", "3MB"}, {"commit", ""}, {"local", "2MB"}, {"reset", ""}, {"rollback", ""}, {"show", "3MB"}}},
		{"set across transactions", []txnStep{{"set", "3MB"}, {"commit", ""}, {"set", "5MB"}, {"rollback", ""}, {"show", "3MB"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := NewSettings()
			for i, st := range c.steps {
				var err error
				switch st.op {
				case "set":
					err = s.Set("work_mem", st.value, SetOpts{InTxn: true})
				case "local":
					err = s.Set("work_mem", st.value, SetOpts{InTxn: true, Local: true})
				case "reset":
					err = s.SetDefault("work_mem", SetOpts{InTxn: true})
				case "commit":
					s.EndTransaction(true)
				case "rollback":
					s.EndTransaction(false)
				case "show":
					if got, _ := s.Get("work_mem"); got != st.value {
						t.Fatalf("step %d: SHOW work_mem = %q, want %q", i, got, st.value)
					}
				}
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
			}
		})
	}
}

func TestSetOutsideTransactionSurvivesEnd(t *testing.T) {
	s := NewSettings()
	if err := s.Set("work_mem", "8MB", SetOpts{}); err != nil {
		t.Fatal(err)
	}
	s.EndTransaction(false) // an unrelated later abort
	if got, _ := s.Get("work_mem"); got != "8MB" {
		t.Errorf("SHOW work_mem = %q, want 8MB", got)
	}
}

func TestResetAllInTransaction(t *testing.T) {
	s := NewSettings()
	if err := s.Set("work_mem", "3MB", SetOpts{}); err != nil {
		t.Fatal(err)
	}
	s.ResetAll(SetOpts{InTxn: true})
	if got, _ := s.Get("work_mem"); got != "4MB" {
		t.Errorf("after RESET ALL: %q", got)
	}
	s.EndTransaction(false)
	if got, _ := s.Get("work_mem"); got != "3MB" {
		t.Errorf("after RESET ALL; ROLLBACK: %q, want 3MB", got)
	}
}

func TestReportedCallback(t *testing.T) {
	s := NewSettings()
	var got []string
	s.Reported = func(name, value string) { got = append(got, name+"="+value) }
	check := func(want ...string) {
		t.Helper()
		if strings.Join(got, ";") != strings.Join(want, ";") {
			t.Errorf("reported %q, want %q", got, want)
		}
		got = nil
	}
	// work_mem is not GUC_REPORT.
	if err := s.Set("work_mem", "1MB", SetOpts{}); err != nil {
		t.Fatal(err)
	}
	check()
	if err := s.Set("application_name", "app", SetOpts{}); err != nil {
		t.Fatal(err)
	}
	check("application_name=app")
	// Setting the same value again sends nothing.
	if err := s.Set("application_name", "app", SetOpts{}); err != nil {
		t.Fatal(err)
	}
	check()
	// Setting a report setting to its current default value sends nothing.
	if err := s.Set("DateStyle", "ISO, MDY", SetOpts{}); err != nil {
		t.Fatal(err)
	}
	check()
	if err := s.Set("default_transaction_read_only", "on", SetOpts{InTxn: true}); err != nil {
		t.Fatal(err)
	}
	check("default_transaction_read_only=on")
	s.EndTransaction(false)
	check("default_transaction_read_only=off")
	if err := s.Set("application_name", "tmp", SetOpts{InTxn: true, Local: true}); err != nil {
		t.Fatal(err)
	}
	check("application_name=tmp")
	s.EndTransaction(true)
	check("application_name=app")
	// A commit that changes nothing reports nothing.
	s.EndTransaction(true)
	check()
}

func TestReportedValues(t *testing.T) {
	// PostgreSQL 15's GUC_REPORT settings, sent as ParameterStatus at startup.
	want := []string{"DateStyle", "IntervalStyle", "TimeZone", "application_name", "client_encoding",
		"default_transaction_read_only", "in_hot_standby", "integer_datetimes", "is_superuser",
		"server_encoding", "server_version", "session_authorization", "standard_conforming_strings"}
	s := NewSettings()
	vals := s.ReportedValues()
	var names []string
	for n := range vals {
		names = append(names, n)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("reported settings\n got %v\nwant %v", names, want)
	}
	for n, v := range map[string]string{"DateStyle": "ISO, MDY", "IntervalStyle": "postgres", "client_encoding": "UTF8",
		"integer_datetimes": "on", "standard_conforming_strings": "on", "server_encoding": "UTF8"} {
		if vals[n] != v {
			t.Errorf("%s = %q, want %q", n, vals[n], v)
		}
	}
}

func TestFormatInt(t *testing.T) {
	cases := []struct {
		name string
		v    int64
		want string
	}{
		{"work_mem", 4096, "4MB"},
		{"work_mem", 1 << 30, "1TB"},
		{"work_mem", 1025, "1025kB"},
		{"temp_buffers", 1024, "8MB"},
		{"temp_buffers", 1000, "8000kB"},
		{"temp_buffers", -1, "-1"},
		{"statement_timeout", 86400000, "1d"},
		{"statement_timeout", 7200000, "2h"},
		{"statement_timeout", 1500, "1500ms"},
		{"statement_timeout", 0, "0"},
		{"checkpoint_timeout", 300, "5min"},
		{"checkpoint_timeout", 301, "301s"},
		{"checkpoint_timeout", 86400, "1d"},
		{"max_parallel_workers", 1024, "1024"},
	}
	for _, c := range cases {
		if got := FormatInt(Lookup(c.name), c.v); got != c.want {
			t.Errorf("FormatInt(%s, %d) = %q, want %q", c.name, c.v, got, c.want)
		}
	}
}
