package safepath

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		want string // a part of the reason; "" is allowed
	}{
		{"README.md", ""},
		{"src/orders/main.go", ""},
		{".github/workflows/ci.yml", ""},
		{".gitignore", ""},
		{".gitattributes", ""},
		{"x/.gitkeep", ""},
		{"git", ""},
		{"caf\u00e9.txt", ""},
		{".git", ".git"},
		{".git/config", ".git"},
		{".GIT/config", ".git"},
		{".Git/hooks/pre-commit", ".git"},
		{"x/.git/hooks/pre-commit", ".git"},
		{"a/b/c/.gIt", ".git"},
		{".git./config", ".git"},
		{".git /config", ".git"},
		{".git. . ./config", ".git"},
		{"git~1/config", ".git"},
		{"GIT~12/config", ".git"},
		{".git::$INDEX_ALLOCATION/config", ".git"},
		{".g\u200cit/config", ".git"},
		{"\ufeff.git/config", ".git"},
		{"", "empty"},
		{"/etc/passwd", "absolute"},
		{"C:/x", "drive"},
		{"../x", "leaves"},
		{"a/../../x", "leaves"},
		{"a//b", "empty"},
		{"a/./b", "empty"},
		{"a\\..\\b", "backslash"},
		{"a\nb", "control"},
		{"a\x1b[2Jb", "control"},
		{"a\x00b", "control"},
		{"a\tb", "control"},
		{"a\x7fb", "control"},
		{"a\u0085b", "control"},
		{"a\xffb", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			err := Check(tt.path)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Check(%q) = %v, want nil", tt.path, err)
				}
				return
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Check(%q) = %v, want an *Error", tt.path, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check(%q) = %q, want it to mention %q", tt.path, err, tt.want)
			}
			if strings.ContainsAny(err.Error(), "\n\x1b\x00") {
				t.Errorf("Check(%q) = %q: the message holds a raw control character", tt.path, err)
			}
			if pe.Hint() == "" {
				t.Errorf("Check(%q) has no hint", tt.path)
			}
		})
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	same := [][2]string{
		{"README.md", "readme.md"},
		{"Src/Main.go", "src/main.GO"},
		{"caf\u00e9", "cafe\u0301"},
		{"CAF\u00c9", "cafe\u0301"},
	}
	for _, p := range same {
		if Fold(p[0]) != Fold(p[1]) {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q, want equal", p[0], Fold(p[0]), p[1], Fold(p[1]))
		}
	}
	if Fold("a.md") == Fold("b.md") {
		t.Errorf("Fold makes a.md and b.md collide")
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"README.md", ".git/config", ".GIT.", "git~1", "a\nb", "../x", ".g\u200cit", "x/.git/hooks/pre-commit", "caf\u00e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		err := Check(p)
		if err == nil {
			// An accepted path stays inside, names no .git, holds no control character.
			if IsGit(p) || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00\n\r\x1b") {
				t.Fatalf("Check(%q) accepted a path it must refuse", p)
			}
			for _, seg := range strings.Split(p, "/") {
				if seg == ".." || seg == "." || seg == "" {
					t.Fatalf("Check(%q) accepted segment %q", p, seg)
				}
				if strings.EqualFold(strings.TrimRight(seg, ". "), ".git") {
					t.Fatalf("Check(%q) accepted a .git segment", p)
				}
			}
		} else if strings.ContainsAny(err.Error(), "\n\r\x1b") {
			t.Fatalf("Check(%q) error %q holds a raw control character", p, err)
		}
		_ = Fold(p)
	})
}
