package yamlx

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func parse(t testing.TB, doc string) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	return &n
}

func TestExpand(t *testing.T) {
	t.Parallel()
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		bomb += name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
		prev = name
	}
	tests := []struct {
		name     string
		doc      string
		max      int64
		own      int64
		added    int64 // -1: do not compare
		over     bool
		cycleOrd bool
	}{
		// document, mapping, key, sequence, 2 scalars
		{name: "no aliases", doc: "k: [1, 2]\n", max: 10, own: 6, added: 0},
		// the alias adds the 3 nodes of [1, 2]
		{name: "one alias", doc: "a: &x [1, 2]\nb: *x\n", max: 10, own: 8, added: 3},
		{name: "at the limit", doc: "a: &x [1, 2]\nb: *x\n", max: 3, own: 8, added: 3},
		{name: "over the limit", doc: "a: &x [1, 2]\nb: *x\n", max: 2, own: 8, added: -1, over: true},
		{name: "a billion laughs stops early", doc: bomb, max: 100_000, own: -1, added: -1, over: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Expand(parse(t, tt.doc), tt.max)
			if tt.own >= 0 && e.Own != tt.own {
				t.Errorf("Own = %d, want %d", e.Own, tt.own)
			}
			if tt.added >= 0 && e.Added() != tt.added {
				t.Errorf("Added = %d, want %d", e.Added(), tt.added)
			}
			if (e.Over != nil) != tt.over {
				t.Errorf("Over = %v, want over %v", e.Over, tt.over)
			}
			if e.Over != nil && e.Total > e.Own+2*tt.max+1_000 {
				t.Errorf("Total = %d: counting went far past the limit", e.Total)
			}
		})
	}
}

func TestExpandCycle(t *testing.T) {
	t.Parallel()
	doc := parse(t, "a: &x [1, *x]\n")
	e := Expand(doc, 1000)
	if e.Cycle == nil || e.Cycle.Line != 1 || e.OK() {
		t.Fatalf("Expand = %+v, want the cycle at line 1", e)
	}
}

func FuzzExpand(f *testing.F) {
	f.Add("a: &x [1, 2]\nb: *x\n")
	f.Add("a: &x [1, *x]\n")
	f.Add("- &a [x, x]\n- &b [*a, *a]\n- [*b, *b]\n")
	f.Fuzz(func(t *testing.T, doc string) {
		var n yaml.Node
		if yaml.Unmarshal([]byte(doc), &n) != nil {
			return
		}
		e := Expand(&n, 100)
		if e.OK() && e.Added() > 100 {
			t.Fatalf("Added = %d within a limit of 100", e.Added())
		}
		if e.Added() < 0 && e.OK() {
			t.Fatalf("Added = %d < 0", e.Added())
		}
	})
}
