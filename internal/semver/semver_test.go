package semver

import (
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    string
		want bool
	}{
		{"1.0.0", true}, {"0.0.0", true}, {"10.20.30", true}, {"1.0.0-rc.1", true}, {"1.0.0-alpha-1.x", true},
		{"1.0.0+build.5", true}, {"1.0.0-rc.1+sha.abc", true}, {"1.0.0-0a", true}, {"1.0.0+001", true},
		{"1.0", false}, {"v1.0.0", false}, {"01.0.0", false}, {"1.0.0-01", false}, {"1.0.0-", false},
		{"1.0.0+", false}, {"1.0.0-a..b", false}, {"1.0.0-a_b", false}, {"1.0.x", false}, {"", false}, {"1.0.0.0", false},
		{"1.-1.0", false}, {"1.0.0 ", false}, {"99999999999999999999.0.0", false}, {"1.0.0-é", false},
	}
	for _, tt := range tests {
		t.Run(tt.v, func(t *testing.T) {
			t.Parallel()
			if got := Valid(tt.v); got != tt.want {
				t.Errorf("Valid(%q) = %v, want %v", tt.v, got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"1.0.0", "1.0.0", 0},
		{"1.0.0", "1.0.1", -1},
		{"1.10.0", "1.9.0", 1},
		{"2.0.0", "10.0.0", -1},
		{"1.0.0-rc.1", "1.0.0", -1},
		{"1.0.0-rc.2", "1.0.0-rc.10", -1},
		{"1.0.0-alpha", "1.0.0-beta", -1},
		{"1.0.0-alpha", "1.0.0-alpha.1", -1},
		{"1.0.0-1", "1.0.0-alpha", -1},
		{"1.0.0-alpha.beta", "1.0.0-alpha.1", 1},
		{"2.0.0+build", "2.0.0", 0},
		{"not-a-version", "0.0.0", -1},
		{"0.0.0", "junk", 1},
		{"a", "b", -1},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			t.Parallel()
			if got := Compare(tt.a, tt.b); got != tt.want {
				t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := Compare(tt.b, tt.a); got != -tt.want {
				t.Errorf("Compare(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
			}
		})
	}
}

// FuzzCompare checks that Compare is a total order consistent with Valid:
// reflexive, antisymmetric, and invalid versions before valid ones.
func FuzzCompare(f *testing.F) {
	for _, s := range [][2]string{
		{"1.0.0", "1.0.1"}, {"1.0.0-rc.1", "1.0.0"}, {"1.0.0-alpha.1", "1.0.0-alpha.beta"},
		{"1.0.0+b", "1.0.0"}, {"01.0.0", "1.0.0"}, {"", "0.0.0"}, {"1.0.0-0.0", "1.0.0-00"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got := Compare(a, a); got != 0 {
			t.Fatalf("Compare(%q, %q) = %d, want 0", a, a, got)
		}
		ab, ba := Compare(a, b), Compare(b, a)
		if ab != -ba {
			t.Fatalf("Compare(%q, %q) = %d but Compare(%q, %q) = %d", a, b, ab, b, a, ba)
		}
		if va, vb := Valid(a), Valid(b); va != vb {
			want := -1
			if va {
				want = 1
			}
			if ab != want {
				t.Fatalf("Compare(%q, %q) = %d, want %d (only one is valid)", a, b, ab, want)
			}
		}
		if Valid(a) {
			core, _, _ := strings.Cut(a, "+")
			if Compare(a, core) != 0 {
				t.Fatalf("Compare(%q, %q) != 0: build metadata must not count", a, core)
			}
		}
	})
}
