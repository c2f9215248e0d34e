package scorecard

import "context"

// FilesFact exposes the file list as `files`: every listed path, relative to
// the scored folder, sorted. Most checks use exists(glob) or count(glob) instead.
func FilesFact() Fact {
	return Fact{
		Name: "files",
		Doc:  "every file git lists (or, outside git, every file not ignored), sorted",
		Go:   []string(nil),
		Load: func(ctx context.Context, s *Snapshot) (any, error) { return s.files, nil },
	}
}
