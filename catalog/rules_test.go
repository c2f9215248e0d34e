package catalog

import (
	"regexp"
	"testing"
)

// TestFormatScanners checks the hand-written scanners against the regular
// expressions of Backstage's rules on every string of up to four characters
// from an alphabet of each class, plus a few longer ones.
func TestFormatScanners(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		re   *regexp.Regexp
		f    func(string) bool
	}{
		{"name", regexp.MustCompile(`^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`), isNameFormat},
		{"dns label", regexp.MustCompile(`^[a-z0-9]+(?:-+[a-z0-9]+)*$`), isDNSLabelFormat},
		{"tag", regexp.MustCompile(`^[a-z0-9:+#]+(\-[a-z0-9:+#]+)*$`), isTagFormat},
	}
	alphabet := []string{"a", "Z", "0", "-", "_", ".", ":", "+", "#", " ", "é", "/"}
	var inputs []string
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		inputs = append(inputs, prefix)
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			grow(prefix+c, n-1)
		}
	}
	grow("", 4)
	inputs = append(inputs, "orders-api", "orders--api", "team_a.b-c", "lang:go", "c++", "-x", "x-", "a\xffb", "ab\n")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, s := range inputs {
				if got, want := tt.f(s), tt.re.MatchString(s); got != want {
					t.Errorf("%s(%q) = %v, want %v", tt.name, s, got, want)
				}
			}
		})
	}
}
