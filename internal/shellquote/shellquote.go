// Package shellquote writes arguments so that a printed command can be
// pasted into a POSIX shell as it is.
package shellquote

import "strings"

// Quote returns s as one shell word: unchanged when it holds only letters,
// digits and -_./:=@%+, (so ordinary names, paths and KEY=VALUE stay
// readable), else in single quotes. An empty s is a pair of quotes.
func Quote(s string) string {
	if s == "" {
		return "''"
	}
	if strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@%+,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Join quotes each argument with [Quote] and joins them with spaces.
func Join(args ...string) string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = Quote(a)
	}
	return strings.Join(out, " ")
}
