package shellquote

import "testing"

func TestQuote(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"empty is two quotes", "", "''"},
		{"a plain word is unchanged", "orders", "orders"},
		{"paths, flags and KEY=VALUE are unchanged", "--set=owner=group:payments/a.b_c@1%+,-", "--set=owner=group:payments/a.b_c@1%+,-"},
		{"a space is quoted", "The orders service", "'The orders service'"},
		{"a query is quoted", "git::https://h/r.git//d?ref=v1", "'git::https://h/r.git//d?ref=v1'"},
		{"a single quote is escaped", "it's", `'it'\''s'`},
		{"non-ASCII is quoted", "café", "'café'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Quote(tt.in); got != tt.want {
				t.Errorf("Quote(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestJoin(t *testing.T) {
	t.Parallel()
	got := Join("npm", "run", "a b", "")
	if want := "npm run 'a b' ''"; got != want {
		t.Errorf("Join = %q, want %q", got, want)
	}
}
