package update

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/paved-dev/paved/internal/merge"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/scaffold"
)

// runHooks runs a render's after-hooks in a temporary folder named like
// the project, as `paved new` would have, and replaces the render's files
// with what the folder then holds (what its .gitignore excludes left out):
// the lockfiles the hooks write and the manifests they rewrite (go mod tidy
// rewrites go.mod) then match the previous pristine commit's, instead of
// looking removed or reverted by the template.
func runHooks(ctx context.Context, r *Rendered, name string, env Env) error {
	sweepHookDirs(os.TempDir())
	tmp, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", hookDirPrefix, os.Getpid()))
	if err != nil {
		return fmt.Errorf("run the template's hooks: %w", err)
	}
	defer os.RemoveAll(tmp)
	target := filepath.Join(tmp, name)
	if _, err := scaffold.Generate(ctx, r.Plan, target, scaffold.GenerateOptions{RunHooks: true, Log: env.Log, Progress: env.Progress, HideEnv: env.HideEnv}); err != nil {
		return err
	}
	ignored := ignoreMatcher(r.Files)
	files := Files{}
	err = filepath.WalkDir(target, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(target, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		parts := strings.Split(rel, "/")
		switch {
		case d.IsDir():
			if rel == ".git" || ignored(parts, true) {
				return filepath.SkipDir
			}
			return nil
		case !d.Type().IsRegular(), ignored(parts, false), rel == project.FileName:
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		mode := fs.FileMode(0o644)
		if info.Mode()&0o111 != 0 {
			mode = 0o755
		}
		files[rel] = &merge.Blob{Data: data, Mode: mode}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read what the template's hooks wrote: %w", err)
	}
	r.Files = files
	return nil
}

// hookDirPrefix starts the name of the temporary folder the hooks run in,
// followed by paved's pid: a run killed meanwhile leaves it behind, and the
// next run removes it.
const hookDirPrefix = "paved-update-"

// sweepHookDirs removes the hook folders of paved runs that died. Where a
// process cannot be probed (not unix) nothing is removed.
func sweepHookDirs(base string) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		return
	}
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), hookDirPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(base, e.Name()))
	}
}

// processAlive reports whether pid may still run (EPERM: someone else's).
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ignoreMatcher matches paths against the .gitignore files among files
// (each applying below its own folder, deeper ones last), as git does.
func ignoreMatcher(files Files) func(parts []string, isDir bool) bool {
	var ignores []string
	for p := range files {
		if path.Base(p) == ".gitignore" {
			ignores = append(ignores, p)
		}
	}
	if len(ignores) == 0 {
		return func([]string, bool) bool { return false }
	}
	sort.Slice(ignores, func(i, j int) bool {
		di, dj := strings.Count(ignores[i], "/"), strings.Count(ignores[j], "/")
		if di != dj {
			return di < dj
		}
		return ignores[i] < ignores[j]
	})
	var patterns []gitignore.Pattern
	for _, p := range ignores {
		var domain []string
		if d := path.Dir(p); d != "." {
			domain = strings.Split(d, "/")
		}
		for _, line := range strings.Split(string(files[p].Data), "\n") {
			line = strings.TrimRight(line, "\r")
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			patterns = append(patterns, gitignore.ParsePattern(line, domain))
		}
	}
	return gitignore.NewMatcher(patterns).Match
}

// dropIgnored removes the files the render's own .gitignore files exclude:
// `paved new` never commits them, so neither do the pristine commits, and
// an update never adds them to the project's history.
func dropIgnored(files Files) {
	ignored := ignoreMatcher(files)
	for p := range files {
		parts := strings.Split(p, "/")
		drop := ignored(parts, false)
		for i := 1; i < len(parts) && !drop; i++ {
			drop = ignored(parts[:i], true)
		}
		if drop {
			delete(files, p)
		}
	}
}
