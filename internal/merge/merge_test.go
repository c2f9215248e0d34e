package merge

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name               string
		base, ours, theirs string
		want               string
		conflicts          []int
		showBase           bool
	}{
		{name: "all equal", base: "a\nb\n", ours: "a\nb\n", theirs: "a\nb\n", want: "a\nb\n"},
		{name: "all empty", want: ""},
		{name: "ours only change", base: "a\nb\nc\n", ours: "a\nB\nc\n", theirs: "a\nb\nc\n", want: "a\nB\nc\n"},
		{name: "theirs only change", base: "a\nb\nc\n", ours: "a\nb\nc\n", theirs: "a\nb\nC\n", want: "a\nb\nC\n"},
		{name: "same change on both sides taken once", base: "a\nb\nc\n", ours: "a\nX\nc\n", theirs: "a\nX\nc\n", want: "a\nX\nc\n"},
		{
			name: "both sides change different places",
			base: "1\n2\n3\n4\n5\n6\n7\n", ours: "1\nTWO\n3\n4\n5\n6\n7\n", theirs: "1\n2\n3\n4\n5\nSIX\n7\n",
			want: "1\nTWO\n3\n4\n5\nSIX\n7\n",
		},
		{
			name: "ours adds at top theirs at bottom",
			base: "a\nb\n", ours: "mine\na\nb\n", theirs: "a\nb\ntemplate\n",
			want: "mine\na\nb\ntemplate\n",
		},
		{
			name: "ours deletes theirs edits elsewhere",
			base: "a\nb\nc\nd\ne\n", ours: "a\nc\nd\ne\n", theirs: "a\nb\nc\nd\nE\n",
			want: "a\nc\nd\nE\n",
		},
		{
			name: "overlapping change conflicts",
			base: "a\nb\nc\n", ours: "a\nmine\nc\n", theirs: "a\ntheirs\nc\n",
			want:      "a\n<<<<<<< ours\nmine\n=======\ntheirs\n>>>>>>> theirs\nc\n",
			conflicts: []int{2},
		},
		{
			name: "conflict with base shown",
			base: "a\nb\nc\n", ours: "a\nmine\nc\n", theirs: "a\ntheirs\nc\n", showBase: true,
			want:      "a\n<<<<<<< ours\nmine\n||||||| base\nb\n=======\ntheirs\n>>>>>>> theirs\nc\n",
			conflicts: []int{2},
		},
		{
			name: "both insert different lines at the same place",
			base: "a\nc\n", ours: "a\nmine\nc\n", theirs: "a\ntheirs\nc\n",
			want:      "a\n<<<<<<< ours\nmine\n=======\ntheirs\n>>>>>>> theirs\nc\n",
			conflicts: []int{2},
		},
		{
			name: "agreeing edges of a conflict move out of it",
			base: "a\nz\n", ours: "a\nsame\nmine\nend\nz\n", theirs: "a\nsame\ntheirs\nend\nz\n",
			want:      "a\nsame\n<<<<<<< ours\nmine\n=======\ntheirs\n>>>>>>> theirs\nend\nz\n",
			conflicts: []int{3},
		},
		{
			name: "two conflicts report their lines",
			base: "1\n2\n3\n4\n5\n", ours: "1\nA\n3\n4\nB\n", theirs: "1\nX\n3\n4\nY\n",
			want:      "1\n<<<<<<< ours\nA\n=======\nX\n>>>>>>> theirs\n3\n4\n<<<<<<< ours\nB\n=======\nY\n>>>>>>> theirs\n",
			conflicts: []int{2, 9},
		},
		{
			name: "ours adds final newline theirs edits first line",
			base: "a\nb\nc", ours: "a\nb\nc\n", theirs: "A\nb\nc",
			want: "A\nb\nc\n",
		},
		{
			name: "changes to adjacent lines conflict as in git",
			base: "a\nb\n", ours: "A\nb\n", theirs: "a\nB\n",
			want:      "<<<<<<< ours\nA\nb\n=======\na\nB\n>>>>>>> theirs\n",
			conflicts: []int{1},
		},
		{
			name: "missing final newline kept",
			base: "a\nb", ours: "x\nb", theirs: "a\nb",
			want: "x\nb",
		},
		{
			name: "conflict on a last line without newline",
			base: "a\nb", ours: "a\nmine", theirs: "a\ntheirs",
			want:      "a\n<<<<<<< ours\nmine\n=======\ntheirs\n>>>>>>> theirs\n",
			conflicts: []int{2},
		},
		{
			name: "crlf lines and markers",
			base: "a\r\nb\r\nc\r\n", ours: "a\r\nmine\r\nc\r\n", theirs: "a\r\ntheirs\r\nc\r\n",
			want:      "a\r\n<<<<<<< ours\r\nmine\r\n=======\r\ntheirs\r\n>>>>>>> theirs\r\nc\r\n",
			conflicts: []int{2},
		},
		{
			name: "crlf change on one side is taken",
			base: "a\nb\n", ours: "a\r\nb\r\n", theirs: "a\nb\n",
			want: "a\r\nb\r\n",
		},
		{name: "empty base both add same", base: "", ours: "x\n", theirs: "x\n", want: "x\n"},
		{
			name: "empty base both add different",
			base: "", ours: "x\n", theirs: "y\n",
			want:      "<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n",
			conflicts: []int{1},
		},
		{name: "theirs empties the file", base: "a\nb\n", ours: "a\nb\n", theirs: "", want: ""},
		{
			name: "ours empties the file theirs changes it",
			base: "a\nb\n", ours: "", theirs: "a\nB\n",
			want:      "<<<<<<< ours\n=======\na\nB\n>>>>>>> theirs\n",
			conflicts: []int{1},
		},
		{
			name: "repeated lines merge by position",
			base: "x\nx\nx\nx\nx\n", ours: "x\nA\nx\nx\nx\nx\n", theirs: "x\nx\nx\nx\nB\nx\n",
			want: "x\nA\nx\nx\nx\nB\nx\n",
		},
		{
			name:   "user appends while template edits the middle of a go file",
			base:   "package main\n\nfunc main() {\n\tlog.Println(\"hi\")\n}\n",
			ours:   "package main\n\nfunc main() {\n\tlog.Println(\"hi\")\n}\n\nfunc helper() {}\n",
			theirs: "package main\n\nfunc main() {\n\tslog.Info(\"hi\")\n}\n",
			want:   "package main\n\nfunc main() {\n\tslog.Info(\"hi\")\n}\n\nfunc helper() {}\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Lines([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs), Options{ShowBase: tt.showBase})
			if diff := cmp.Diff(tt.want, string(r.Data)); diff != "" {
				t.Errorf("Lines(%q, %q, %q) mismatch (-want +got):\n%s", tt.base, tt.ours, tt.theirs, diff)
			}
			if diff := cmp.Diff(tt.conflicts, r.Conflicts); diff != "" {
				t.Errorf("conflict lines mismatch (-want +got):\n%s", diff)
			}
			if got, want := HasMarkers(r.Data), len(tt.conflicts) > 0; got != want {
				t.Errorf("HasMarkers = %v, want %v", got, want)
			}
		})
	}
}

func TestLinesLabels(t *testing.T) {
	t.Parallel()
	r := Lines([]byte("a\n"), []byte("b\n"), []byte("c\n"), Options{Ours: "yours", Base: "v1.0.0", Theirs: "template v1.1.0", ShowBase: true})
	want := "<<<<<<< yours\nb\n||||||| v1.0.0\na\n=======\nc\n>>>>>>> template v1.1.0\n"
	if got := string(r.Data); got != want {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

// randomText builds a text from a small alphabet of lines so that random
// edits collide often.
func randomText(r *rand.Rand, n int) []byte {
	var b bytes.Buffer
	for range n {
		fmt.Fprintf(&b, "l%d\n", r.IntN(6))
	}
	if r.IntN(4) == 0 && b.Len() > 0 {
		b.Truncate(b.Len() - 1)
	}
	return b.Bytes()
}

func mutate(r *rand.Rand, data []byte) []byte {
	lines := SplitLines(data)
	var out [][]byte
	for _, l := range lines {
		switch r.IntN(6) {
		case 0: // drop
		case 1:
			out = append(out, []byte(fmt.Sprintf("new%d\n", r.IntN(3))), l)
		case 2:
			out = append(out, []byte(fmt.Sprintf("chg%d\n", r.IntN(3))))
		default:
			out = append(out, l)
		}
	}
	if r.IntN(3) == 0 {
		out = append(out, []byte("tail\n"))
	}
	return bytes.Join(out, nil)
}

// TestLinesProperties checks the identities a three-way merge must keep:
// merge(b, x, b) == x, merge(b, b, y) == y, merge(b, x, x) == x.
func TestLinesProperties(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		base := randomText(r, r.IntN(12))
		x := mutate(r, base)
		y := mutate(r, base)
		checkProperties(t, fmt.Sprint(i), base, x, y)
	}
}

func checkProperties(t *testing.T, name string, base, x, y []byte) {
	t.Helper()
	for _, c := range []struct {
		what           string
		b, o, th, want []byte
	}{
		{"merge(b, x, b) == x", base, x, base, x},
		{"merge(b, b, y) == y", base, base, y, y},
		{"merge(b, x, x) == x", base, x, x, x},
	} {
		got := Lines(c.b, c.o, c.th, Options{})
		if !got.Clean() || !bytes.Equal(got.Data, c.want) {
			t.Fatalf("%s: %s failed: base=%q ours=%q theirs=%q got %q (conflicts %v)", name, c.what, c.b, c.o, c.th, got.Data, got.Conflicts)
		}
	}
	// A clean merge keeps every line either side added.
	got := Lines(base, x, y, Options{ShowBase: true})
	if got.Clean() {
		for _, side := range [][]byte{x, y} {
			for _, l := range SplitLines(side) {
				if bytes.HasPrefix(l, []byte("new")) && !bytes.Contains(got.Data, bytes.TrimRight(l, "\n")) {
					t.Fatalf("%s: clean merge lost line %q: base=%q ours=%q theirs=%q got %q", name, l, base, x, y, got.Data)
				}
			}
		}
	}
	// merge is symmetric up to the order of the sides in conflicts.
	swapped := Lines(base, y, x, Options{})
	if got.Clean() != swapped.Clean() {
		t.Fatalf("%s: merge(b,x,y) clean=%v but merge(b,y,x) clean=%v", name, got.Clean(), swapped.Clean())
	}
}

func FuzzLines(f *testing.F) {
	f.Add([]byte("a\nb\nc\n"), []byte("a\nB\nc\n"), []byte("a\nb\nC\n"))
	f.Add([]byte("a\r\nb"), []byte("a\r\nb\r\n"), []byte(""))
	f.Add([]byte(""), []byte("x"), []byte("y"))
	f.Fuzz(func(t *testing.T, base, x, y []byte) {
		checkProperties(t, "fuzz", base, x, y)
		r := Lines(base, x, y, Options{})
		if r.Clean() == HasMarkers(r.Data) && !HasMarkers(x) && !HasMarkers(y) && !HasMarkers(base) {
			t.Fatalf("clean=%v but HasMarkers=%v: %q", r.Clean(), HasMarkers(r.Data), r.Data)
		}
	})
}

// lcsLen is the textbook dynamic-programming LCS length, to check that the
// Myers diff finds a longest common subsequence.
func lcsLen(a, b []int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestMatchIsLongestCommonSubsequence(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 3000 {
		a := make([]int, r.IntN(30))
		b := make([]int, r.IntN(30))
		for k := range a {
			a[k] = r.IntN(4)
		}
		for k := range b {
			b[k] = r.IntN(4)
		}
		m := match(a, b)
		n, last := 0, -1
		for k, j := range m {
			if j < 0 {
				continue
			}
			if j <= last || a[k] != b[j] {
				t.Fatalf("case %d: match(%v, %v) = %v: not a common subsequence", i, a, b, m)
			}
			last = j
			n++
		}
		if want := lcsLen(a, b); n != want {
			t.Fatalf("case %d: match(%v, %v) has %d matches, want %d", i, a, b, n, want)
		}
	}
}

func TestSplitLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\r\nb", []string{"a\r\n", "b"}},
		{"\n\n", []string{"\n", "\n"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			var got []string
			for _, l := range SplitLines([]byte(tt.in)) {
				got = append(got, string(l))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SplitLines(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func BenchmarkLines(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	var base strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&base, "line %d %d\n", i, r.IntN(50))
	}
	bs := []byte(base.String())
	x, y := mutate(r, bs), mutate(r, bs)
	b.SetBytes(int64(len(bs)))
	for b.Loop() {
		Lines(bs, x, y, Options{})
	}
}
