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
	ids      []int    // per literal, its id in a literalSet (see register)
}

// register adds the matcher's literals to set, for matchFound.
func (m *matcher) register(set *literalSet) {
	m.ids = m.ids[:0]
	for _, l := range m.literals {
		m.ids = append(m.ids, set.add(string(l)))
	}
}

// matchFound is Match with the literal prefilter already run: found is what
// the set the matcher was registered with found in data.
func (m *matcher) matchFound(data []byte, found []bool) bool {
	if m.literals != nil {
		ok := false
		for _, id := range m.ids {
			if found[id] {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return m.re.Match(data)
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

// altMatcher matches a pattern whose top level is an alternation one branch
// at a time, each with its own literal prefilter and regexp. A file then runs
// only the branches whose literals it contains, and a small branch usually
// starts with a literal the regexp engine skips to, where the whole
// alternation would step the slow NFA through every byte.
type altMatcher struct {
	whole    *matcher   // the pattern as one regexp: evidence, submatches
	branches []*matcher // nil: match with whole
}

// newAltMatcher compiles pattern ("(?m)" is added) whole and, when its top
// level is an alternation, branch by branch.
func newAltMatcher(pattern string) *altMatcher {
	full := "(?m)" + pattern
	a := &altMatcher{whole: newMatcher(regexp.MustCompile(full), pattern)}
	tree, err := syntax.Parse(full, syntax.Perl&^syntax.OneLine)
	if err != nil || tree.Op != syntax.OpAlternate {
		return a
	}
	for _, sub := range tree.Sub {
		src := sub.String()
		re, err := regexp.Compile(src)
		if err != nil {
			return &altMatcher{whole: a.whole}
		}
		a.branches = append(a.branches, newMatcher(re, src))
	}
	return a
}

// register adds the literals of every branch (or of the whole) to set.
func (a *altMatcher) register(set *literalSet) {
	a.whole.register(set)
	for _, b := range a.branches {
		b.register(set)
	}
}

// matchFound is Match with found from the set a was registered with.
func (a *altMatcher) matchFound(data []byte, found []bool) bool {
	if a.branches == nil {
		return a.whole.matchFound(data, found)
	}
	for _, b := range a.branches {
		if b.matchFound(data, found) {
			return true
		}
	}
	return false
}

// Match reports whether data has a match of the whole pattern.
func (a *altMatcher) Match(data []byte) bool {
	if a.branches == nil {
		return a.whole.Match(data)
	}
	for _, b := range a.branches {
		if b.Match(data) {
			return true
		}
	}
	return false
}

// literalSet finds which of many literals occur in data in one pass (an
// Aho-Corasick automaton with a dense transition table), where checking
// each literal with bytes.Contains would read the data once per literal.
type literalSet struct {
	ids   map[string]int
	lits  []string
	next  [][256]int32 // state × byte → state
	outs  [][]int32    // state → literal ids ending here (suffixes included)
	built bool
}

// add registers lit and returns its id.
func (s *literalSet) add(lit string) int {
	if s.ids == nil {
		s.ids = map[string]int{}
	}
	if id, ok := s.ids[lit]; ok {
		return id
	}
	s.ids[lit] = len(s.lits)
	s.lits = append(s.lits, lit)
	return len(s.lits) - 1
}

// build makes the automaton; add may not be called after it.
func (s *literalSet) build() {
	s.next = [][256]int32{{}}
	s.outs = [][]int32{nil}
	for id, lit := range s.lits {
		st := int32(0)
		for i := range len(lit) {
			c := lit[i]
			if s.next[st][c] == 0 {
				s.next = append(s.next, [256]int32{})
				s.outs = append(s.outs, nil)
				s.next[st][c] = int32(len(s.next) - 1)
			}
			st = s.next[st][c]
		}
		s.outs[st] = append(s.outs[st], int32(id))
	}
	// Breadth first: a state's failure link is final before its children's.
	fail := make([]int32, len(s.next))
	var queue []int32
	for c := range 256 {
		if t := s.next[0][c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		s.outs[st] = append(s.outs[st], s.outs[fail[st]]...)
		for c := range 256 {
			t := s.next[st][c]
			if t == 0 {
				s.next[st][c] = s.next[fail[st]][c]
				continue
			}
			fail[t] = s.next[fail[st]][c]
			queue = append(queue, t)
		}
	}
	s.built = true
}

// scan sets found[id] for every literal that occurs in data.
func (s *literalSet) scan(data []byte, found []bool) {
	next, outs := s.next, s.outs
	st := int32(0)
	for _, c := range data {
		st = next[st][c]
		if o := outs[st]; o != nil {
			for _, id := range o {
				found[id] = true
			}
		}
	}
}
