package plannodes

import "math"

// Figures of a hash aggregate that spills (PG: nodeAgg.c), shared by the
// planner, which shows the partitions it expects in EXPLAIN, and the
// executor, which decides with them when and how widely to spill.
const (
	// hashAggPartitionFactor is how much room a partition's groups are
	// given beyond the estimate, to make a second spill unlikely.
	hashAggPartitionFactor = 1.50
	hashAggMinPartitions   = 4
	hashAggMaxPartitions   = 1024
	// hashAggReadBufferSize and hashAggWriteBufferSize are the buffers an
	// open partition file takes from hash_mem.
	hashAggReadBufferSize  = 8192
	hashAggWriteBufferSize = 8192
)

// HashAggEntrySize estimates the memory one group of a hash aggregate
// takes: the hash table entry, the group's key tuple (tupleWidth bytes of
// data), one transition value per transition state and the transition
// space aggregates declare (PG: hash_agg_entry_size).
func HashAggEntrySize(numTrans int, tupleWidth int, transitionSpace int) float64 {
	const chunkHeader = 16
	size := 24 + chunkHeader + 16 + tupleWidth
	if numTrans > 0 {
		size += chunkHeader + 16*numTrans
	}
	if transitionSpace > 0 {
		size += chunkHeader + transitionSpace
	}
	return float64(size)
}

// HashAggChooseNumPartitions returns how many partitions a hash aggregate
// spills into, a power of two, and its log2: enough that each partition's
// groups are likely to fit in hash_mem, but never so many that their write
// buffers take more than a quarter of it (PG: hash_choose_num_partitions).
// usedBits hash bits are already taken by earlier spills.
func HashAggChooseNumPartitions(inputGroups, entrySize float64, usedBits int, hashMem float64) (npartitions, bits int) {
	partitionLimit := (hashMem*0.25 - hashAggReadBufferSize) / hashAggWriteBufferSize
	memWanted := hashAggPartitionFactor * inputGroups * entrySize
	d := 1 + memWanted/hashMem
	d = min(d, partitionLimit)
	d = max(d, hashAggMinPartitions)
	d = min(d, hashAggMaxPartitions)
	bits = ceilLog2(int(d))
	if bits+usedBits >= 32 {
		bits = 32 - usedBits
	}
	return 1 << bits, bits
}

// HashAggSetLimits returns the memory and group-count limits past which a
// hash aggregate expecting inputGroups groups spills, and how many
// partitions the planner expects it to spill into (0 when it should fit).
// The partitions' buffers come out of hash_mem (PG: hash_agg_set_limits).
func HashAggSetLimits(entrySize, inputGroups float64, usedBits int, hashMem float64) (memLimit float64, ngroupsLimit int64, numPartitions int) {
	if inputGroups*entrySize <= hashMem {
		return hashMem, int64(hashMem / entrySize), 0
	}
	numPartitions, _ = HashAggChooseNumPartitions(inputGroups, entrySize, usedBits, hashMem)
	partitionMem := float64(hashAggReadBufferSize + hashAggWriteBufferSize*numPartitions)
	if hashMem > 4*partitionMem {
		memLimit = hashMem - partitionMem
	} else {
		memLimit = hashMem * 0.75
	}
	ngroupsLimit = 1
	if memLimit > entrySize {
		ngroupsLimit = int64(memLimit / entrySize)
	}
	return memLimit, ngroupsLimit, numPartitions
}

// HashAggChooseNumBuckets returns the initial size of a hash aggregate's
// table: the expected groups, but no more than half the entries that fit
// in memory, since too many buckets crowd out the groups themselves (PG:
// hash_choose_num_buckets).
func HashAggChooseNumBuckets(entrySize, ngroups, memory float64) float64 {
	maxBuckets := float64(nextPow2Int(int64(memory/entrySize)) >> 1)
	return max(min(math.Floor(ngroups), maxBuckets), 1)
}

// ceilLog2 returns the smallest k with 2^k >= n (PG: my_log2).
func ceilLog2(n int) int {
	k := 0
	for 1<<k < n {
		k++
	}
	return k
}

// nextPow2Int returns the smallest power of two >= n (PG: pg_nextpower2_32).
func nextPow2Int(n int64) int64 {
	p := int64(1)
	for p < n {
		p <<= 1
	}
	return p
}
