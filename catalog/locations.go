package catalog

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// maxLocationDepth bounds how deeply Locations may list Locations: a chain
// longer than this is cut, and cycles end as soon as a file repeats.
const maxLocationDepth = 32

// LocationOptions tune [FollowLocations].
type LocationOptions struct {
	// MapURL maps a target URL inside the source being read (the same git
	// repository) to a slash path relative to the root; nil maps none.
	MapURL func(url string) (string, bool)
}

// FollowLocations returns files (slash paths relative to root) plus every
// file the Location entities among them list in spec.target and
// spec.targets, recursively, as Backstage's processing follows them:
// relative targets are resolved against the Location's own file, file
// targets may be globs (as Backstage's file reader allows), and URLs inside
// the same source are read from it through o.MapURL. Cycles end when a file
// repeats. A target that cannot be followed (missing, outside root, a URL
// elsewhere: paved reads no network) is reported in the returned Errors,
// naming the Location's file, line and target; the other targets are
// still followed, so callers import what was found and report the rest.
// A target with presence: optional that is missing is skipped silently.
func FollowLocations(root string, files []string, o LocationOptions) ([]string, Errors) {
	type item struct {
		file  string
		depth int
	}
	seen := map[string]bool{}
	var out []string
	var errs Errors
	queue := make([]item, 0, len(files))
	for _, f := range files {
		queue = append(queue, item{path.Clean(f), 0})
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		if seen[it.file] {
			continue
		}
		seen[it.file] = true
		out = append(out, it.file)
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(it.file)))
		if err != nil || !strings.Contains(string(data), "Location") {
			continue
		}
		ents, _ := Parse(data, ParseOptions{File: it.file})
		for _, e := range ents {
			if e.Kind != KindLocation {
				continue
			}
			targets := e.SpecStrings("targets")
			if t := e.SpecString("target"); t != "" {
				targets = append(targets, t)
			}
			optional := e.SpecString("presence") == "optional"
			fail := func(t, msg, fix string) {
				errs = append(errs, &Error{File: it.file, Doc: e.Doc, Line: e.Line, Field: "spec.targets",
					Msg: fmt.Sprintf("Location %s: target %s %s", e.Metadata.Name, t, msg), Fix: fix})
			}
			if it.depth >= maxLocationDepth && len(targets) > 0 {
				fail(targets[0], fmt.Sprintf("not followed: Locations nest more than %d deep", maxLocationDepth), "list the files from a Location nearer the top")
				continue
			}
			for _, t := range targets {
				found, msg, fix := resolveTarget(root, it.file, e.SpecString("type"), t, o)
				if msg != "" {
					if optional && msg == msgMissing {
						continue
					}
					fail(t, msg, fix)
					continue
				}
				for _, f := range found {
					queue = append(queue, item{f, it.depth + 1})
				}
			}
		}
	}
	return out, errs
}

const msgMissing = "does not exist"

// resolveTarget turns one Location target into files relative to root, or
// says why it cannot be followed.
func resolveTarget(root, from, typ, t string, o LocationOptions) (files []string, msg, fix string) {
	if placeholderURLRe.MatchString(t) {
		if typ == "file" {
			return nil, "is a URL but the Location's type is file", "write type: url, or a path relative to the Location's file"
		}
		rel, ok := "", false
		if o.MapURL != nil {
			rel, ok = o.MapURL(t)
		}
		if !ok {
			return nil, "is outside the source being read: not fetched (paved reads no network)", "register or import that repository itself, or keep the file in this one"
		}
		return checkTarget(root, path.Clean(rel))
	}
	rel := t
	if strings.HasPrefix(t, "/") {
		rel = strings.TrimPrefix(path.Clean(t), "/")
		abs, err := filepath.Abs(root)
		if err == nil && strings.HasPrefix(filepath.Clean(filepath.FromSlash(t)), abs+string(filepath.Separator)) {
			r, _ := filepath.Rel(abs, filepath.FromSlash(t))
			rel = filepath.ToSlash(r)
		} else {
			return nil, "is an absolute path outside the repository", "make it relative to the Location's file"
		}
	} else {
		rel = path.Join(path.Dir(from), t)
	}
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return nil, "leaves the repository root", "keep targets inside the repository"
	}
	if strings.ContainsAny(t, "*?[{") {
		if typ == "url" {
			return nil, "is a glob, which Backstage reads only in file targets", "write type: file, or list the files"
		}
		matches, err := doublestar.Glob(os.DirFS(root), rel, doublestar.WithFilesOnly())
		if err != nil {
			return nil, fmt.Sprintf("is not a valid glob: %v", err), "fix the pattern"
		}
		if len(matches) == 0 {
			return nil, "matches no file", "fix the pattern, relative to the Location's file"
		}
		slices.Sort(matches)
		return matches, "", ""
	}
	return checkTarget(root, rel)
}

func checkTarget(root, rel string) ([]string, string, string) {
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return nil, "leaves the repository root", "keep targets inside the repository"
	}
	fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, msgMissing, "fix the path, relative to the Location's file, or mark the Location presence: optional"
	}
	if fi.IsDir() {
		return nil, "is a folder", "name the catalog file, e.g. " + path.Join(rel, FileName)
	}
	return []string{rel}, "", ""
}

// GitURLMapper maps URLs of files inside the git repository at repoURL
// (https://host/org/repo, with or without .git) to slash paths in it:
// .../blob/REF/PATH, .../tree/REF/PATH, .../-/blob/REF/PATH (GitLab),
// .../raw/REF/PATH and .../src/REF/PATH (Gitea, Bitbucket). The file is
// read at the commit fetched, whatever REF names.
func GitURLMapper(repoURL string) func(string) (string, bool) {
	base := strings.TrimSuffix(strings.TrimSuffix(repoURL, "/"), ".git")
	return func(u string) (string, bool) {
		rest, ok := strings.CutPrefix(u, base+"/")
		if !ok {
			return "", false
		}
		rest = strings.TrimPrefix(rest, "-/")
		kind, rest, ok := strings.Cut(rest, "/")
		if !ok || (kind != "blob" && kind != "tree" && kind != "raw" && kind != "src") {
			return "", false
		}
		_, p, ok := strings.Cut(rest, "/") // drop the ref
		if !ok || p == "" {
			return "", false
		}
		if i := strings.IndexAny(p, "?#"); i >= 0 {
			p = p[:i]
		}
		return path.Clean(p), true
	}
}
