package scorecard

import (
	"context"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// codeownersPaths are where GitHub and GitLab look for CODEOWNERS, in their order.
var codeownersPaths = []string{"CODEOWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS"}

// Codeowners is the `codeowners` fact. For a monorepo package scored with a
// subpath, the repository root's CODEOWNERS counts through the rule that
// owns the folder (the last matching pattern, as GitHub reads it).
type Codeowners struct {
	Present bool     `cel:"present"`
	Path    string   `cel:"path"`
	Owners  []string `cel:"owners"` // every distinct owner named (for a subpath, of the rule owning it), sorted
	Line    int      `cel:"line"`   // the rule that decided the owners, 0 when none
	Text    string   `cel:"text"`
}

func (c Codeowners) evidence() (bool, []Evidence, string, string) {
	if c.Present && len(c.Owners) > 0 {
		return true, []Evidence{{File: c.Path, Line: c.Line, Text: c.Text, What: "CODEOWNERS"}}, "", ""
	}
	if c.Present {
		return false, []Evidence{{File: c.Path, What: "no owner: no CODEOWNERS rule names an owner for this folder"}}, "a CODEOWNERS rule with an owner for the folder", ""
	}
	return false, nil, "no CODEOWNERS (root, .github/, .gitlab/, docs/) in the folder nor at the repository root", ""
}

// CodeownersFact exposes `codeowners`: the first CODEOWNERS file found and its owners.
func CodeownersFact() Fact {
	return Fact{
		Name: "codeowners",
		Doc:  "CODEOWNERS (root, .github/, .gitlab/ or docs/; for a subpath also the repository root's rules covering it): present, path, owners, line, text",
		Go:   Codeowners{},
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			for _, p := range codeownersPaths {
				if !s.Has(p) {
					continue
				}
				data, err := s.ReadText(p)
				if err != nil {
					return nil, err
				}
				c := Codeowners{Present: true, Path: p, Owners: parseCodeowners(string(data))}
				c.Line, c.Text = firstRule(string(data))
				return c, nil
			}
			if s.Subpath != "" {
				for _, p := range codeownersPaths {
					data, ok := rootRead(s, p)
					if !ok {
						continue
					}
					c := Codeowners{Present: true, Path: rootPath(p), Owners: []string{}}
					line, text, owners := owning(string(data), s.Subpath)
					if len(owners) > 0 {
						c.Owners, c.Line, c.Text = owners, line, text
					}
					return c, nil
				}
			}
			return Codeowners{Owners: []string{}}, nil
		},
	}
}

func firstRule(data string) (int, string) {
	for i, line := range strings.Split(data, "\n") {
		if j := strings.Index(line, "#"); j >= 0 {
			line = line[:j]
		}
		if len(strings.Fields(line)) >= 2 && !strings.HasPrefix(strings.TrimSpace(line), "[") {
			return i + 1, strings.TrimSpace(line)
		}
	}
	return 0, ""
}

// owning returns the last rule whose pattern covers the folder sub.
func owning(data, sub string) (int, string, []string) {
	var line int
	var text string
	var owners []string
	for i, l := range strings.Split(data, "\n") {
		if j := strings.Index(l, "#"); j >= 0 {
			l = l[:j]
		}
		f := strings.Fields(l)
		if len(f) == 0 || strings.HasPrefix(f[0], "[") {
			continue
		}
		if patternCovers(f[0], sub) {
			line, text, owners = i+1, strings.TrimSpace(l), f[1:]
		}
	}
	o := slices.Clone(owners)
	slices.Sort(o)
	return line, text, slices.Compact(o)
}

// patternCovers reports whether a CODEOWNERS pattern owns the folder sub
// (every file in it): "*", "/src/", "src/frontend/**", "frontend/".
func patternCovers(pat, sub string) bool {
	anchored := strings.HasPrefix(pat, "/") || strings.Contains(strings.TrimSuffix(pat, "/"), "/")
	p := strings.Trim(pat, "/")
	p = strings.TrimSuffix(p, "/**")
	p = strings.TrimSuffix(p, "/*")
	if p == "*" || p == "**" || p == "" {
		return true
	}
	if !anchored {
		// A bare name matches a folder of that name at any depth.
		for seg := range strings.SplitSeq(sub, "/") {
			if ok, _ := doublestar.Match(p, seg); ok {
				return true
			}
		}
		return false
	}
	parts := strings.Split(sub, "/")
	for i := range parts {
		if ok, _ := doublestar.Match(p, strings.Join(parts[:i+1], "/")); ok {
			return true
		}
	}
	return false
}

func parseCodeowners(data string) []string {
	owners := []string{}
	for line := range strings.SplitSeq(data, "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "[") {
			continue // no owner, or a GitLab section header
		}
		owners = append(owners, f[1:]...)
	}
	slices.Sort(owners)
	return slices.Compact(owners)
}
