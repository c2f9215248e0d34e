package catalog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// genEntity is the YAML of generated component i: 500 owners, 1000 systems,
// 20 languages, and a description word shared by 20 entities.
func genEntity(i int) string {
	types := []string{"service", "website", "library"}
	lifecycles := []string{"production", "experimental", "deprecated"}
	return fmt.Sprintf(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc-%d
  title: Service %d
  description: Handles orders for region %d (word%d)
  tags: [lang-%d, generated]
  annotations:
    github.com/project-slug: acme/svc-%d
spec:
  type: %s
  lifecycle: %s
  owner: team-%d
  system: sys-%d
  providesApis: [api-%d]
  dependsOn: [resource:db-%d]
`, i, i, i%50, i%5000, i%20, i, types[i%3], lifecycles[i%3], i%500, i%1000, i, i%2000)
}

// genTree writes n generated entities, five per file, one folder per file.
func genTree(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	for f := 0; f*5 < n; f++ {
		var sb strings.Builder
		for i := f * 5; i < min(n, f*5+5); i++ {
			sb.WriteString("---\n" + genEntity(i))
		}
		p := filepath.Join(dir, fmt.Sprintf("r%03d", f%1000), fmt.Sprintf("s%d", f), "catalog-info.yaml")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

func benchImport(b *testing.B, n int) {
	dir := genTree(b, n)
	b.ResetTimer()
	var total, cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		st, err := Open(b.Context(), filepath.Join(b.TempDir(), "catalog.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start, startCPU := time.Now(), cpuTime()
		files, err := FindFiles(b.Context(), dir)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := Import(b.Context(), st, Source{Root: dir, Origin: "file:" + dir}, files, ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		cpu += cpuTime() - startCPU
		b.StopTimer()
		if got := len(rep.Refs()); got != n {
			b.Fatalf("imported %d entities, want %d", got, n)
		}
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/total.Seconds(), "entities/s")
	// On a shared, loaded machine wall time says little: entities per
	// second of CPU (user+system, all threads) is the figure that carries.
	b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "entities/cpu-s")
}

// cpuTime is the CPU time this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkImport imports generated entities from files (walk, parse,
// validate, write) into a new catalog. Target: at least 10,000 entities/s.
func BenchmarkImport(b *testing.B) {
	b.Run("10k", func(b *testing.B) { benchImport(b, 10_000) })
	b.Run("100k", func(b *testing.B) { benchImport(b, 100_000) })
}

var (
	bigOnce  sync.Once
	bigPath  string
	bigError error
)

// bigCatalog builds a catalog of 100,000 generated entities once per run.
func bigCatalog(b *testing.B) string {
	bigOnce.Do(func() {
		dir, err := os.MkdirTemp("", "paved-bench-")
		if err != nil {
			bigError = err
			return
		}
		bigPath = filepath.Join(dir, "catalog.db")
		st, err := Open(b.Context(), bigPath)
		if err != nil {
			bigError = err
			return
		}
		defer st.Close()
		var batch []*Entity
		for i := range 100_000 {
			ents, err := Parse([]byte(genEntity(i)), ParseOptions{File: "gen.yaml"})
			if err != nil {
				bigError = err
				return
			}
			ents[0].SetSource("file:/gen", "file:/gen", "")
			batch = append(batch, ents...)
		}
		_, bigError = st.Upsert(b.Context(), batch)
	})
	if bigError != nil {
		b.Fatal(bigError)
	}
	return bigPath
}

// BenchmarkList queries a catalog of 100,000 entities. Target: under 20 ms
// per query. paved catalog list reads summaries for a table, documents for
// -o json and entities for -o yaml.
func BenchmarkList(b *testing.B) {
	path := bigCatalog(b)
	st, err := Open(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	tests := []struct {
		name string
		f    Filter
		want int
	}{
		{"owner", Filter{Owner: "team-7"}, 200},
		{"owner+lifecycle+type", Filter{Owner: "team-7", Lifecycle: "production", Type: "service"}, 67},
		{"tag", Filter{Tag: "lang-3", Lifecycle: "deprecated"}, 1667},
		{"query", Filter{Query: "word4242"}, 20},
		{"query prefix, two words", Filter{Query: "handles word424"}, 220},
		{"query with owner", Filter{Query: "orders", Owner: "team-7"}, 200},
		{"kind, first 50", Filter{Kind: "component", Limit: 50}, 50},
	}
	for _, tt := range tests {
		b.Run("summaries/"+tt.name, func(b *testing.B) {
			for b.Loop() {
				sums, err := st.Summaries(b.Context(), tt.f)
				if err != nil {
					b.Fatal(err)
				}
				if len(sums) != tt.want {
					b.Fatalf("Summaries(%+v) = %d entities, want %d", tt.f, len(sums), tt.want)
				}
			}
		})
		b.Run("documents/"+tt.name, func(b *testing.B) {
			for b.Loop() {
				docs, err := st.Documents(b.Context(), tt.f)
				if err != nil {
					b.Fatal(err)
				}
				if len(docs) != tt.want {
					b.Fatalf("Documents(%+v) = %d entities, want %d", tt.f, len(docs), tt.want)
				}
			}
		})
		b.Run("entities/"+tt.name, func(b *testing.B) {
			for b.Loop() {
				ents, err := st.List(b.Context(), tt.f)
				if err != nil {
					b.Fatal(err)
				}
				if len(ents) != tt.want {
					b.Fatalf("List(%+v) = %d entities, want %d", tt.f, len(ents), tt.want)
				}
			}
		})
	}
}

// TestMain removes the 100,000-entity catalog that bigCatalog builds once
// and shares between benchmarks, so benchmark runs leave nothing in $TMPDIR.
func TestMain(m *testing.M) {
	code := m.Run()
	if bigPath != "" {
		os.RemoveAll(filepath.Dir(bigPath))
	}
	os.Exit(code)
}
