// settings.go reads the planner's cost settings from the session's GUCs.

package plan

import (
	"github.com/loomdb/loomdb/internal/guc"
	"github.com/loomdb/loomdb/internal/optimizer/pathnodes"
)

// CostParamsFrom returns the planner cost settings in force in st.
func CostParamsFrom(st *guc.Settings) pathnodes.CostParams {
	var c pathnodes.CostParams
	c.SeqPageCost = st.Float("seq_page_cost")
	c.RandomPageCost = st.Float("random_page_cost")
	c.CPUTupleCost = st.Float("cpu_tuple_cost")
	c.CPUIndexTupleCost = st.Float("cpu_index_tuple_cost")
	c.CPUOperatorCost = st.Float("cpu_operator_cost")
	c.ParallelTupleCost = st.Float("parallel_tuple_cost")
	c.ParallelSetupCost = st.Float("parallel_setup_cost")
	c.EffectiveCacheSize = float64(st.Int("effective_cache_size"))
	c.WorkMemKB = st.Int("work_mem")
	c.EnableSeqscan = st.Bool("enable_seqscan")
	c.EnableIndexscan = st.Bool("enable_indexscan")
	c.EnableIndexonlyscan = st.Bool("enable_indexonlyscan")
	c.EnableBitmapscan = st.Bool("enable_bitmapscan")
	c.EnableSort = st.Bool("enable_sort")
	c.EnableHashagg = st.Bool("enable_hashagg")
	c.EnableNestloop = st.Bool("enable_nestloop")
	c.EnableHashjoin = st.Bool("enable_hashjoin")
	c.EnableMergejoin = st.Bool("enable_mergejoin")
	c.EnableMaterial = st.Bool("enable_material")
	c.EnableMemoize = st.Bool("enable_memoize")
	c.HashMemMultiplier = st.Float("hash_mem_multiplier")
	c.MaxParallelWorkersPerGather = int(st.Int("max_parallel_workers_per_gather"))
	c.MinParallelTableScanSize = st.Int("min_parallel_table_scan_size")
	c.ParallelLeaderParticipation = st.Bool("parallel_leader_participation")
	c.DebugParallelQuery = st.String("force_parallel_mode")
	c.MinParallelIndexScanSize = st.Int("min_parallel_index_scan_size")
	c.EnableGathermerge = st.Bool("enable_gathermerge")
	c.EnableParallelHash = st.Bool("enable_parallel_hash")
	c.EnableIncrementalSort = st.Bool("enable_incremental_sort")
	c.RecursiveWorktableFactor = st.Float("recursive_worktable_factor")
	return c
}
