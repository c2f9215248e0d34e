package manifest

import "strings"

// suggest returns the known word closest to s, if it is close enough to be
// a typo (a different case, or an edit distance of at most a third of its
// length), else "".
func suggest(s string, known []string) string {
	best, bestDist := "", len(s)/3+1
	for _, k := range known {
		if k == "" {
			continue
		}
		if strings.EqualFold(k, s) {
			return k
		}
		if dist := levenshtein(strings.ToLower(s), strings.ToLower(k)); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	return best
}

func levenshtein(a, b string) int {
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
