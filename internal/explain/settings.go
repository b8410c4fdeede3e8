// settings.go chooses what EXPLAIN (SETTINGS) lists (PG:
// get_explain_guc_options): the settings that affect planning (GUC_EXPLAIN)
// whose value differs from the built-in default.

package explain

import "github.com/loomdb/loomdb/internal/guc"

// explainSettings are PostgreSQL 15's GUC_EXPLAIN settings, as
// pg_settings_get_flags reports them.
var explainSettings = []string{
	"constraint_exclusion", "cpu_index_tuple_cost", "cpu_operator_cost", "cpu_tuple_cost",
	"cursor_tuple_fraction", "effective_cache_size", "effective_io_concurrency",
	"enable_async_append", "enable_bitmapscan", "enable_gathermerge", "enable_hashagg",
	"enable_hashjoin", "enable_incremental_sort", "enable_indexonlyscan", "enable_indexscan",
	"enable_material", "enable_memoize", "enable_mergejoin", "enable_nestloop",
	"enable_parallel_append", "enable_parallel_hash", "enable_partition_pruning",
	"enable_partitionwise_aggregate", "enable_partitionwise_join", "enable_seqscan",
	"enable_sort", "enable_tidscan", "force_parallel_mode", "from_collapse_limit", "geqo",
	"geqo_effort", "geqo_generations", "geqo_pool_size", "geqo_seed", "geqo_selection_bias",
	"geqo_threshold", "hash_mem_multiplier", "jit", "jit_above_cost", "jit_inline_above_cost",
	"jit_optimize_above_cost", "join_collapse_limit", "maintenance_io_concurrency",
	"max_parallel_workers", "max_parallel_workers_per_gather", "min_parallel_index_scan_size",
	"min_parallel_table_scan_size", "parallel_leader_participation", "parallel_setup_cost",
	"parallel_tuple_cost", "plan_cache_mode", "random_page_cost", "recursive_worktable_factor",
	"search_path", "seq_page_cost", "temp_buffers", "work_mem",
}

// Setting is one line item of EXPLAIN (SETTINGS): a name and its value as
// SHOW prints it.
type Setting struct {
	Name, Value string
}

// ChangedSettings returns the planner settings of s that differ from their
// defaults, sorted by name (loomdb's registry holds a subset of PG's; the
// others cannot be changed and so never differ).
func ChangedSettings(s *guc.Settings) []Setting {
	defaults := guc.NewSettings()
	var out []Setting
	for _, name := range explainSettings {
		d := guc.Lookup(name)
		if d == nil {
			continue
		}
		v, err := s.Get(d.Name)
		if err != nil {
			continue
		}
		if dv, err := defaults.Get(d.Name); err == nil && dv == v {
			continue
		}
		out = append(out, Setting{Name: d.Name, Value: v})
	}
	return out
}
