package fleet

import (
	"context"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/templates"
)

// latestVersions knows the current version of every built-in template and,
// through tags, of git templates: one tag listing per source however many
// repositories use it. A source that cannot be reached gives "" (unknown),
// which makes paved-latest not applicable rather than failed.
func latestVersions(ctx context.Context, tags func(context.Context, *source.Template) ([]string, error)) func(name, source string) string {
	builtins := sync.OnceValue(func() map[string]string {
		out := map[string]string{}
		for _, name := range templates.Names() {
			sub, err := fs.Sub(templates.FS, name)
			if err != nil {
				continue
			}
			if m, err := manifest.Load(sub); err == nil {
				out[name] = m.Spec.Version
			}
		}
		return out
	})
	var mu sync.Mutex
	git := map[string]func() string{}
	return func(name, src string) string {
		switch {
		case src == "" || src == "builtin":
			return builtins()[name]
		case tags == nil || !strings.HasPrefix(src, "git::"):
			return "" // a folder template has no versions paved can compare
		}
		mu.Lock()
		latest, ok := git[src]
		if !ok {
			latest = sync.OnceValue(func() string {
				lctx, cancel := context.WithTimeout(ctx, 20*time.Second)
				defer cancel()
				list, err := tags(lctx, &source.Template{Kind: source.KindGit, Source: src, Name: name})
				if err != nil || len(list) == 0 {
					return ""
				}
				return strings.TrimPrefix(list[0], "v")
			})
			git[src] = latest
		}
		mu.Unlock()
		return latest()
	}
}
