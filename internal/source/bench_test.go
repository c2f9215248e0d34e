package source

import (
	"testing"
)

// BenchmarkResolveGit measures resolving a git template from a local
// repository: a fresh fetch into an empty cache, a cache hit that still
// resolves a tag, and a commit served from the cache alone.
func BenchmarkResolveGit(b *testing.B) {
	repo, commits := gitRepo(b)
	tag := "git::file://" + repo + "//templates/svc?ref=v1.1.0"
	b.Run("fetch", func(b *testing.B) {
		for b.Loop() {
			s := New(Options{CacheDir: b.TempDir()})
			if _, err := s.Resolve(b.Context(), tag); err != nil {
				b.Fatal(err)
			}
		}
	})
	cache := b.TempDir()
	s := New(Options{CacheDir: cache})
	if _, err := s.Resolve(b.Context(), tag); err != nil {
		b.Fatal(err)
	}
	b.Run("cached tag", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Resolve(b.Context(), tag); err != nil {
				b.Fatal(err)
			}
		}
	})
	byCommit := "git::file://" + repo + "//templates/svc?ref=" + commits[1]
	b.Run("cached commit", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Resolve(b.Context(), byCommit); err != nil {
				b.Fatal(err)
			}
		}
	})
}
