package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fuzzSeeds are catalog files, good and hostile, for the fuzz targets.
func fuzzSeeds() []string {
	return []string{
		comp("metadata: {name: a}\n"),
		comp("metadata:\n"),
		comp("metadata: []\n"),
		"$text: ./doc.txt\n",
		"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: 5\n",
		"---\n~\n---\n" + comp("metadata: {name: b}\n"),
		aliasBomb(6),
		compSpec("metadata: {name: a}\n", "  <<: {x: 1}\n  d: {$text: ./doc.txt}\n  j: {$json: ./doc.json}\n  y: {$yaml: ./doc.yaml}\n"),
		comp("metadata: &m {name: a}\n") + "---\n" + comp("metadata: *m\n"),
		compSpec("metadata: {name: a}\n", "  x: &x [*x]\n"),
		"apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: l}\nspec: {targets: [./a.yaml, ../b.yaml]}\n",
		"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g, links: [{url: 5}]}\nspec: {type: team, children: []}\n",
		"? [a, b]\n: c\n",
		"a: !!binary aGVsbG8=\nb: 2001-12-14t21:59:43.10-05:00\nc: .nan\nd: 0x1F\n",
	}
}

// FuzzParse feeds arbitrary files to the catalog file parser: it must
// never panic, stay within its limits in time, and what it accepts must
// encode for the store.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	files := map[string]string{"doc.txt": "hello", "doc.json": `{"a": [1, {"b": null}]}`, "doc.yaml": "a: &a [1, 2]\nb: *a\n"}
	readFile := func(name string) ([]byte, error) {
		if d, ok := files[strings.TrimPrefix(name, "./")]; ok {
			return []byte(d), nil
		}
		return nil, os.ErrNotExist
	}
	lim := Limits{AliasNodes: 1000, DocumentBytes: 64 << 10, Depth: 30}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		ents, err := Parse(data, ParseOptions{File: "f.yaml", ReadFile: readFile, Limits: lim})
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("Parse took %v", d)
		}
		if err != nil {
			if _, ok := err.(Errors); !ok {
				t.Fatalf("Parse error %T, want Errors", err)
			}
			_ = err.Error()
		}
		for _, e := range ents {
			if _, err := json.Marshal(e); err != nil {
				t.Fatalf("an accepted entity does not encode: %v", err)
			}
			if _, err := e.encode(); err != nil {
				t.Fatalf("an accepted entity does not encode for the store: %v", err)
			}
		}
	})
}

// FuzzParseLenient feeds arbitrary files to the lenient parse the
// scorecard uses: no panic, every entity the strict parse accepts is read
// too, and the reference fields a report shows never panic.
func FuzzParseLenient(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	lim := Limits{AliasNodes: 1000, DocumentBytes: 64 << 10, Depth: 30}
	f.Fuzz(func(t *testing.T, data []byte) {
		strict, _ := Parse(data, ParseOptions{File: "f.yaml", Limits: lim})
		lenient, err := Parse(data, ParseOptions{File: "f.yaml", Limits: lim, Lenient: true})
		if err != nil {
			if _, ok := err.(Errors); !ok {
				t.Fatalf("Parse error %T, want Errors", err)
			}
		}
		if len(lenient) < len(strict) {
			t.Fatalf("lenient parse read %d entities, strict %d", len(lenient), len(strict))
		}
		for _, e := range lenient {
			_, _, _ = e.Ref().String(), e.Owner(), e.System()
		}
	})
}

// FuzzPlaceholders resolves a placeholder over arbitrary file contents and
// names, read from a real folder through os.Root: no panic, no escape.
func FuzzPlaceholders(f *testing.F) {
	f.Add("$text", "./doc.txt", []byte("hello"))
	f.Add("$json", "doc.txt", []byte(`{"a": [1, 2, {"b": "c"}]}`))
	f.Add("$yaml", "./sub/../doc.txt", []byte("a: &a [1, 2]\nb: *a\n<<: {c: 1}\n"))
	f.Add("$yaml", "doc.txt", []byte(aliasBomb(6)))
	f.Add("$text", "../outside.txt", []byte("x"))
	f.Add("$text", "/etc/passwd", []byte("x"))
	f.Add("$json", "doc.txt", []byte(strings.Repeat("[", 200)))
	f.Add("$openapi", "doc.txt", []byte("x"))
	f.Fuzz(func(t *testing.T, kind, name string, content []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "doc.txt"), content, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		kq, _ := json.Marshal(kind)
		nq, _ := json.Marshal(name)
		src := compSpec("metadata: {name: a}\n", "  definition: {"+string(kq)+": "+string(nq)+"}\n")
		lim := Limits{AliasNodes: 1000, DocumentBytes: 64 << 10, Depth: 30}
		ents, err := Parse([]byte(src), ParseOptions{File: "catalog-info.yaml", ReadFile: rootReader(root, "catalog-info.yaml", 16<<10), Limits: lim})
		for _, e := range ents {
			if _, err := e.encode(); err != nil {
				t.Fatalf("an accepted entity does not encode for the store: %v", err)
			}
		}
		_ = err
	})
}
