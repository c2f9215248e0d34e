package scorecard

import (
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// expandBraces turns "a/{b,c}.{x,y}" into its alternatives. It reports false
// for nested or escaped braces, which are left to doublestar.
func expandBraces(p string) ([]string, bool) {
	if strings.Contains(p, "\\") {
		return nil, false
	}
	open := strings.IndexByte(p, '{')
	if open < 0 {
		return []string{p}, !strings.ContainsRune(p, '}')
	}
	closing := strings.IndexByte(p[open:], '}')
	if closing < 0 {
		return nil, false
	}
	closing += open
	inner := p[open+1 : closing]
	if strings.ContainsRune(inner, '{') {
		return nil, false
	}
	rest, ok := expandBraces(p[closing+1:])
	if !ok {
		return nil, false
	}
	var out []string
	for _, alt := range strings.Split(inner, ",") {
		for _, r := range rest {
			out = append(out, p[:open]+alt+r)
		}
	}
	return out, true
}

// matchFiles is Glob's engine over a sorted file list. Brace alternatives are
// matched one by one, each against the narrowest candidates: a literal path
// is a lookup, "**/*.ext" a suffix test, "dir/…" only the files under dir.
// Everything else falls back to doublestar on every file.
func matchFiles(files []string, pattern string) []string {
	alts, ok := expandBraces(pattern)
	if !ok {
		return matchAll(files, pattern)
	}
	var out []string
	for _, alt := range alts {
		out = append(out, matchAlt(files, alt)...)
	}
	if len(alts) > 1 {
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out
}

func matchAll(files []string, pattern string) []string {
	var out []string
	for _, f := range files {
		if doublestar.MatchUnvalidated(pattern, f) {
			out = append(out, f)
		}
	}
	return out
}

func matchAlt(files []string, alt string) []string {
	if !hasMeta(alt) {
		if _, ok := slices.BinarySearch(files, alt); ok {
			return []string{alt}
		}
		return nil
	}
	if rest, ok := strings.CutPrefix(alt, "**/*"); ok && !hasMeta(rest) && !strings.Contains(rest, "/") {
		var out []string
		for _, f := range files {
			if strings.HasSuffix(f, rest) {
				out = append(out, f)
			}
		}
		return out
	}
	// Only files under the pattern's literal folder can match.
	prefix := ""
	if i := strings.IndexAny(alt, "*?["); i >= 0 {
		if j := strings.LastIndexByte(alt[:i], '/'); j >= 0 {
			prefix = alt[:j+1]
		}
	}
	lo, _ := slices.BinarySearch(files, prefix)
	var out []string
	for _, f := range files[lo:] {
		if !strings.HasPrefix(f, prefix) {
			break
		}
		if doublestar.MatchUnvalidated(alt, f) {
			out = append(out, f)
		}
	}
	return out
}
