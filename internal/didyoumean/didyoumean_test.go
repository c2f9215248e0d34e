package didyoumean

import "testing"

func TestClosest(t *testing.T) {
	t.Parallel()
	known := []string{"name", "owner", "port", "database"}
	tests := []struct {
		name     string
		in       string
		dist     Distance
		distName string
		want     string
	}{
		{"a swap is one edit", "nmae", OptimalAlignment, "OptimalAlignment", "name"},
		{"a swap near the end is one edit", "prot", OptimalAlignment, "OptimalAlignment", "port"},
		{"another case is a match", "Owner", OptimalAlignment, "OptimalAlignment", "owner"},
		{"a dropped letter is one edit", "databse", OptimalAlignment, "OptimalAlignment", "database"},
		{"nothing close gives nothing", "zzz", OptimalAlignment, "OptimalAlignment", ""},
		{"a third of the length is the limit", "repo", OptimalAlignment, "OptimalAlignment", ""},
		{"a swap is two edits without transpositions", "nmae", Levenshtein, "Levenshtein", ""},
		{"a long word allows a swap without transpositions", "dtaabase", Levenshtein, "Levenshtein", "database"},
		{"another case is a match without transpositions", "PORT", Levenshtein, "Levenshtein", "port"},
		{"a dropped letter is one edit without transpositions", "databse", Levenshtein, "Levenshtein", "database"},
		{"a missing letter is one edit without transpositions", "pot", Levenshtein, "Levenshtein", "port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Closest(tt.in, known, tt.dist); got != tt.want {
				t.Errorf("Closest(%q, %s) = %q, want %q", tt.in, tt.distName, got, tt.want)
			}
		})
	}
}

func TestClosestSkipsEmptyWords(t *testing.T) {
	t.Parallel()
	if got := Closest("", []string{"", "a"}, Levenshtein); got != "" {
		t.Errorf(`Closest("", ["", "a"]) = %q, want ""`, got)
	}
}

func TestDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b          string
		lev, optAlign int
	}{
		{"", "", 0, 0},
		{"", "abc", 3, 3},
		{"kitten", "sitting", 3, 3},
		{"ab", "ba", 2, 1},
		{"ca", "abc", 3, 3},
		{"héllo", "hello", 1, 1},
	}
	for _, tt := range tests {
		if got := Levenshtein(tt.a, tt.b); got != tt.lev {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.lev)
		}
		if got := OptimalAlignment(tt.a, tt.b); got != tt.optAlign {
			t.Errorf("OptimalAlignment(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.optAlign)
		}
	}
}
