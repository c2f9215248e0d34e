package scorecard

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bmatcuk/doublestar/v4"
)

// Glob lists the files matching a doublestar pattern, sorted. Results are
// cached per pattern.
func (s *Snapshot) Glob(pattern string) ([]string, error) {
	if !doublestar.ValidatePattern(pattern) {
		return nil, fmt.Errorf("bad glob %q", pattern)
	}
	s.mu.Lock()
	m, ok := s.globs[pattern]
	s.mu.Unlock()
	if ok {
		return m, nil
	}
	m = matchFiles(s.files, pattern)
	if m == nil {
		m = []string{}
	}
	s.mu.Lock()
	s.globs[pattern] = m
	s.mu.Unlock()
	return m, nil
}

func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[{\\") }

func validGlob(g string) bool { return doublestar.ValidatePattern(g) }

// Grep reports whether any text file matching glob has a line matching re.
// Binary and oversized files are skipped. Results are cached per pair.
func (s *Snapshot) Grep(ctx context.Context, glob string, re *regexp.Regexp) (bool, error) {
	return s.grep(ctx, glob, &matcher{re: re})
}

// grep answers m over the files of glob, and in the same pass the
// siblings: the other patterns the rubric greps over the same glob.
func (s *Snapshot) grep(ctx context.Context, glob string, m *matcher, siblings ...*matcher) (bool, error) {
	key := func(m *matcher) string { return glob + "\x00" + m.re.String() }
	s.mu.Lock()
	hit, ok := s.greps[key(m)]
	s.mu.Unlock()
	if ok {
		return hit, nil
	}
	files, err := s.Glob(glob)
	if err != nil {
		return false, err
	}
	// Each file is then scanned while it is still in the CPU cache.
	todo := []*matcher{m}
	s.mu.Lock()
	for _, o := range siblings {
		if _, done := s.greps[key(o)]; !done && o != m {
			todo = append(todo, o)
		}
	}
	s.mu.Unlock()
	hits, err := s.grepFiles(ctx, files, todo)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	for i, o := range todo {
		s.greps[key(o)] = hits[i]
	}
	s.mu.Unlock()
	return hits[0], nil
}

// grepFiles reports, per matcher, whether any of files matches. Two workers
// read and scan (reading dominates) without locks, so a busy machine does not
// turn every file into a scheduler round trip; they stop once every matcher
// has a hit.
func (s *Snapshot) grepFiles(ctx context.Context, files []string, ms []*matcher) ([]bool, error) {
	const workers = 2
	var (
		wg    sync.WaitGroup
		next  atomic.Int64
		left  atomic.Int64
		found = make([]atomic.Bool, len(ms))
	)
	left.Store(int64(len(ms)))
	for range min(workers, len(files)) {
		wg.Go(func() {
			for left.Load() > 0 && ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				data, err := s.ReadText(files[i])
				if err != nil {
					continue // binary, oversized or vanished: nothing to grep
				}
				for j, m := range ms {
					if !found[j].Load() && m.Match(data) && found[j].CompareAndSwap(false, true) {
						left.Add(-1)
					}
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]bool, len(ms))
	for j := range found {
		out[j] = found[j].Load()
	}
	return out, nil
}
