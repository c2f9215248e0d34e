package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func importDir(t *testing.T, st Store, dir string) *ImportReport {
	t.Helper()
	files, err := FindFiles(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	rep, err := Import(t.Context(), st, Source{Root: abs, Origin: "file:" + abs,
		Location: func(rel string) string { return "file:" + filepath.Join(abs, rel) }}, files, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		if f.Status == FileInvalid {
			t.Errorf("import %s: %s is invalid: %s", dir, f.File, f.Error)
		}
	}
	return rep
}

func docJSON(t *testing.T, e *Entity) string {
	t.Helper()
	b, err := json.MarshalIndent(e.WithoutSource().Document(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRoundTrip imports the sample catalog, exports it and imports the
// export into a new catalog: every entity must come back field for field.
func TestRoundTrip(t *testing.T) { eachBackend(t, testRoundTrip) }

func testRoundTrip(t *testing.T, b backend) {
	ctx := t.Context()
	first := b.open(t)
	rep := importDir(t, first, "../examples/catalog")
	if got := len(rep.Refs()); got < 25 {
		t.Fatalf("imported %d entities from examples/catalog, want at least 25", got)
	}
	api, err := first.Get(ctx, "api:orders-api")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(api.SpecString("definition"), "openapi: 3.0.3") {
		t.Errorf("orders-api definition = %q, want the $text of openapi.yaml", api.SpecString("definition"))
	}
	team, err := first.Get(ctx, "group:payments-team")
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := team.Spec["profile"].(map[string]any); p["email"] != "payments@acme.example" {
		t.Errorf("payments-team profile = %v, want the $json of payments-team.json", team.Spec["profile"])
	}

	out := t.TempDir()
	n, err := Export(ctx, first, out)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(rep.Refs()) {
		t.Errorf("Export wrote %d entities, want %d", n, len(rep.Refs()))
	}
	second := b.open(t)
	importDir(t, second, out)

	want, err := first.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := second.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want)+1 { // + the export's own Location
		t.Errorf("re-import has %d entities, want %d + the export location", len(got), len(want))
	}
	for _, w := range want {
		g, err := second.Get(ctx, w.Ref().String())
		if err != nil {
			t.Errorf("re-import lost %s: %v", w.Ref(), err)
			continue
		}
		if diff := cmp.Diff(docJSON(t, w), docJSON(t, g)); diff != "" {
			t.Errorf("%s changed on the round trip (-before +after):\n%s", w.Ref(), diff)
		}
	}
	// Exporting the re-import gives the same files.
	again := t.TempDir()
	if _, err := Export(ctx, second, again); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		rel := filepath.FromSlash(ExportFile(w.Ref()))
		a, _ := os.ReadFile(filepath.Join(out, rel))
		b, _ := os.ReadFile(filepath.Join(again, rel))
		if string(a) != string(b) || len(a) == 0 {
			t.Errorf("second export of %s differs from the first:\n%s", rel, cmp.Diff(string(a), string(b)))
		}
	}
}

func TestImportReportsAndOrphans(t *testing.T) { eachBackend(t, testImportReportsAndOrphans) }

func testImportReportsAndOrphans(t *testing.T, b backend) {
	ctx := t.Context()
	dir := t.TempDir()
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/catalog-info.yaml", component("", ""))
	write("b/catalog-info.yaml", strings.Replace(component("", ""), "name: orders", "name: billing", 1))
	write("c/bad.catalog.yaml", strings.Replace(component("", ""), "name: orders", "name: bad name", 1))
	write("node_modules/x/catalog-info.yaml", "not: [valid")
	write("ignored/catalog-info.yaml", "not: [valid")
	write(".gitignore", "ignored/\n")
	write("d/.gitignore", "*.catalog.yaml\n")
	write("d/skip.catalog.yaml", "not: [valid")
	write("e/api.catalog.yml", "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: e}\nspec: {type: openapi, lifecycle: production, owner: g, definition: {$text: ../../outside.txt}}\n")

	files, err := FindFiles(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a/catalog-info.yaml", "b/catalog-info.yaml", "c/bad.catalog.yaml", "e/api.catalog.yml"}, files); diff != "" {
		t.Errorf("FindFiles (-want +got):\n%s", diff)
	}
	st := b.open(t)
	src := Source{Root: dir, Origin: "file:" + dir, Location: func(rel string) string { return "file:" + filepath.Join(dir, rel) }}
	rep, err := Import(ctx, st, src, files, ImportOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]FileStatus{}
	for _, f := range rep.Files {
		status[f.File] = f.Status
	}
	want := map[string]FileStatus{"a/catalog-info.yaml": FileAdded, "b/catalog-info.yaml": FileAdded, "c/bad.catalog.yaml": FileInvalid, "e/api.catalog.yml": FileInvalid}
	if diff := cmp.Diff(want, status); diff != "" {
		t.Errorf("first import (-want +got):\n%s", diff)
	}
	if e := rep.Files[3].Error; !strings.Contains(e, "leaves the repository root") {
		t.Errorf("placeholder outside the root: error %q, want it refused", e)
	}

	// b disappears, a changes: one updated, one orphan; --prune removes it.
	os.RemoveAll(filepath.Join(dir, "b"))
	write("a/catalog-info.yaml", component("  title: Orders\n", ""))
	files, _ = FindFiles(ctx, dir)
	rep, err = Import(ctx, st, src, files, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files[0].Status != FileUpdated {
		t.Errorf("changed file: status %s, want updated", rep.Files[0].Status)
	}
	if diff := cmp.Diff([]string{"component:default/billing"}, rep.Orphans); diff != "" {
		t.Errorf("orphans (-want +got):\n%s", diff)
	}
	if _, err := st.Get(ctx, "billing"); err != nil {
		t.Errorf("an orphan is kept without --prune: %v", err)
	}
	rep, err = Import(ctx, st, src, files, ImportOptions{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Pruned || rep.Files[0].Status != FileUnchanged {
		t.Errorf("prune run: pruned=%v status=%s, want pruned and unchanged", rep.Pruned, rep.Files[0].Status)
	}
	if _, err := st.Get(ctx, "billing"); err == nil {
		t.Error("--prune kept the orphan")
	}
}

func TestPlaceholderSymlinkOutsideRoot(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(outside, []byte("secret"), 0o644)
	if err := os.Symlink(outside, filepath.Join(root, "link.txt")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	file := filepath.Join(root, "catalog-info.yaml")
	os.WriteFile(file, []byte(component("", "  x: {$text: ./link.txt}\n")), 0o644)
	_, err := ParseFile(root, file, "catalog-info.yaml")
	if err == nil || !strings.Contains(err.Error(), "spec.x.$text") {
		t.Errorf("ParseFile with a symlink out of the root = %v, want an error on spec.x.$text", err)
	}
}
