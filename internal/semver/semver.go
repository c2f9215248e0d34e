// Package semver parses and orders semantic versions (semver.org 2.0.0,
// no leading "v"): template versions in template.yaml and .paved.yaml,
// migration versions, git tags and tool versions. It is a leaf: it imports
// only the standard library, so every layer (manifest, update, scorecard,
// source, doctor) can use it. It must not import anything of paved's.
package semver

import (
	"strconv"
	"strings"
)

// Valid reports whether v is a semantic version such as 1.2.3 or
// 1.2.3-rc.1+build.5 (semver.org 2.0.0; no leading "v").
func Valid(v string) bool {
	_, _, ok := parse(v)
	return ok
}

// parse splits a semantic version into its numbers and pre-release.
// It is hand-written rather than the usual regexp, whose compilation at
// package init would cost every paved command start-up time.
func parse(v string) (nums [3]uint64, pre string, ok bool) {
	v, build, hasBuild := strings.Cut(v, "+")
	if hasBuild && !dotted(build, false) {
		return nums, "", false
	}
	core, pre, hasPre := strings.Cut(v, "-")
	if hasPre && !dotted(pre, true) {
		return nums, "", false
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return nums, "", false
	}
	for i, p := range parts {
		if !numeric(p) || len(p) > 1 && p[0] == '0' {
			return nums, "", false
		}
		n, err := strconv.ParseUint(p, 10, 64)
		if err != nil {
			return nums, "", false
		}
		nums[i] = n
	}
	return nums, pre, true
}

// dotted checks dot-separated identifiers of [0-9A-Za-z-]; in a
// pre-release, numeric identifiers have no leading zero.
func dotted(s string, pre bool) bool {
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return false
		}
		for _, r := range id {
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
				return false
			}
		}
		if pre && numeric(id) && len(id) > 1 && id[0] == '0' {
			return false
		}
	}
	return true
}

func numeric(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Compare orders two semantic versions (-1, 0, +1) by major, minor,
// patch, then a release after its pre-releases; build metadata is ignored.
// Invalid versions sort first, among themselves by their text.
func Compare(a, b string) int {
	na, pa, okA := parse(a)
	nb, pb, okB := parse(b)
	switch {
	case !okA && !okB:
		return strings.Compare(a, b)
	case !okA:
		return -1
	case !okB:
		return 1
	}
	for i := range 3 {
		if na[i] != nb[i] {
			if na[i] < nb[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case pa == pb:
		return 0
	case pa == "":
		return 1
	case pb == "":
		return -1
	default:
		return comparePrerelease(pa, pb)
	}
}

func comparePrerelease(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, errX := strconv.ParseUint(as[i], 10, 64)
		y, errY := strconv.ParseUint(bs[i], 10, 64)
		switch {
		case errX == nil && errY == nil && x != y:
			if x < y {
				return -1
			}
			return 1
		case errX == nil && errY != nil:
			return -1
		case errX != nil && errY == nil:
			return 1
		case errX != nil && errY != nil && as[i] != bs[i]:
			return strings.Compare(as[i], bs[i])
		}
	}
	switch {
	case len(as) < len(bs):
		return -1
	case len(as) > len(bs):
		return 1
	}
	return 0
}
