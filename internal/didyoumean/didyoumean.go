// Package didyoumean finds the known word a mistyped one was meant to be,
// for the "did you mean" part of an error.
package didyoumean

import "strings"

// Distance counts the edits that turn a into b.
type Distance func(a, b string) int

// Closest returns the known word closest to s, if it is close enough to be
// a typo (a different case, or at most a third of its length in edits as
// dist counts them), else "". Words are compared without regard to case.
func Closest(s string, known []string, dist Distance) string {
	best, bestDist := "", len(s)/3+1
	for _, k := range known {
		if k == "" {
			continue
		}
		if strings.EqualFold(k, s) {
			return k
		}
		if d := dist(strings.ToLower(s), strings.ToLower(k)); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// Levenshtein is the edit distance with insertions, deletions and
// substitutions: a swap of two neighbours counts as two edits.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// OptimalAlignment is the optimal string alignment distance: insertions,
// deletions, substitutions and transpositions of neighbours, a swap
// counting as one edit.
func OptimalAlignment(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
