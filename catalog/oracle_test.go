package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The Backstage oracle: testdata/backstage-oracle runs Backstage's own
// validation code (@backstage/catalog-model with the catalog backend's
// default policies and kind validators, and the scaffolder's Template
// validator) over catalog files. These tests require that paved's verdict
// equals Backstage's for every document of the corpus of real files
// (testdata/backstage-corpus), of the edge cases (testdata/backstage-edge)
// and of random mutants of valid entities.

const oracleDir = "testdata/backstage-oracle"

// verdict is one document's outcome.
type verdict struct {
	Doc   int    `json:"doc"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

type oracleResult struct {
	Name string    `json:"name"`
	Docs []verdict `json:"docs"`
}

// oracleInput is one file given to the oracle on stdin.
type oracleInput struct {
	Name string `json:"name"`
	Text string `json:"text"`
	Dir  string `json:"dir,omitempty"`
}

var oracleSetup struct {
	once sync.Once
	err  error
	skip string
}

// needOracle installs the oracle's npm packages once (npm ci) and skips the
// test only when node is not installed.
func needOracle(t testing.TB) {
	t.Helper()
	oracleSetup.once.Do(func() {
		if _, err := exec.LookPath("node"); err != nil {
			oracleSetup.skip = "node is not installed: the Backstage oracle cannot run (install Node.js 20 or later)"
			return
		}
		if _, err := os.Stat(filepath.Join(oracleDir, "node_modules", "@backstage", "catalog-model")); err == nil {
			return
		}
		npm, err := exec.LookPath("npm")
		if err != nil {
			oracleSetup.err = fmt.Errorf("node is installed but npm is not: %w", err)
			return
		}
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = oracleDir
		if out, err := cmd.CombinedOutput(); err != nil {
			oracleSetup.err = fmt.Errorf("npm ci in %s: %v\n%s", oracleDir, err, out)
		}
	})
	if oracleSetup.skip != "" {
		t.Skip(oracleSetup.skip)
	}
	if oracleSetup.err != nil {
		t.Fatal(oracleSetup.err)
	}
}

// runOracle judges inputs with Backstage's code, in one node process.
func runOracle(t testing.TB, inputs []oracleInput) map[string][]verdict {
	t.Helper()
	needOracle(t)
	data, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "oracle.js", "--stdin")
	cmd.Dir = oracleDir
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v\n%s", err, stderr.String())
	}
	var res []oracleResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("oracle output: %v", err)
	}
	m := make(map[string][]verdict, len(res))
	for _, r := range res {
		m[r.Name] = r.Docs
	}
	return m
}

// pavedVerdicts judges a parsed file the way the oracle reports it: one
// verdict per document that holds an entity or an error.
func pavedVerdicts(ents []*Entity, err error) []verdict {
	byDoc := map[int]*verdict{}
	for _, e := range ents {
		byDoc[e.Doc] = &verdict{Doc: e.Doc, OK: true}
	}
	var es Errors
	if err != nil && !errors.As(err, &es) {
		es = Errors{{Doc: 1, Msg: err.Error()}}
	}
	for _, e := range es {
		d := max(e.Doc, 1)
		if v, ok := byDoc[d]; ok && !v.OK {
			continue
		}
		byDoc[d] = &verdict{Doc: d, Error: e.Error()}
	}
	out := make([]verdict, 0, len(byDoc))
	for _, v := range byDoc {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(a, b verdict) int { return a.Doc - b.Doc })
	return out
}

// disagreement is a document judged differently by paved and Backstage.
type disagreement struct {
	Name       string
	Doc        int
	Paved      string
	Backstage  string
	PavedOK    bool
	BackstageO bool
}

func (d disagreement) String() string {
	verdict := func(ok bool, msg string) string {
		if ok {
			return "accepts"
		}
		return "refuses: " + msg
	}
	return fmt.Sprintf("%s (document %d):\n\tBackstage %s\n\tpaved     %s", d.Name, d.Doc, verdict(d.BackstageO, d.Backstage), verdict(d.PavedOK, d.Paved))
}

// compareVerdicts lists the documents judged differently. A document paved
// never reached (after a YAML error) counts as refused.
func compareVerdicts(name string, oracle, paved []verdict) []disagreement {
	pv := map[int]verdict{}
	for _, v := range paved {
		pv[v.Doc] = v
	}
	var out []disagreement
	seen := map[int]bool{}
	for _, o := range oracle {
		seen[o.Doc] = true
		p, ok := pv[o.Doc]
		if !ok {
			p = verdict{Doc: o.Doc, Error: "(no verdict: paved skipped the document)"}
		}
		if p.OK != o.OK {
			out = append(out, disagreement{Name: name, Doc: o.Doc, Paved: p.Error, Backstage: o.Error, PavedOK: p.OK, BackstageO: o.OK})
		}
	}
	for _, p := range paved {
		if !seen[p.Doc] {
			out = append(out, disagreement{Name: name, Doc: p.Doc, Paved: p.Error, Backstage: "(no such document)", PavedOK: p.OK, BackstageO: false})
		}
	}
	return out
}

// yamlFiles lists the .yaml and .yml files under dir, slash paths relative to it.
func yamlFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// judgeTree compares paved and Backstage on every YAML file under dir; the
// first path element of each file is its repository root (placeholders may
// not leave it) when perRepo is true, else dir is the root.
func judgeTree(t *testing.T, dir string, perRepo bool) (files, docs int, diffs []disagreement) {
	t.Helper()
	rels := yamlFiles(t, dir)
	inputs := make([]oracleInput, len(rels))
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, rel := range rels {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		inputs[i] = oracleInput{Name: rel, Text: string(data), Dir: filepath.Dir(filepath.Join(abs, rel))}
	}
	oracle := runOracle(t, inputs)
	for _, rel := range rels {
		root := dir
		if perRepo {
			root = filepath.Join(dir, strings.SplitN(rel, "/", 2)[0])
		}
		ents, err := ParseFile(root, filepath.Join(dir, rel), rel)
		o := oracle[rel]
		docs += len(o)
		diffs = append(diffs, compareVerdicts(rel, o, pavedVerdicts(ents, err))...)
	}
	return len(rels), docs, diffs
}

func reportDiffs(t *testing.T, what string, files, docs int, diffs []disagreement) {
	t.Helper()
	t.Logf("%s: %d files, %d documents, %d disagreements", what, files, docs, len(diffs))
	for _, d := range diffs {
		t.Error(d)
	}
}

// TestOracleCorpus: real catalog files from public repositories.
func TestOracleCorpus(t *testing.T) {
	files, docs, diffs := judgeTree(t, "testdata/backstage-corpus", true)
	if files < 100 {
		t.Errorf("the corpus has %d files, want at least 100", files)
	}
	reportDiffs(t, "corpus", files, docs, diffs)
}

// TestOracleEdgeCases: hand-written cases for every rule.
func TestOracleEdgeCases(t *testing.T) {
	files, docs, diffs := judgeTree(t, "testdata/backstage-edge", false)
	reportDiffs(t, "edge cases", files, docs, diffs)
}

// TestOracleExport: every entity paved accepted from the corpus and the
// edge cases, stored and exported, is accepted by Backstage, and the
// export keeps Templates and URL placeholders as they were written.
func TestOracleExport(t *testing.T) {
	ctx := t.Context()
	st := openTest(t)
	var ents []*Entity
	seen := map[string]bool{}
	for _, tree := range []struct {
		dir     string
		perRepo bool
	}{{"testdata/backstage-corpus", true}, {"testdata/backstage-edge", false}} {
		for _, rel := range yamlFiles(t, tree.dir) {
			root := tree.dir
			if tree.perRepo {
				root = filepath.Join(tree.dir, strings.SplitN(rel, "/", 2)[0])
			}
			got, _ := ParseFile(root, filepath.Join(tree.dir, rel), rel)
			for _, e := range got {
				if k := e.Ref().Key(); !seen[k] {
					seen[k] = true
					ents = append(ents, e)
				}
			}
		}
	}
	if _, err := st.Upsert(ctx, ents); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n, err := Export(ctx, st, dir)
	if err != nil {
		t.Fatal(err)
	}
	files, docs, diffs := judgeTree(t, dir, false)
	t.Logf("exported %d entities: %d files, %d documents", n, files, docs)
	reportDiffs(t, "export", files, docs, diffs)
	oracle := runOracle(t, func() []oracleInput {
		var in []oracleInput
		for _, rel := range yamlFiles(t, dir) {
			data, _ := os.ReadFile(filepath.Join(dir, rel))
			in = append(in, oracleInput{Name: rel, Text: string(data), Dir: dir})
		}
		return in
	}())
	templates, refs := 0, 0
	for name, vs := range oracle {
		for _, v := range vs {
			if !v.OK {
				t.Errorf("Backstage refuses exported %s (document %d): %s", name, v.Doc, v.Error)
			}
		}
		if strings.HasPrefix(filepath.Base(name), "template.") {
			templates++
		}
		if data, _ := os.ReadFile(filepath.Join(dir, name)); strings.Contains(string(data), "$openapi: https://") || strings.Contains(string(data), "$text: https://") {
			refs++
		}
	}
	t.Logf("%d Templates and %d files with URL placeholders exported", templates, refs)
	if templates == 0 || refs == 0 {
		t.Errorf("exported %d Templates and %d URL placeholders, want some of each", templates, refs)
	}
}
