package catalog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestImportAllOrNothing cancels an import after more than one batch of
// entities was written: nothing may stay in the catalog.
func TestImportAllOrNothing(t *testing.T) { eachBackend(t, testImportAllOrNothing) }

func testImportAllOrNothing(t *testing.T, b backend) {
	if testing.Short() {
		t.Skip("writes 4,500 files")
	}
	t.Parallel()
	dir := t.TempDir()
	const n = importBatch*2 + 500
	files := make([]string, n)
	for i := range n {
		files[i] = fmt.Sprintf("svc-%d.catalog.yaml", i)
		if err := os.WriteFile(filepath.Join(dir, files[i]), []byte(genEntity(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := b.open(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var once sync.Once
	// The parsers run at most parseWindow files ahead of the writer: by
	// the time n-100 files are parsed, the writer has flushed a batch.
	progress := func(done, total int) {
		if done >= n-100 {
			once.Do(cancel)
		}
	}
	rep, err := Import(ctx, st, Source{Root: dir, Origin: "file:" + dir}, files, ImportOptions{Progress: progress})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Import cancelled = %v, %v; want context.Canceled", rep, err)
	}
	got, err := st.Summaries(t.Context(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("a cancelled import left %d entities in the catalog, want 0", len(got))
	}

	// And the same import, not cancelled, writes everything.
	rep, err = Import(t.Context(), st, Source{Root: dir, Origin: "file:" + dir}, files, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rep.Refs()); got != n {
		t.Errorf("Import wrote %d entities, want %d", got, n)
	}
}
