package textsafe

import "testing"

func TestLine(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, line, text, quote string }{
		{"cd orders", "cd orders", "cd orders", `"cd orders"`},
		{"npm install\x1b[1A\x1b[2K", `npm install\x1b[1A\x1b[2K`, `npm install\x1b[1A\x1b[2K`, `"npm install\x1b[1A\x1b[2K"`},
		{"a\nb", `a\nb`, "a\nb", `"a\nb"`},
		{"a\rb", `a\rb`, `a\rb`, `"a\rb"`},
		{"a\x7f\u0085b", `a\x7f\u0085b`, `a\x7f\u0085b`, `"a\x7f\u0085b"`},
		{"abc\u202edef", `abc\u202edef`, `abc\u202edef`, `"abc\u202edef"`},
		{"bad\xff", `bad\xff`, `bad\xff`, `"bad\xff"`},
		{`say "hi" \o/`, `say "hi" \o/`, `say "hi" \o/`, `"say \"hi\" \\o/"`},
		{"caf\u00e9 ✓", "caf\u00e9 ✓", "caf\u00e9 ✓", "\"caf\u00e9 ✓\""},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.line {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if got := Text(tt.in); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := Quote(tt.in); got != tt.quote {
			t.Errorf("Quote(%q) = %q, want %q", tt.in, got, tt.quote)
		}
	}
}
