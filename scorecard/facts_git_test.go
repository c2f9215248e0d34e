package scorecard

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/dirtest"
)

func TestGitFacts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dirtest.Write(t, dir, map[string]string{"a": "1"})
	repo := commitAll(t, dir, testNow.Add(-200*24*time.Hour))
	dirtest.Write(t, dir, map[string]string{"a": "2"})
	commitAll(t, dir, testNow.Add(-10*24*time.Hour))
	dirtest.Write(t, dir, map[string]string{"a": "3"})
	head := commitAll(t, dir, testNow.Add(-24*time.Hour))
	h, _ := head.Head()
	if _, err := repo.CreateTag("v1.0.0", h.Hash(), nil); err != nil {
		t.Fatal(err)
	}
	dirtest.Write(t, dir, map[string]string{"a": "4"})
	s := mustOpen(t, dir, "")
	v, err := s.Fact(t.Context(), "git")
	if err != nil {
		t.Fatal(err)
	}
	got := v.(Git)
	want := Git{Present: true, HasCommits: true, Head: h.Hash().String(), Branch: "master", LastCommit: testNow.Add(-24 * time.Hour),
		Commits90d: 2, Authors90d: 1, Tags: []string{"v1.0.0"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("git fact (-want +got):\n%s", diff)
	}
	st, err := s.Fact(t.Context(), "gitStatus")
	if err != nil || !st.(GitStatus).Dirty {
		t.Errorf("gitStatus = %+v, %v; want dirty (file a differs from HEAD)", st, err)
	}
}
