package scorecard

import (
	"bytes"
	"regexp"
	"regexp/syntax"
	"strings"
)

// matcher is a compiled grep pattern with a literal prefilter: most files
// contain none of the literals every match must include, and bytes.Index
// rejects them far faster than the regexp engine.
type matcher struct {
	re       *regexp.Regexp
	literals [][]byte // a match contains at least one of these; nil: no prefilter
	rare     []int    // per literal, the offset of its rarest byte, or -1 when every byte is common
}

func newMatcher(re *regexp.Regexp, pattern string) *matcher {
	m := &matcher{re: re}
	if tree, err := syntax.Parse(pattern, syntax.Perl); err == nil {
		for _, l := range minimalLiterals(required(tree.Simplify())) {
			m.literals = append(m.literals, []byte(l))
			m.rare = append(m.rare, rarest(l))
		}
	}
	return m
}

// Match reports whether data has a match.
func (m *matcher) Match(data []byte) bool {
	if m.literals != nil {
		found := false
		for i, l := range m.literals {
			if contains(data, l, m.rare[i]) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return m.re.Match(data)
}

// required returns literals one of which every match contains, or nil.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		// The child whose shortest literal is longest filters best.
		var best []string
		bestLen := 0
		for _, s := range re.Sub {
			lits := required(s)
			if len(lits) == 0 {
				continue
			}
			shortest := len(lits[0])
			for _, l := range lits {
				shortest = min(shortest, len(l))
			}
			if shortest > bestLen {
				best, bestLen = lits, shortest
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, s := range re.Sub {
			lits := required(s)
			if len(lits) == 0 {
				return nil
			}
			all = append(all, lits...)
		}
		return all
	}
	return nil
}

// minimalLiterals drops literals that contain another one: "healthz" can
// only be present where "health" is.
func minimalLiterals(lits []string) []string {
	var out []string
	for i, l := range lits {
		redundant := false
		for j, o := range lits {
			if i != j && strings.Contains(l, o) && (len(o) < len(l) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, l)
		}
	}
	return out
}

// commonBytes orders bytes from most to least frequent in source code and
// prose, roughly; bytes not listed are rarer still.
const commonBytes = " etaoinsrhldcumfpgwybvkxjqz\n\t(){}.,;:\"'=_/-*0123456789"

// rarest is the offset of the literal's least frequent byte, or -1 when all
// its bytes are common: searching for one of those finds so many candidates
// that bytes.Index (which switches to SIMD comparison) wins.
func rarest(lit string) int {
	best, bestRank := 0, -1
	for i := range len(lit) {
		rank := strings.IndexByte(commonBytes, lit[i])
		if rank < 0 {
			rank = len(commonBytes)
		}
		if rank > bestRank {
			best, bestRank = i, rank
		}
	}
	if bestRank < len(commonBytes) {
		return -1
	}
	return best
}

// contains is bytes.Contains that scans for the literal's rarest byte
// (as ripgrep does) instead of its first, so fewer candidates are checked.
func contains(data, lit []byte, rare int) bool {
	if rare < 0 {
		return bytes.Contains(data, lit)
	}
	c := lit[rare]
	for off := rare; off < len(data); {
		i := bytes.IndexByte(data[off:], c)
		if i < 0 {
			return false
		}
		start := off + i - rare
		if start+len(lit) <= len(data) && bytes.Equal(data[start:start+len(lit)], lit) {
			return true
		}
		off += i + 1
	}
	return false
}
