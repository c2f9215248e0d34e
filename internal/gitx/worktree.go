package gitx

import (
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// globalExcludes reads the user's core.excludesFile, as git does; a
// missing or unreadable one ignores nothing.
func globalExcludes() []gitignore.Pattern {
	ps, _ := gitignore.LoadGlobalPatterns(osfs.New("/"))
	return ps
}

func parseIgnore(data []byte, domain []string) []gitignore.Pattern {
	var ps []gitignore.Pattern
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps
}

// WalkOptions says which files of a work tree [Visible] lists.
type WalkOptions struct {
	// Sub is the folder to list, slash-separated from the root; the
	// .gitignore files of its parents apply too. "" is the whole tree.
	Sub string
	// Tracked are the index's files, sorted ([Repo.Tracked]): listed while
	// they exist, ignored or not. nil outside a repository.
	Tracked []string
	// Repo applies .git/info/exclude and the user's core.excludesFile.
	Repo bool
	// SkipDir names folders never entered (dependencies, build output);
	// nil enters every folder but .git.
	SkipDir func(name string) bool
}

// Visible lists the files of a work tree below o.Sub that `git status`
// shows, relative to o.Sub and sorted: files that are tracked and still
// there, and files that no ignore pattern matches; each folder's
// .gitignore applies below it. fsys is the work tree's root; its ReadDir
// must not follow symlinks. Symlinked folders are listed as files and
// never entered; FIFOs, sockets and devices are left out; nested
// repositories are left out as git leaves them. The list is never nil.
func Visible(ctx context.Context, fsys fs.ReadDirFS, o WalkOptions) ([]string, error) {
	sub, tracked := o.Sub, o.Tracked
	var excludes []gitignore.Pattern
	if o.Repo {
		excludes = globalExcludes()
		if data, err := fs.ReadFile(fsys, ".git/info/exclude"); err == nil {
			excludes = append(excludes, parseIgnore(data, nil)...)
		}
	}
	isTracked := func(p string) bool {
		_, ok := slices.BinarySearch(tracked, p)
		return ok
	}
	trackedUnder := func(dir string) bool {
		i, _ := slices.BinarySearch(tracked, dir+"/")
		return i < len(tracked) && strings.HasPrefix(tracked[i], dir+"/")
	}
	files := []string{}
	var walk func(dir string, parts []string, ps []gitignore.Pattern) error
	walk = func(dir string, parts []string, ps []gitignore.Pattern) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := dir
		if name == "" {
			name = "."
		}
		entries, err := fsys.ReadDir(name)
		if err != nil {
			if dir == "" || dir == sub {
				return err
			}
			return nil // unreadable folders are skipped, as git would
		}
		for _, e := range entries {
			if e.Name() == ".git" && dir != "" {
				return nil // a nested repository: git lists none of its files
			}
		}
		for _, e := range entries {
			if e.Name() == ".gitignore" && !e.IsDir() {
				if data, err := fs.ReadFile(fsys, path.Join(dir, ".gitignore")); err == nil {
					ps = append(slices.Clip(ps), parseIgnore(data, parts)...)
				}
				break
			}
		}
		m := gitignore.NewMatcher(ps)
		for _, e := range entries {
			rel := path.Join(dir, e.Name())
			// Above sub only the folders on the way down matter.
			inside := sub == "" || strings.HasPrefix(rel, sub+"/") || rel == sub
			if !inside && !(e.IsDir() && strings.HasPrefix(sub, rel+"/")) {
				continue
			}
			p := append(slices.Clip(parts), e.Name())
			if e.IsDir() {
				if e.Name() == ".git" || o.SkipDir != nil && o.SkipDir(e.Name()) {
					continue
				}
				if inside && m.Match(p, true) && !trackedUnder(rel) {
					continue
				}
				if err := walk(rel, p, ps); err != nil {
					return err
				}
				continue
			}
			if t := e.Type(); !t.IsRegular() && t&fs.ModeSymlink == 0 {
				continue // a FIFO, socket or device is never a file to score
			}
			if isTracked(rel) || !m.Match(p, false) {
				if sub == "" {
					files = append(files, rel)
				} else if r, ok := strings.CutPrefix(rel, sub+"/"); ok {
					files = append(files, r)
				}
			}
		}
		return nil
	}
	if err := walk("", nil, excludes); err != nil {
		return nil, err
	}
	slices.Sort(files)
	return files, nil
}
