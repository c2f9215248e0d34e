package scorecard

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// A monorepo package scored with a subpath still inherits what the
// repository root says about it: the root LICENSE, CODEOWNERS patterns,
// CI, dependency-update entries. These helpers read the root of the
// repository a snapshot belongs to, whatever its subpath.

// rootPath is how evidence names a file outside the scored folder.
func rootPath(p string) string { return "/" + p }

// rootRead reads a file at the repository root (p relative to it) through
// the snapshot's file system. A symlink, a directory, a binary or an
// oversized file is not read.
func rootRead(s *Snapshot, p string) ([]byte, bool) {
	if s.Subpath == "" {
		data, err := s.ReadText(p)
		return data, err == nil
	}
	if info, err := fs.Stat(s.fsys, p); err != nil || !info.Mode().IsRegular() {
		return nil, false
	}
	data, err := readText(s.fsys, p, p)
	return data, err == nil
}

// rootList lists the regular files directly in dir at the repository root
// ("" for the root itself), sorted.
func rootList(s *Snapshot, dir string) []string {
	if s.Subpath == "" {
		var out []string
		for _, f := range s.files {
			if path.Dir(f) == cleanDir(dir) {
				out = append(out, f)
			}
		}
		return out
	}
	entries, err := fs.ReadDir(s.fsys, cleanDir(dir))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			out = append(out, path.Join(dir, e.Name()))
		}
	}
	slices.Sort(out)
	return out
}

func cleanDir(dir string) string {
	if dir == "" {
		return "."
	}
	return path.Clean(dir)
}

// sourceFile is a file a fact reads: Name is how evidence shows it.
type sourceFile struct {
	Name string // relative to the scored folder, or "/"-prefixed from the root
	Path string // relative to the scored folder, or to the root when Root
	Root bool
}

func (f sourceFile) read(s *Snapshot) ([]byte, bool) {
	if f.Root {
		return rootRead(s, f.Path)
	}
	data, err := s.ReadText(f.Path)
	return data, err == nil
}

// withRoot lists the files of the scored folder accepted by keep and, for a
// subpath, the root's files accepted by keep too (in the root folders dirs).
func withRoot(s *Snapshot, keep func(string) bool, dirs ...string) []sourceFile {
	var out []sourceFile
	for _, f := range s.files {
		if keep(f) {
			out = append(out, sourceFile{Name: f, Path: f})
		}
	}
	if s.Subpath == "" {
		return out
	}
	for _, d := range dirs {
		for _, f := range rootList(s, d) {
			if keep(f) {
				out = append(out, sourceFile{Name: rootPath(f), Path: f, Root: true})
			}
		}
	}
	return out
}

// firstOf returns the first of paths present in the scored folder, else at
// the repository root.
func firstOf(s *Snapshot, paths ...string) (sourceFile, bool) {
	for _, p := range paths {
		if s.Has(p) {
			return sourceFile{Name: p, Path: p}, true
		}
	}
	if s.Subpath != "" {
		for _, p := range paths {
			if _, ok := rootRead(s, p); ok {
				return sourceFile{Name: rootPath(p), Path: p, Root: true}, true
			}
		}
	}
	return sourceFile{}, false
}

// covers reports whether text names the scored folder (its path, or its
// folder name as a word), so a root CI job or config entry applies to it.
func covers(s *Snapshot, text string) bool {
	if s.Subpath == "" {
		return true
	}
	if strings.Contains(text, s.Subpath) {
		return true
	}
	base := path.Base(s.Subpath)
	for i := 0; ; {
		j := strings.Index(text[i:], base)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isWordByte(text[j-1])
		after := j+len(base) >= len(text) || !isWordByte(text[j+len(base)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b == '-' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// manifestDirs are where a monorepo keeps its Kubernetes manifests.
var manifestDirs = []string{"kubernetes-manifests", "k8s", "kubernetes", "deploy", "deployments", "manifests", "kube", "k8s/base", "deploy/k8s"}

// rootManifestHit finds, for a monorepo package, the first match of re in
// the root Kubernetes manifest named after the package (k8s/orders.yaml
// for services/orders).
func rootManifestHit(s *Snapshot, re *regexp.Regexp, what string) (Evidence, bool) {
	if s.Subpath == "" {
		return Evidence{}, false
	}
	base := path.Base(s.Subpath)
	for _, d := range manifestDirs {
		for _, f := range rootList(s, d) {
			name := strings.TrimSuffix(strings.TrimSuffix(path.Base(f), ".yaml"), ".yml")
			if name != base || name == path.Base(f) {
				continue
			}
			data, ok := rootRead(s, f)
			if !ok {
				continue
			}
			if loc := re.FindIndex(data); loc != nil {
				line, text := lineAt(data, loc[0])
				return Evidence{File: rootPath(f), Line: line, Text: text, What: what}, true
			}
		}
	}
	return Evidence{}, false
}
