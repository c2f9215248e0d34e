package fleet

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/templates"
)

func TestLatestVersions(t *testing.T) {
	t.Parallel()
	var calls sync.Map // source → number of tag listings
	tags := func(_ context.Context, tpl *source.Template) ([]string, error) {
		n, _ := calls.LoadOrStore(tpl.Source, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		if strings.Contains(tpl.Source, "offline") {
			return nil, errors.New("dial tcp: no route to host")
		}
		return []string{"v1.4.0", "v1.3.2"}, nil
	}
	latest := latestVersions(t.Context(), tags)
	tests := []struct {
		name, template, source, want string
	}{
		{"a built-in template's version is paved's own", "minimal", "builtin", builtinVersion(t, "minimal")},
		{"a git template's newest tag, without its v", "svc", "git::https://git.example/acme/t.git//svc", "1.4.0"},
		{"an unreachable source is unknown, not a failure", "svc", "git::https://offline.example/t.git", ""},
		{"a folder template has no versions", "svc", "/srv/templates/svc", ""},
	}
	for _, tt := range tests {
		for range 3 { // asked for by three repositories
			if got := latest(tt.template, tt.source); got != tt.want {
				t.Errorf("%s: latest(%q, %q) = %q, want %q", tt.name, tt.template, tt.source, got, tt.want)
			}
		}
	}
	calls.Range(func(src, n any) bool {
		if got := n.(*atomic.Int32).Load(); got != 1 {
			t.Errorf("tags of %s listed %d times, want once", src, got)
		}
		return true
	})
}

func builtinVersion(t *testing.T, name string) string {
	t.Helper()
	sub, err := fs.Sub(templates.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	return m.Spec.Version
}
