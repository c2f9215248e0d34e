package portal

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/portal/api"
)

// importDir reads the folder an origin "file:/abs/dir" names into st,
// the test's stand-in for the register use case.
func importDir(ctx context.Context, st catalog.Store, origin string) (*catalog.ImportReport, error) {
	dir := strings.TrimPrefix(origin, "file:")
	files, err := catalog.FindFiles(ctx, dir)
	if err != nil {
		return nil, err
	}
	return catalog.Import(ctx, st, catalog.Source{Root: dir, Origin: origin}, files, catalog.ImportOptions{})
}

const goodYAML = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
spec:
  type: service
  lifecycle: production
  owner: team-a
`

func TestRefresh(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("catalog-info.yaml", goodYAML)
	origin := "file:" + dir
	if _, err := importDir(ctx, st, origin); err != nil {
		t.Fatal(err)
	}
	// The file changes after registration: a new title, and a second
	// document with no name.
	write("catalog-info.yaml", strings.Replace(goodYAML, "name: orders", "name: orders\n  title: Orders", 1)+"---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  title: nameless\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n")
	scored := 0
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	rf := &Refresher{Reread: importDir, Score: func(context.Context, catalog.Store) error { scored++; return nil }, Now: func() time.Time { return at }}
	if err := rf.Trigger(ctx, st); err != nil {
		t.Fatal(err)
	}
	rf.Wait()
	s := rf.Status()
	if s.Running || s.Runs != 1 || s.Done != 1 || s.Total != 1 || !s.Scored || scored != 1 || s.Error != "" {
		t.Errorf("status = %+v", s)
	}
	if len(s.Errors) != 1 {
		t.Fatalf("errors = %+v, want one", s.Errors)
	}
	e := s.Errors[0]
	if e.Location != origin || !strings.HasSuffix(e.File, "catalog-info.yaml") || e.Line != 14 || !strings.Contains(e.Message, "metadata.name") || !e.At.Equal(at) {
		t.Errorf("processing error = %+v, want the nameless document's metadata at line 14", e)
	}

	// Fixed: the next refresh reads the file and clears the error.
	write("catalog-info.yaml", strings.Replace(goodYAML, "name: orders", "name: orders\n  title: Orders", 1))
	if err := rf.Trigger(ctx, st); err != nil {
		t.Fatal(err)
	}
	rf.Wait()
	if s := rf.Status(); len(s.Errors) != 0 || s.Runs != 2 {
		t.Errorf("after the fix: %+v", s)
	}
	got, err := st.Get(ctx, "orders")
	if err != nil || got.Metadata.Title != "Orders" {
		t.Errorf("refreshed entity = %+v, %v", got, err)
	}
}

func TestRefreshOneAtATime(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "catalog-info.yaml"), []byte(goodYAML), 0o644)
	if _, err := importDir(ctx, st, "file:"+dir); err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	rf := &Refresher{Reread: func(ctx context.Context, st catalog.Store, origin string) (*catalog.ImportReport, error) {
		<-release
		return nil, errors.New("unreachable")
	}}
	if err := rf.Trigger(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := rf.Trigger(ctx, st); !errors.Is(err, api.ErrBusy) {
		t.Errorf("second Trigger = %v, want ErrBusy", err)
	}
	if !rf.Status().Running {
		t.Error("status does not say running")
	}
	close(release)
	rf.Wait()
	s := rf.Status()
	if len(s.Errors) != 1 || s.Errors[0].Message != "unreachable" || s.Errors[0].Location != "file:"+dir {
		t.Errorf("a failed location: %+v", s.Errors)
	}
}
