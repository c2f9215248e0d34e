package fleet

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// roundID is what a round may be called: a CI run or pipeline id, a date.
var roundID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,100}$`)

// Shard is the share K of N of a fleet that one machine scores (1 <= K <= N).
// The zero Shard is the whole fleet.
type Shard struct {
	Index, Of int
}

// String is "K/N", or "" for the whole fleet.
func (s Shard) String() string {
	if s.Of == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Of)
}

// ParseShard reads "K/N": the K-th of N shares, counted from 1.
func ParseShard(s string) (Shard, error) {
	const fix = "give K/N with 1 <= K <= N, e.g. --shard 2/8 for the second of eight CI jobs"
	k, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	ki, kerr := strconv.Atoi(k)
	ni, nerr := strconv.Atoi(n)
	switch {
	case !ok || kerr != nil || nerr != nil:
		return Shard{}, badInput(fix, fmt.Sprintf("--shard %q: not K/N", s))
	case ni < 1 || ni > 10000:
		return Shard{}, badInput(fix, fmt.Sprintf("--shard %q: N must be between 1 and 10000", s))
	case ki < 1 || ki > ni:
		return Shard{}, badInput(fix, fmt.Sprintf("--shard %q: K must be between 1 and %d", s, ni))
	}
	return Shard{Index: ki, Of: ni}, nil
}

// pick returns this shard's share of the services: each ordered by a hash
// of its lower-cased entity ref (the ref itself breaks ties), and every
// N-th taken from position K-1. The share of a service depends only on the
// set of services, not on the order a store lists them in, and the N
// shares differ in size by at most one.
func (s Shard) pick(all []target) []target {
	if s.Of <= 1 {
		return all
	}
	type keyed struct {
		h   uint64
		ref string
		i   int
	}
	ks := make([]keyed, len(all))
	for i, t := range all {
		ref := strings.ToLower(t.entity)
		h := fnv.New64a()
		h.Write([]byte(ref))
		ks[i] = keyed{h.Sum64(), ref, i}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.ref, b.ref)) })
	var picked []int
	for i := s.Index - 1; i < len(ks); i += s.Of {
		picked = append(picked, ks[i].i)
	}
	slices.Sort(picked) // score and report in the catalog's order, as an unsharded run does
	out := make([]target, len(picked))
	for j, i := range picked {
		out[j] = all[i]
	}
	return out
}

// checkShardOptions refuses a shard or round outside a catalog run, and a
// shard without the round that ties the shards of one run together.
func checkShardOptions(o Options) error {
	switch {
	case o.Shard.Of > 0 && !o.Catalog:
		return badInput("shards split the catalog's services: add --catalog", "--shard "+o.Shard.String()+" needs --catalog")
	case o.Round != "" && !o.Catalog:
		return badInput("rounds group the scores recorded in the catalog: add --catalog", "--round "+o.Round+" needs --catalog")
	case o.Round != "" && !roundID.MatchString(o.Round):
		return badInput("use letters, digits and . _ : - (up to 100), e.g. a CI run id",
			fmt.Sprintf("--round %q: not a round id", o.Round))
	case o.Shard.Of > 1 && o.Round == "":
		return badInput("give every shard of one run the same --round, e.g. --round \"$GITHUB_RUN_ID\" or --round \"$CI_PIPELINE_ID\"",
			"--shard "+o.Shard.String()+" needs --round: without it a lost shard cannot be told apart")
	}
	return nil
}
