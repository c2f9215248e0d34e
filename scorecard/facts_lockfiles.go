package scorecard

import "context"

// lockfileNames are the dependency lockfiles paved recognises, at the scored folder's root.
var lockfileNames = []string{
	"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock",
	"go.sum", "poetry.lock", "Pipfile.lock", "uv.lock", "Cargo.lock", "Gemfile.lock", "composer.lock",
}

// LockfilesFact exposes `lockfiles`: the lockfiles committed at the root.
func LockfilesFact() Fact {
	return Fact{
		Name: "lockfiles",
		Doc:  "lockfiles committed at the root (package-lock.json, yarn.lock, pnpm-lock.yaml, go.sum, …)",
		Go:   []string(nil),
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			out := []string{}
			for _, n := range lockfileNames {
				if s.Has(n) {
					out = append(out, n)
				}
			}
			return out, nil
		},
	}
}
