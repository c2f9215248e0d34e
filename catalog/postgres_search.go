package catalog

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// searchWords splits text into search words as SQLite's search table does
// (tokenize = 'unicode61 remove_diacritics 2'): runs of letters, digits
// and private-use characters, folded to lower case, without diacritics.
// The PostgreSQL store indexes and queries these words itself instead of
// a text search configuration's parser, whose rules differ ("orders-api",
// e-mail addresses and URLs are kept whole there) and which may stem.
func searchWords(text string) []string {
	folded := strings.ToLower(text)
	if !isASCII(folded) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if s, _, err := transform.String(t, folded); err == nil {
			folded = s
		}
	}
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r))
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > 127 {
			return false
		}
	}
	return true
}

// tsQuery turns user text into a tsquery of [searchWords]: every word must
// match a word, the last one as a prefix, as [ftsQuery] does for SQLite.
// The words hold only letters and digits, so quoting them is enough.
func tsQuery(text string) string {
	words := searchWords(text)
	for i, w := range words {
		words[i] = "'" + strings.ReplaceAll(w, "'", "''") + "'"
		if i == len(words)-1 {
			words[i] += ":*"
		}
	}
	return strings.Join(words, " & ")
}
