package scorecard

import (
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEvaluateLeavesSnapshotUnchanged evaluates one snapshot with two
// rubrics at once, twice over (run it with -race): the results are those of
// evaluating alone, and the snapshot's metadata and listing are as Open
// left them. Only the caches behind its mutex fill.
func TestEvaluateLeavesSnapshotUnchanged(t *testing.T) {
	t.Parallel()
	dir := repoDir(t, nodeService(), testNow)
	s := mustOpenLatest(t, dir, latest)
	meta, files := s.meta, slices.Clone(s.Files())
	head := [6]string{s.Name, s.Dir, s.Source, s.Commit, s.Subpath, s.Now.String()}
	rubrics := []*Rubric{mustRubric(t, "production-readiness"), mustRubric(t, "production-readiness")}
	rubrics[1].Limits = Limits{CheckCost: DefaultCheckCost / 10}

	alone := make([]*Result, len(rubrics))
	for i, r := range rubrics {
		alone[i] = Evaluate(t.Context(), r, mustOpenLatest(t, dir, latest), Selection{})
	}
	for range 2 {
		got := make([]*Result, len(rubrics))
		var wg sync.WaitGroup
		for i, r := range rubrics {
			wg.Go(func() { got[i] = Evaluate(t.Context(), r, s, Selection{}) })
		}
		wg.Wait()
		for i := range rubrics {
			if diff := cmp.Diff(alone[i], got[i]); diff != "" {
				t.Errorf("rubric %d on a shared snapshot (-alone +shared):\n%s", i, diff)
			}
		}
	}
	if now := [6]string{s.Name, s.Dir, s.Source, s.Commit, s.Subpath, s.Now.String()}; now != head {
		t.Errorf("snapshot fields = %v, want %v as Open set them", now, head)
	}
	if s.meta.Git != meta.Git || s.meta.Branch != meta.Branch || s.meta.Commit != meta.Commit {
		t.Errorf("snapshot meta changed: %+v, want %+v", s.meta, meta)
	}
	if !slices.Equal(s.Files(), files) {
		t.Errorf("files changed: %v, want %v", s.Files(), files)
	}
}
