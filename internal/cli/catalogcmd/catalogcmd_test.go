package catalogcmd

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

func testDeps(t *testing.T) (*cmdutil.Deps, *iostreams.IOStreams) {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	env := map[string]string{"HOME": t.TempDir(), "PAVED_CATALOG": filepath.Join(t.TempDir(), "catalog.db")}
	return &cmdutil.Deps{IO: ios, Getenv: func(k string) string { return env[k] }}, ios
}

func TestListFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		argv []string
		want ListOptions
	}{
		{"defaults", nil, ListOptions{Output: "table"}},
		{"every filter", []string{"--kind", "api", "--owner", "payments", "--type", "openapi", "--lifecycle", "production", "--system", "commerce", "--tag", "rest", "-q", "orders", "--limit", "5", "-o", "json"},
			ListOptions{Output: "json", Filter: catalog.Filter{Kind: "api", Owner: "payments", Type: "openapi", Lifecycle: "production", System: "commerce", Tag: "rest", Query: "orders", Limit: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, _ := testDeps(t)
			var got *ListOptions
			cmd := NewListCmd(d, func(_ context.Context, o *ListOptions) error { got = o; return nil })
			cmd.SetArgs(tt.argv)
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, *got, cmpopts.IgnoreFields(ListOptions{}, "IO", "Open")); diff != "" {
				t.Errorf("paved catalog list %v (-want +got):\n%s", tt.argv, diff)
			}
		})
	}
}

func TestCommandArgs(t *testing.T) {
	t.Parallel()
	d, _ := testDeps(t)
	var reg *RegisterOptions
	cmd := NewRegisterCmd(d, func(_ context.Context, o *RegisterOptions) error { reg = o; return nil })
	cmd.SetArgs([]string{"svc", "--prune", "-o", "json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if reg.Target != "svc" || !reg.Prune || reg.Output != "json" || reg.Open == nil {
		t.Errorf("register options = %+v", reg)
	}
	var imp *ImportOptions
	cmd = NewImportCmd(d, func(_ context.Context, o *ImportOptions) error { imp = o; return nil })
	cmd.SetArgs([]string{"a", "b", "-j", "3"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b"}, imp.Targets); diff != "" || imp.Jobs != 3 || imp.Prune {
		t.Errorf("import options = %+v", imp)
	}
	var g *GraphOptions
	cmd = NewGraphCmd(d, func(_ context.Context, o *GraphOptions) error { g = o; return nil })
	cmd.SetArgs([]string{"-f", "mermaid", "--root", "orders"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if g.Format != "mermaid" || g.Root != "orders" {
		t.Errorf("graph options = %+v", g)
	}
}

func TestRunListOutputs(t *testing.T) {
	ctx := t.Context()
	d, ios := testDeps(t)
	st, err := catalog.Open(ctx, d.CatalogPath())
	if err != nil {
		t.Fatal(err)
	}
	ents, err := catalog.Parse([]byte(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: orders, title: Orders}
spec: {type: service, lifecycle: production, owner: payments}
`), catalog.ParseOptions{File: "x.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Upsert(ctx, ents); err != nil {
		t.Fatal(err)
	}
	st.Close()
	tests := []struct {
		output string
		want   string
	}{
		{"table", "REF               TYPE     LIFECYCLE   OWNER           TITLE\ncomponent:orders  service  production  group:payments  Orders\n"},
		{"yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\n  title: Orders\nspec:\n  type: service\n  lifecycle: production\n  owner: payments\n"},
	}
	for _, tt := range tests {
		t.Run(tt.output, func(t *testing.T) {
			ios.Out.(interface{ Reset() }).Reset()
			err := RunList(ctx, &ListOptions{IO: ios, Open: opener(d), Output: tt.output})
			if err != nil {
				t.Fatal(err)
			}
			if got := ios.Out.(interface{ String() string }).String(); got != tt.want {
				t.Errorf("RunList -o %s:\n%s\nwant:\n%s", tt.output, got, tt.want)
			}
		})
	}
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		tty   bool
		total int
		want  string
	}{
		{"terminal, many files", true, 100, "Reading catalog files [==="},
		{"not a terminal", false, 100, ""},
		{"terminal, few files", true, 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, _, errOut := iostreams.Test()
			ios.ErrTTY = tt.tty
			p := newProgress(ios, tt.total)
			for i := 1; i <= tt.total; i++ {
				p.update(i, tt.total)
			}
			p.done()
			if got := errOut.String(); !strings.Contains(got, tt.want) || (tt.want == "" && got != "") {
				t.Errorf("progress output %q, want it to contain %q", got, tt.want)
			}
		})
	}
}
