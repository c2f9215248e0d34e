package fleet

import (
	"slices"
	"testing"
	"time"
)

func TestMissing(t *testing.T) {
	t.Parallel()
	path := testCatalog(t, "orders", "billing", "bare", "shipping", "search")
	env := testEnv(path)
	score := func(shard Shard, round string, at time.Time) []string {
		t.Helper()
		e := env
		e.Now = func() time.Time { return at }
		run, err := Score(t.Context(), e, Options{Rubric: "production-readiness", Jobs: 2, Catalog: true, Shard: shard, Round: round, Only: []string{"readme-run"}})
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, r := range run.Report.Results {
			refs = append(refs, r.Entity)
		}
		return refs
	}
	missing := func(round string) *RoundReport {
		t.Helper()
		rep, err := Missing(t.Context(), env, RoundOptions{Rubric: "production-readiness", Round: round})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if _, err := Missing(t.Context(), env, RoundOptions{Rubric: "production-readiness"}); err == nil {
		t.Fatal("Missing() before any round = nil error, want one saying no round is recorded")
	}

	// round 1: both shards ran
	first := score(Shard{1, 2}, "r1", testNow)
	second := score(Shard{2, 2}, "r1", testNow)
	if len(first)+len(second) != 5 || len(first) < 2 || len(second) < 2 {
		t.Fatalf("shards scored %v and %v, want 5 services split 2/3", first, second)
	}
	if rep := missing(""); rep.Round != "r1" || rep.Services != 5 || len(rep.Unscored) != 0 {
		t.Errorf("Missing() after a full round = %+v, want round r1, 5 services, none unscored", rep)
	}

	// round 2: shard 2 was lost
	score(Shard{1, 2}, "r2", testNow.Add(time.Hour))
	rep := missing("")
	var got []string
	for _, u := range rep.Unscored {
		got = append(got, u.Entity)
		if u.LastRound != "r1" || u.LastScored == nil || !u.LastScored.Equal(testNow) {
			t.Errorf("%s: last scored %v in round %q, want %s in round r1", u.Entity, u.LastScored, u.LastRound, testNow)
		}
	}
	if rep.Round != "r2" || !slices.Equal(got, second) {
		t.Errorf("Missing() = round %s, unscored %v; want round r2, unscored %v (shard 2's services)", rep.Round, got, second)
	}
	// an older round asked for by name is still complete
	if rep := missing("r1"); len(rep.Unscored) != 0 {
		t.Errorf("Missing(r1) = %+v, want none unscored", rep.Unscored)
	}
	// a round nobody ran misses everything
	if rep := missing("r9"); len(rep.Unscored) != 5 {
		t.Errorf("Missing(r9) unscored %d, want all 5", len(rep.Unscored))
	}
}
