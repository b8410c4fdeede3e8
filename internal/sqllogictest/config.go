// config.go holds the table of configs: the SET statements that put a
// connection into the serial, parallel or forced config, per target.

package sqllogictest

// DefaultConfigs are the configs a file runs under when it has no
// "# config:" header, in the order they run.
var DefaultConfigs = []string{"serial", "parallel", "forced"}

// ConfigStatements maps a target and a config name to the statements run on
// a fresh connection before a file. This table is the one place to change
// them. PostgreSQL 15 calls the forcing GUC force_parallel_mode (PG 16
// renamed it debug_parallel_query, the name loomdb uses).
var ConfigStatements = map[string]map[string][]string{
	TargetPostgreSQL: {
		"serial":   {"SET max_parallel_workers_per_gather = 0"},
		"parallel": {},
		"forced": {
			"SET force_parallel_mode = regress",
			"SET parallel_setup_cost = 0",
			"SET parallel_tuple_cost = 0",
			"SET min_parallel_table_scan_size = 0",
			"SET min_parallel_index_scan_size = 0",
		},
	},
	TargetLoomdb: {
		"serial":   {"SET max_parallel_workers_per_gather = 0"},
		"parallel": {},
		"forced": {
			"SET debug_parallel_query = regress",
			"SET parallel_setup_cost = 0",
			"SET parallel_tuple_cost = 0",
			"SET min_parallel_table_scan_size = 0",
			"SET min_parallel_index_scan_size = 0",
		},
	},
}

func knownConfig(name string) bool {
	for _, c := range DefaultConfigs {
		if c == name {
			return true
		}
	}
	return false
}

// ConfigNames returns the configs f runs under: its header's, or DefaultConfigs.
func (f *File) ConfigNames() []string {
	if len(f.Configs) > 0 {
		return f.Configs
	}
	return DefaultConfigs
}
