package merge

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func txt(s string) *Blob  { return &Blob{Data: []byte(s), Mode: 0o644} }
func exe(s string) *Blob  { return &Blob{Data: []byte(s), Mode: 0o755} }
func bin(s string) *Blob  { return &Blob{Data: append([]byte{0}, s...), Mode: 0o644} }
func show(b *Blob) string { return map[bool]string{true: "<nil>", false: ""}[b == nil] + blobString(b) }
func blobString(b *Blob) string {
	if b == nil {
		return ""
	}
	if b.Exec() {
		return "exec:" + string(b.Data)
	}
	return string(b.Data)
}

func TestFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name               string
		base, ours, theirs *Blob
		action             Action
		want               *Blob
	}{
		{name: "project's own file is never touched", ours: txt("mine\n"), action: Unchanged, want: txt("mine\n")},
		{name: "unchanged everywhere", base: txt("a\n"), ours: txt("a\n"), theirs: txt("a\n"), action: Unchanged, want: txt("a\n")},
		{name: "one-side change by the project", base: txt("a\n"), ours: txt("b\n"), theirs: txt("a\n"), action: Unchanged, want: txt("b\n")},
		{name: "one-side change by the template", base: txt("a\n"), ours: txt("a\n"), theirs: txt("b\n"), action: Update, want: txt("b\n")},
		{name: "both sides, same change", base: txt("a\n"), ours: txt("b\n"), theirs: txt("b\n"), action: Unchanged, want: txt("b\n")},
		{
			name: "both sides, non-overlapping",
			base: txt("1\n2\n3\n4\n"), ours: txt("ONE\n2\n3\n4\n"), theirs: txt("1\n2\n3\nFOUR\n"),
			action: Merge, want: txt("ONE\n2\n3\nFOUR\n"),
		},
		{
			name: "both sides, overlapping conflict",
			base: txt("a\n"), ours: txt("mine\n"), theirs: txt("new\n"),
			action: Conflict, want: txt("<<<<<<< ours\nmine\n=======\nnew\n>>>>>>> theirs\n"),
		},
		{name: "added by the template", theirs: txt("new\n"), action: Add, want: txt("new\n")},
		{name: "added on both sides, same", ours: txt("x\n"), theirs: txt("x\n"), action: Unchanged, want: txt("x\n")},
		{
			name: "added on both sides, different",
			ours: txt("x\n"), theirs: txt("y\n"),
			action: Conflict, want: txt("<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n"),
		},
		{name: "removed by the template, unchanged by the project", base: txt("a\n"), ours: txt("a\n"), action: Delete},
		{name: "removed by the template, changed by the project", base: txt("a\n"), ours: txt("b\n"), action: Keep, want: txt("b\n")},
		{name: "removed by the template, already removed", base: txt("a\n"), action: Unchanged},
		{name: "removed by the project, unchanged by the template", base: txt("a\n"), theirs: txt("a\n"), action: Unchanged},
		{name: "removed by the project, changed by the template", base: txt("a\n"), theirs: txt("b\n"), action: Conflict, want: txt("b\n")},
		{name: "binary changed by the template only", base: bin("1"), ours: bin("1"), theirs: bin("2"), action: Update, want: bin("2")},
		{name: "binary changed by both", base: bin("1"), ours: bin("2"), theirs: bin("3"), action: Conflict, want: bin("2")},
		{name: "binary added by both", ours: bin("2"), theirs: bin("3"), action: Conflict, want: bin("2")},
		{name: "text became binary on one side, text changed on the other", base: txt("a\n"), ours: bin("x"), theirs: txt("b\n"), action: Conflict, want: bin("x")},
		{name: "mode change by the template", base: txt("a\n"), ours: txt("a\n"), theirs: exe("a\n"), action: Update, want: exe("a\n")},
		{name: "mode change by the project", base: txt("a\n"), ours: exe("a\n"), theirs: txt("a\n"), action: Unchanged, want: exe("a\n")},
		{
			name: "mode change by the project, content by the template",
			base: txt("a\n"), ours: exe("a\n"), theirs: txt("b\n"), action: Merge, want: exe("b\n"),
		},
		{
			name: "mode change by the template, content by the project",
			base: txt("1\n2\n3\n"), ours: txt("ONE\n2\n3\n"), theirs: exe("1\n2\nTHREE\n"), action: Merge, want: exe("ONE\n2\nTHREE\n"),
		},
		{name: "added on both sides with different modes", ours: txt("x\n"), theirs: exe("x\n"), action: Conflict, want: txt("x\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := File(tt.base, tt.ours, tt.theirs, Options{})
			if got.Action != tt.action {
				t.Errorf("File action = %s, want %s (reason %q)", got.Action, tt.action, got.Reason)
			}
			if diff := cmp.Diff(show(tt.want), show(got.Result)); diff != "" {
				t.Errorf("File result (-want +got):\n%s", diff)
			}
			if (got.Action == Conflict || got.Action == Keep) && got.Reason == "" {
				t.Errorf("File(%s) gave no reason", got.Action)
			}
		})
	}
}

func TestUnified(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b string
		want string
	}{
		{name: "equal", a: "a\n", b: "a\n", want: ""},
		{name: "new file", a: "", b: "x\ny\n", want: "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n"},
		{name: "deleted file", a: "x\n", b: "", want: "--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n"},
		{
			name: "change in the middle with context",
			a:    "1\n2\n3\n4\n5\n6\n7\n8\n9\n", b: "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n",
			want: "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n",
		},
		{
			name: "far apart changes make two hunks",
			a:    "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", b: "ONE\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nTWELVE\n",
			want: "--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+ONE\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+TWELVE\n",
		},
		{name: "no final newline", a: "a\n", b: "a", want: "--- a\n+++ b\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n"},
		{name: "binary", a: "\x00a", b: "\x00b", want: "Binary files a and b differ\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Unified("a", "b", []byte(tt.a), []byte(tt.b), 3)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Unified(%q, %q) (-want +got):\n%s", tt.a, tt.b, diff)
			}
		})
	}
}

func TestStat(t *testing.T) {
	t.Parallel()
	add, del := Stat([]byte("a\nb\nc\n"), []byte("a\nB\nc\nd\n"))
	if add != 2 || del != 1 {
		t.Errorf("Stat = +%d -%d, want +2 -1", add, del)
	}
}
