package tpch

import (
	"math/rand/v2"
	"strings"
	"sync"
)

// The word lists of TPC-H's text grammar (specification 4.2.2.10). Comments
// are substrings of a pool of sentences built from them, as dbgen does, so
// that predicates such as '%special%requests%' select a realistic fraction.
var (
	nouns = []string{"packages", "requests", "accounts", "deposits", "foxes", "ideas",
		"theodolites", "pinto beans", "instructions", "dependencies", "excuses",
		"platelets", "asymptotes", "courts", "dolphins", "multipliers", "sauternes",
		"warthogs", "frets", "dinos", "attainments", "somas", "Tiresias'", "patterns",
		"forges", "braids", "hockey players", "frays", "warhorses", "dugouts", "notornis",
		"epitaphs", "pearls", "tithes", "waters", "orbits", "gifts", "sheaves", "depths",
		"sentiments", "decoys", "realms", "pains", "grouches", "escapades"}
	verbs = []string{"sleep", "wake", "are", "cajole", "haggle", "nag", "use", "boost",
		"affix", "detect", "integrate", "maintain", "nod", "was", "lose", "sublate",
		"solve", "thrash", "promise", "engage", "hinder", "print", "x-ray", "breach",
		"eat", "grow", "impress", "mold", "poach", "serve", "run", "dazzle", "snooze",
		"doze", "unwind", "kindle", "play", "hang", "believe", "doubt"}
	adjectives = []string{"special", "pending", "unusual", "express", "furious", "sly",
		"careful", "blithe", "quick", "fluffy", "slow", "quiet", "ruthless", "thin",
		"close", "dogged", "daring", "brave", "stealthy", "permanent", "enticing", "idle",
		"busy", "regular", "final", "ironic", "even", "bold", "silent"}
	adverbs = []string{"sometimes", "always", "never", "furiously", "slyly", "carefully",
		"blithely", "quickly", "fluffily", "slowly", "quietly", "ruthlessly", "thinly",
		"closely", "doggedly", "daringly", "bravely", "stealthily", "permanently",
		"enticingly", "idly", "busily", "regularly", "finally", "ironically", "evenly",
		"boldly", "silently"}
	prepositions = []string{"about", "above", "according to", "across", "after",
		"against", "along", "alongside of", "among", "around", "at", "atop", "before",
		"behind", "beneath", "beside", "besides", "between", "beyond", "by", "despite",
		"during", "except", "for", "from", "in place of", "inside", "instead of", "into",
		"near", "of", "on", "outside", "over", "past", "since", "through", "throughout",
		"to", "toward", "under", "until", "up", "upon", "without", "with", "within"}
	auxiliaries = []string{"do", "may", "might", "shall", "will", "would", "can", "could",
		"should", "ought to", "must", "will have to", "shall have to", "could have to",
		"should have to", "must have to", "need to", "try to"}
	terminators = []string{".", ";", ":", "?", "!", "--"}
)

// textPoolSize is the size of the sentence pool comments are cut from
// (dbgen uses 300MB; a smaller pool only repeats comments more often).
const textPoolSize = 4 << 20

var (
	poolOnce sync.Once
	pool     string
)

// textPool returns the sentence pool, built once from a fixed seed.
func textPool() string {
	poolOnce.Do(func() {
		r := rand.New(rand.NewPCG(19920101, 19981231))
		var b strings.Builder
		b.Grow(textPoolSize + 200)
		for b.Len() < textPoolSize {
			sentence(&b, r)
			b.WriteByte(' ')
		}
		pool = b.String()[:textPoolSize]
	})
	return pool
}

func pick(r *rand.Rand, words []string) string { return words[r.IntN(len(words))] }

// sentence appends one sentence of the grammar's five forms.
func sentence(b *strings.Builder, r *rand.Rand) {
	switch r.IntN(5) {
	case 0:
		nounPhrase(b, r)
		b.WriteByte(' ')
		verbPhrase(b, r)
	case 1:
		nounPhrase(b, r)
		b.WriteByte(' ')
		verbPhrase(b, r)
		b.WriteByte(' ')
		prepPhrase(b, r)
	case 2:
		nounPhrase(b, r)
		b.WriteByte(' ')
		verbPhrase(b, r)
		b.WriteByte(' ')
		nounPhrase(b, r)
	case 3:
		nounPhrase(b, r)
		b.WriteByte(' ')
		prepPhrase(b, r)
		b.WriteByte(' ')
		verbPhrase(b, r)
		b.WriteByte(' ')
		nounPhrase(b, r)
	default:
		nounPhrase(b, r)
		b.WriteByte(' ')
		prepPhrase(b, r)
		b.WriteByte(' ')
		verbPhrase(b, r)
		b.WriteByte(' ')
		prepPhrase(b, r)
	}
	b.WriteString(pick(r, terminators))
}

func nounPhrase(b *strings.Builder, r *rand.Rand) {
	switch r.IntN(4) {
	case 0:
	case 1:
		b.WriteString(pick(r, adjectives))
		b.WriteByte(' ')
	case 2:
		b.WriteString(pick(r, adjectives))
		b.WriteString(", ")
		b.WriteString(pick(r, adjectives))
		b.WriteByte(' ')
	default:
		b.WriteString(pick(r, adverbs))
		b.WriteByte(' ')
		b.WriteString(pick(r, adjectives))
		b.WriteByte(' ')
	}
	b.WriteString(pick(r, nouns))
}

func verbPhrase(b *strings.Builder, r *rand.Rand) {
	switch r.IntN(4) {
	case 0:
		b.WriteString(pick(r, verbs))
	case 1:
		b.WriteString(pick(r, auxiliaries))
		b.WriteByte(' ')
		b.WriteString(pick(r, verbs))
	case 2:
		b.WriteString(pick(r, verbs))
		b.WriteByte(' ')
		b.WriteString(pick(r, adverbs))
	default:
		b.WriteString(pick(r, auxiliaries))
		b.WriteByte(' ')
		b.WriteString(pick(r, verbs))
		b.WriteByte(' ')
		b.WriteString(pick(r, adverbs))
	}
}

func prepPhrase(b *strings.Builder, r *rand.Rand) {
	b.WriteString(pick(r, prepositions))
	b.WriteString(" the ")
	nounPhrase(b, r)
}

// text returns a comment of between lo and hi bytes cut from the pool.
func text(r *rand.Rand, lo, hi int) string {
	p := textPool()
	n := lo + r.IntN(hi-lo+1)
	off := r.IntN(len(p) - n)
	return p[off : off+n]
}
