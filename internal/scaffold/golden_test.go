package scaffold

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden renders testdata/features, a template using every rendering
// rule, from disk (so exec bits come from the file system) and compares the
// whole plan with testdata/features-*.txtar. Refresh with -update.
func TestGolden(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "features")
	tpl := &source.Template{Kind: source.KindDir, Source: "/templates/features", Name: "features", FS: os.DirFS(dir), Dir: dir}
	m, err := manifest.Load(tpl.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		golden string
		values manifest.Values
	}{
		{golden: "features-none.txtar", values: manifest.Values{"name": "OrderService", "port": 9090, "database": "none", "tags": []string{"http"}}},
		{golden: "features-postgres.txtar", values: manifest.Values{"name": "orders", "port": 8080, "database": "postgres", "migrations": true, "tags": []string{"http", "jobs"}}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			plan, err := Render(t.Context(), tpl, m, tmpl.Data{
				Values:   tt.values,
				Template: tmpl.TemplateInfo{Name: m.Metadata.Name, Version: m.Spec.Version, Source: tpl.Source},
				Paved:    tmpl.PavedInfo{Version: "golden"},
			})
			if err != nil {
				t.Fatal(err)
			}
			got := txtar.Format(planArchive(plan))
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("plan differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// planArchive writes a plan as a txtar: hooks and next steps in the comment,
// one entry "PATH (MODE)" per file; binary files as their size and hash.
func planArchive(p *Plan) *txtar.Archive {
	var comment bytes.Buffer
	for _, h := range p.Hooks {
		fmt.Fprintf(&comment, "hook %q: %s\n", h.Title, strings.Join(h.Run, " "))
	}
	for _, s := range p.NextSteps {
		fmt.Fprintf(&comment, "next: %s\n", s)
	}
	a := &txtar.Archive{Comment: comment.Bytes()}
	for _, f := range p.Files {
		data := f.Data
		if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			data = fmt.Appendf(nil, "binary: %d bytes, sha256 %x\n", len(data), sha256.Sum256(data))
		}
		a.Files = append(a.Files, txtar.File{Name: fmt.Sprintf("%s (%v)", f.Path, f.Mode), Data: data})
	}
	return a
}
