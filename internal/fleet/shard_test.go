package fleet

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Shard
		wantErr string
	}{
		{"1/1", Shard{1, 1}, ""},
		{"3/8", Shard{3, 8}, ""},
		{" 8/8 ", Shard{8, 8}, ""},
		{"0/8", Shard{}, "K must be between 1 and 8"},
		{"9/8", Shard{}, "K must be between 1 and 8"},
		{"1/0", Shard{}, "N must be between 1 and 10000"},
		{"-1/4", Shard{}, "K must be between"},
		{"2", Shard{}, "not K/N"},
		{"a/b", Shard{}, "not K/N"},
		{"1/2/3", Shard{}, "not K/N"},
		{"", Shard{}, "not K/N"},
	}
	for _, tt := range tests {
		got, err := ParseShard(tt.in)
		if tt.wantErr == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseShard(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
			}
			continue
		}
		var fe *Error
		if !errors.As(err, &fe) || fe.ExitCode() != 2 || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseShard(%q) = %v, want exit-2 error %q", tt.in, err, tt.wantErr)
		}
	}
}

func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"1/1", "3/8", "0/0", "a/b", "99999999999999999999/1", "1/-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShard(s)
		if err != nil {
			return
		}
		if sh.Index < 1 || sh.Index > sh.Of || sh.Of > 10000 {
			t.Fatalf("ParseShard(%q) = %v: out of range", s, sh)
		}
		if back, err := ParseShard(sh.String()); err != nil || back != sh {
			t.Fatalf("ParseShard(%q) = %v, %v: want the same shard back", sh.String(), back, err)
		}
	})
}

func fleetOf(n int) []target {
	out := make([]target, n)
	for i := range out {
		out[i] = target{arg: fmt.Sprintf("/src/svc-%04d", i), entity: fmt.Sprintf("component:default/svc-%04d", i)}
	}
	return out
}

func TestShardPick(t *testing.T) {
	t.Parallel()
	for _, size := range []int{0, 1, 7, 100, 1001} {
		for _, n := range []int{1, 2, 3, 8, 13} {
			t.Run(fmt.Sprintf("%d services in %d shards", size, n), func(t *testing.T) {
				t.Parallel()
				all := fleetOf(size)
				seen := map[string]int{}
				lo, hi := size, 0
				for k := 1; k <= n; k++ {
					share := Shard{k, n}.pick(all)
					lo, hi = min(lo, len(share)), max(hi, len(share))
					for _, tg := range share {
						seen[tg.entity]++
					}
					// catalog order kept within a share
					if !slices.IsSortedFunc(share, func(a, b target) int { return strings.Compare(a.entity, b.entity) }) {
						t.Errorf("shard %d/%d is not in catalog order", k, n)
					}
					// the share does not depend on the order the store lists services in
					shuffled := slices.Clone(all)
					rand.New(rand.NewPCG(uint64(k), uint64(n))).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
					again := Shard{k, n}.pick(shuffled)
					slices.SortFunc(again, func(a, b target) int { return strings.Compare(a.entity, b.entity) })
					if !slices.Equal(share, again) {
						t.Errorf("shard %d/%d differs when the catalog lists services in another order", k, n)
					}
				}
				if len(seen) != size {
					t.Errorf("%d services scored, want all %d", len(seen), size)
				}
				for ref, c := range seen {
					if c != 1 {
						t.Errorf("%s scored by %d shards, want exactly one", ref, c)
					}
				}
				if size > 0 && hi-lo > 1 {
					t.Errorf("shard sizes from %d to %d, want them to differ by at most one", lo, hi)
				}
			})
		}
	}
}

func TestShardPickIsStable(t *testing.T) {
	t.Parallel()
	// Pinned: a service stays in its shard across releases, so a CI job's
	// history stays comparable. Changing the hash is a visible change.
	got := Shard{1, 3}.pick(fleetOf(9))
	var names []string
	for _, tg := range got {
		names = append(names, strings.TrimPrefix(tg.entity, "component:default/"))
	}
	if want := "svc-0000,svc-0003,svc-0005"; strings.Join(names, ",") != want {
		t.Errorf("shard 1/3 of svc-0000..svc-0008 = %s, want %s", strings.Join(names, ","), want)
	}
}
