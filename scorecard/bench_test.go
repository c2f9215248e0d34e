package scorecard

import (
	"fmt"
	"os"
	"testing"
)

// benchRepo is the repository the benchmarks score: $PAVED_BENCH_REPO (e.g.
// one made by bench/score_gen.py), else a generated 3,000-file service.
func benchRepo(b *testing.B) string {
	b.Helper()
	if dir := os.Getenv("PAVED_BENCH_REPO"); dir != "" {
		return dir
	}
	files := nodeService()
	for i := range 3000 {
		files[fmt.Sprintf("src/pkg%02d/file%04d.ts", i/100, i)] = fmt.Sprintf("export function f%d(input: Order): Invoice { return compute('ledger', input) }\n", i)
	}
	return repoDir(b, files, testNow)
}

// BenchmarkScoreRepo scores one repository with the built-in rubric: listing,
// facts and every check, as `paved score DIR` does.
func BenchmarkScoreRepo(b *testing.B) {
	dir := benchRepo(b)
	r := mustRubric(b, "production-readiness")
	b.ResetTimer()
	for b.Loop() {
		s, err := OpenDir(dir, "", testNow)
		if err != nil {
			b.Fatal(err)
		}
		res := Evaluate(b.Context(), r, s, Selection{})
		if res.Counts.Error > 0 {
			b.Fatalf("errored checks: %+v", res.Checks)
		}
	}
}

// BenchmarkScoreFleet scores 200 small repositories one after another.
func BenchmarkScoreFleet(b *testing.B) {
	r := mustRubric(b, "production-readiness")
	var dirs []string
	for i := range 200 {
		files := goService()
		files["README.md"] = fmt.Sprintf("# svc %d\n\nRun it: `go run .`\n", i)
		dirs = append(dirs, repoDir(b, files, testNow))
	}
	b.ResetTimer()
	for b.Loop() {
		for _, dir := range dirs {
			s, err := OpenDir(dir, "", testNow)
			if err != nil {
				b.Fatal(err)
			}
			Evaluate(b.Context(), r, s, Selection{})
		}
	}
}
