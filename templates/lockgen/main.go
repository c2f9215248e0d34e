// Command lockgen refreshes the lockfiles the built-in templates ship, so a
// service generated from the same template version resolves the same
// dependency tree on any day: the lockfile decides, not the registry.
//
//	go run ./templates/lockgen            # keep resolved versions, re-resolve what package.json changed
//	go run ./templates/lockgen -fresh     # re-resolve every transitive dependency
//
// (`make template-locks` runs the first.) For each answer set that changes
// the dependencies it renders the template with paved (no hooks, no git),
// lets the ecosystem's own tool resolve them (npm install --package-lock-only,
// go mod tidy) and merges the results into one template file:
//
//   - express-service/skeleton/package-lock.json.tmpl: every package entry is
//     kept once and wrapped in a condition naming the answer sets that have
//     it, so each set renders exactly the lockfile npm wrote for it;
//   - go-service/skeleton/go.mod.tmpl and go.sum.tmpl: one full copy per
//     database answer (they are small).
//
// It needs node/npm and the Go toolchain, and reaches the npm registry and
// the Go module proxy: it is a maintainer's tool, never run by tests.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// lockName is the service name lockgen generates with; it is replaced by
// the name template action in the merged lockfile.
const lockName = "lockgen-service"

// expressSets are the answer sets of express-service that change package.json.
var expressSets = []struct{ database, cache string }{
	{"none", "none"},
	{"postgres", "none"},
	{"none", "redis"},
	{"postgres", "redis"},
}

func main() {
	fresh := flag.Bool("fresh", false, "ignore the shipped lockfiles and resolve every dependency anew")
	only := flag.String("only", "", "refresh one template only: express-service or go-service")
	flag.Parse()
	if err := run(*fresh, *only); err != nil {
		fmt.Fprintln(os.Stderr, "lockgen:", err)
		os.Exit(1)
	}
}

func run(fresh bool, only string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "paved-lockgen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	paved := filepath.Join(work, "paved")
	if err := cmd(root, nil, "go", "build", "-o", paved, "./cmd/paved"); err != nil {
		return err
	}
	if only == "" || only == "express-service" {
		if err := express(root, work, paved, fresh); err != nil {
			return fmt.Errorf("express-service: %w", err)
		}
	}
	if only == "" || only == "go-service" {
		if err := gosvc(root, work, paved); err != nil {
			return fmt.Errorf("go-service: %w", err)
		}
	}
	return nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run lockgen inside the paved module")
	}
	return filepath.Dir(mod), nil
}

// generate writes template with answers into dir, without hooks or git.
func generate(paved, work, template, dir string, sets ...string) error {
	argv := []string{"new", template, "--yes", "--no-hooks", "--no-git", "--no-register", "--dir", dir}
	for _, s := range sets {
		argv = append(argv, "--set", s)
	}
	env := []string{
		"HOME=" + filepath.Join(work, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(work, "home", ".config"),
		"XDG_DATA_HOME=" + filepath.Join(work, "home", ".local", "share"),
	}
	return cmd(work, env, paved, argv...)
}

func cmd(dir string, env []string, name string, argv ...string) error {
	c := exec.Command(name, argv...)
	c.Dir = dir
	c.Env = append(os.Environ(), env...)
	c.Stdout = os.Stderr
	c.Stderr = os.Stderr
	if err := c.Run(); err != nil {
		return fmt.Errorf("%s %s (in %s): %w", name, strings.Join(argv, " "), dir, err)
	}
	return nil
}

// entry is one key of a lockfile's "packages" object as npm wrote it.
type entry struct {
	key string
	raw json.RawMessage
}

func express(root, work, paved string, fresh bool) error {
	home, _ := os.UserHomeDir()
	locks := make([][]entry, len(expressSets))
	for i, s := range expressSets {
		dir := filepath.Join(work, "express-"+setName(s.database, s.cache))
		if err := generate(paved, work, "express-service", dir,
			"name="+lockName, "owner=group:lockgen", "database="+s.database, "cache="+s.cache); err != nil {
			return err
		}
		if fresh {
			if err := os.Remove(filepath.Join(dir, "package-lock.json")); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		// The user's npm cache, and no registry host in the lockfile: the
		// generated service resolves tarballs from its own npm config.
		env := []string{"npm_config_cache=" + filepath.Join(home, ".npm")}
		if err := cmd(dir, env, "npm", "install", "--package-lock-only", "--ignore-scripts",
			"--no-audit", "--no-fund", "--omit-lockfile-registry-resolved"); err != nil {
			return err
		}
		data, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
		if err != nil {
			return err
		}
		if locks[i], err = packages(data); err != nil {
			return fmt.Errorf("%s/package-lock.json: %w", dir, err)
		}
	}
	out, err := mergeLocks(locks)
	if err != nil {
		return err
	}
	path := filepath.Join(root, "templates", "express-service", "skeleton", "package-lock.json.tmpl")
	fmt.Fprintf(os.Stderr, "lockgen: wrote %s (%d bytes)\n", path, len(out))
	return os.WriteFile(path, out, 0o644)
}

func setName(database, cache string) string { return database + "-" + cache }

// packages reads the "packages" object of an npm v3 lockfile in file order.
func packages(data []byte) ([]entry, error) {
	var top struct {
		LockfileVersion int             `json:"lockfileVersion"`
		Packages        json.RawMessage `json:"packages"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, err
	}
	if top.LockfileVersion != 3 {
		return nil, fmt.Errorf("lockfileVersion %d, want 3 (npm 9 or later)", top.LockfileVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(top.Packages))
	if _, err := dec.Token(); err != nil { // {
		return nil, err
	}
	var out []entry
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out = append(out, entry{key: tok.(string), raw: raw})
	}
	return out, nil
}

// mergeLocks writes one lockfile template from one lockfile per answer
// set: each distinct (key, entry) once, under a condition naming the sets
// that hold it. The root entry "" comes first in every lockfile, so every
// later entry can start with its comma.
func mergeLocks(locks [][]entry) ([]byte, error) {
	type variant struct {
		key  string
		raw  string
		sets []int
	}
	var variants []*variant
	index := map[[2]string]*variant{}
	for i, lock := range locks {
		if len(lock) == 0 || lock[0].key != "" {
			return nil, fmt.Errorf("lockfile %d: the root entry \"\" is not first", i)
		}
		for _, e := range lock {
			raw := string(e.raw)
			if e.key == "" {
				raw = strings.Replace(raw, `"name": "`+lockName+`"`, `"name": {{ .Values.name | toJson }}`, 1)
			}
			k := [2]string{e.key, raw}
			v, ok := index[k]
			if !ok {
				v = &variant{key: e.key, raw: raw}
				index[k] = v
				variants = append(variants, v)
			}
			v.sets = append(v.sets, i)
		}
	}
	slices.SortStableFunc(variants, func(a, b *variant) int {
		if a.key != b.key {
			if a.key == "" {
				return -1
			}
			if b.key == "" {
				return 1
			}
			return strings.Compare(a.key, b.key)
		}
		return slices.Compare(a.sets, b.sets)
	})
	cond := func(sets []int) string {
		var names []string
		for _, i := range sets {
			names = append(names, fmt.Sprintf("%q", setName(expressSets[i].database, expressSets[i].cache)))
		}
		return "eq $set " + strings.Join(names, " ")
	}
	var b bytes.Buffer
	b.WriteString("{{- /* Written by `make template-locks` (templates/lockgen): one npm lockfile per database/cache answer, merged. Do not edit by hand. */ -}}\n")
	b.WriteString("{{- $set := printf \"%s-%s\" .Values.database .Values.cache -}}\n")
	b.WriteString("{\n  \"name\": {{ .Values.name | toJson }},\n  \"version\": \"0.1.0\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n")
	b.WriteString(`    "": `)
	first := true
	for _, v := range variants {
		if v.key != "" {
			continue
		}
		if first {
			fmt.Fprintf(&b, "{{ if %s }}", cond(v.sets))
			first = false
		} else {
			fmt.Fprintf(&b, "{{ else if %s }}", cond(v.sets))
		}
		b.WriteString(v.raw)
	}
	b.WriteString("{{ end }}")
	for _, v := range variants {
		if v.key == "" {
			continue
		}
		key, _ := json.Marshal(v.key)
		if len(v.sets) == len(locks) {
			fmt.Fprintf(&b, ",\n    %s: %s", key, v.raw)
			continue
		}
		fmt.Fprintf(&b, "{{ if %s }},\n    %s: %s{{ end }}", cond(v.sets), key, v.raw)
	}
	b.WriteString("\n  }\n}\n")
	return b.Bytes(), nil
}

// gosvc tidies go-service once per database answer and writes go.mod.tmpl
// and go.sum.tmpl holding both results.
func gosvc(root, work, paved string) error {
	type result struct{ mod, sum string }
	var res [2]result
	for i, db := range []string{"none", "postgres"} {
		dir := filepath.Join(work, "go-"+db)
		if err := generate(paved, work, "go-service", dir,
			"name="+lockName, "owner=group:lockgen", "module=example.com/lockgen", "database="+db); err != nil {
			return err
		}
		if err := cmd(dir, []string{"GOFLAGS=-mod=mod"}, "go", "mod", "tidy"); err != nil {
			return err
		}
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			return err
		}
		sum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
		if err != nil {
			return err
		}
		m, err := templateGoMod(string(mod))
		if err != nil {
			return err
		}
		res[i] = result{mod: m, sum: string(sum)}
	}
	header := "{{- /* Written by `make template-locks` (templates/lockgen) with go mod tidy. Do not edit by hand. */ -}}\n"
	either := func(none, pg string) string {
		return header + `{{- if eq .Values.database "postgres" -}}` + "\n" + pg + "{{- else -}}\n" + none + "{{- end }}\n"
	}
	dir := filepath.Join(root, "templates", "go-service", "skeleton")
	if err := os.WriteFile(filepath.Join(dir, "go.mod.tmpl"), []byte(either(res[0].mod, res[1].mod)), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "lockgen: wrote %s/go.mod.tmpl and go.sum.tmpl\n", dir)
	return os.WriteFile(filepath.Join(dir, "go.sum.tmpl"), []byte(either(res[0].sum, res[1].sum)), 0o644)
}

// templateGoMod puts the module path and go version back as template actions.
func templateGoMod(mod string) (string, error) {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(mod))
	seenModule, seenGo := false, false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "module "):
			line, seenModule = "module {{ .Values.module }}", true
		case strings.HasPrefix(line, "go "):
			// The dependencies need a release (1.26.0), not only the
			// language version (1.26, which sorts before 1.26.0).
			if v := strings.TrimPrefix(line, "go "); strings.Count(v, ".") != 2 || !strings.HasSuffix(v, ".0") {
				return "", fmt.Errorf("go.mod after tidy says %q: the template writes goVersion.0; raise the goVersion default instead", line)
			}
			line, seenGo = "go {{ .Values.goVersion }}.0", true
		case strings.HasPrefix(line, "toolchain "):
			continue // the generated service's go directive decides
		}
		b.WriteString(line + "\n")
	}
	if !seenModule || !seenGo {
		return "", errors.New("go.mod after tidy has no module or go line")
	}
	return b.String(), nil
}
