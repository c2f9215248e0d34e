package catalog

import (
	"regexp"
	"strings"
)

// Backstage's field formats (catalog-model's KubernetesValidatorFunctions
// and the tag rule of FieldFormatEntityPolicy), so that what paved accepts
// Backstage accepts.
//
// Names, DNS labels and tags are checked by hand-written scanners, a few
// times faster than the regular expressions they implement (each quoted
// on its function; rules_test.go checks that both agree): an import
// checks several per entity.
var (
	kindRe    = regexp.MustCompile(`^[a-zA-Z][a-z0-9A-Z]*$`)
	versionRe = regexp.MustCompile(`^[a-z0-9A-Z]+$`)
)

// Rules, as printed in errors.
const (
	ruleName      = "must be 1-63 characters of letters, digits and [-_.], starting and ending with a letter or digit (^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$)"
	ruleNamespace = "must be a DNS label: 1-63 lowercase letters, digits and dashes, starting and ending with a letter or digit"
	ruleKey       = "must be an optional DNS-subdomain prefix (at most 253 characters) and '/', then a name of 1-63 letters, digits and [-_.]"
	ruleLabel     = "must be empty or 1-63 letters, digits and [-_.], starting and ending with a letter or digit (^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$)"
	ruleTag       = "must be 1-63 characters of lowercase letters, digits and [:+#], in words joined by single dashes (^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$)"
)

// IsValidName reports whether s is a valid metadata.name.
func IsValidName(s string) bool { return len(s) >= 1 && len(s) <= 63 && isNameFormat(s) }

// isNameFormat matches ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$
// (Backstage's isValidObjectName): letters, digits and [-_.], the first and
// the last a letter or digit; separators may follow each other.
func isNameFormat(s string) bool {
	if s == "" || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if c := s[i]; !isAlnum(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isDNSLabelFormat matches ^[a-z0-9]+(?:-+[a-z0-9]+)*$: lowercase letters,
// digits and dashes, neither first nor last a dash.
func isDNSLabelFormat(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// isTagFormat matches ^[a-z0-9:+#]+(\-[a-z0-9:+#]+)*$: words of lowercase
// letters, digits and [:+#] joined by single dashes.
func isTagFormat(s string) bool {
	dash := true // no dash first
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == ':' || c == '+' || c == '#':
			dash = false
		case c == '-':
			if dash {
				return false
			}
			dash = true
		default:
			return false
		}
	}
	return !dash
}

// IsValidNamespace reports whether s is a valid metadata.namespace.
func IsValidNamespace(s string) bool { return isDNSLabel(s) }

// IsValidTag reports whether s is a valid entry of metadata.tags.
func IsValidTag(s string) bool { return len(s) >= 1 && len(s) <= 63 && isTagFormat(s) }

// IsValidKey reports whether s is a valid label or annotation key:
// "[prefix/]name", prefix a DNS subdomain.
func IsValidKey(s string) bool {
	parts := strings.Split(s, "/")
	switch len(parts) {
	case 1:
		return IsValidName(parts[0])
	case 2:
		return isDNSSubdomain(parts[0]) && IsValidName(parts[1])
	}
	return false
}

// IsValidLabelValue reports whether s is a valid label value (may be empty).
func IsValidLabelValue(s string) bool { return s == "" || IsValidName(s) }

func isDNSLabel(s string) bool { return len(s) >= 1 && len(s) <= 63 && isDNSLabelFormat(s) }

func isDNSSubdomain(s string) bool {
	if len(s) < 1 || len(s) > 253 {
		return false
	}
	for p := range strings.SplitSeq(s, ".") {
		if !isDNSLabel(p) {
			return false
		}
	}
	return true
}

func isValidKind(s string) bool { return len(s) >= 1 && len(s) <= 63 && kindRe.MatchString(s) }

func isValidAPIVersion(s string) bool {
	parts := strings.Split(s, "/")
	switch len(parts) {
	case 1:
		return len(s) <= 63 && versionRe.MatchString(s)
	case 2:
		return isDNSSubdomain(parts[0]) && len(parts[1]) >= 1 && len(parts[1]) <= 63 && versionRe.MatchString(parts[1])
	}
	return false
}
