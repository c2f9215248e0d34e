package templates_test

// Reproducible generation: the lockfiles the templates ship, not the
// registry on the day, decide every dependency version. Two generations of
// the same template version and answers therefore install the same tree.
// Refresh the lockfiles with `make template-locks`.

import (
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/manifest"
)

// exactVersion is a pinned semver: no range, tag or URL.
var exactVersion = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)

// expressLockSets are the answers that change express-service's dependencies.
func expressLockSets() map[string]manifest.Values {
	out := map[string]manifest.Values{}
	for _, db := range []string{"none", "postgres"} {
		for _, cache := range []string{"none", "redis"} {
			out[db+"-"+cache] = expressValues(map[string]any{"database": db, "cache": cache})
		}
	}
	return out
}

type npmLock struct {
	Name            string `json:"name"`
	LockfileVersion int    `json:"lockfileVersion"`
	Packages        map[string]struct {
		Name            string            `json:"name"`
		Version         string            `json:"version"`
		Resolved        string            `json:"resolved"`
		Integrity       string            `json:"integrity"`
		Link            bool              `json:"link"`
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	} `json:"packages"`
}

type npmPackage struct {
	Name            string            `json:"name"`
	Dependencies    map[string]string `json:"dependencies"`
	DevDependencies map[string]string `json:"devDependencies"`
}

// renderedFiles renders a built-in template and returns its files by path.
func renderedFiles(t *testing.T, name string, values manifest.Values) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, f := range renderBuiltin(t, name, values).Files {
		files[f.Path] = f.Data
	}
	return files
}

// TestExpressLockfileDecidesEveryVersion checks, for every dependency
// answer set, that package.json pins exact versions, that the lockfile holds
// the same root dependencies, and that every installed package has an
// exact version and an integrity hash: nothing is left for npm to resolve.
func TestExpressLockfileDecidesEveryVersion(t *testing.T) {
	for set, values := range expressLockSets() {
		t.Run(set, func(t *testing.T) {
			t.Parallel()
			files := renderedFiles(t, "express-service", values)
			var pkg npmPackage
			if err := json.Unmarshal(files["package.json"], &pkg); err != nil {
				t.Fatalf("package.json: %v", err)
			}
			var lock npmLock
			if err := json.Unmarshal(files["package-lock.json"], &lock); err != nil {
				t.Fatalf("package-lock.json is not valid JSON (run make template-locks): %v", err)
			}
			if lock.LockfileVersion != 3 || lock.Name != pkg.Name {
				t.Errorf("package-lock.json: lockfileVersion %d name %q, want 3 and %q", lock.LockfileVersion, lock.Name, pkg.Name)
			}
			root := lock.Packages[""]
			if !maps.Equal(root.Dependencies, pkg.Dependencies) || !maps.Equal(root.DevDependencies, pkg.DevDependencies) {
				t.Fatalf("package-lock.json root dependencies differ from package.json: run make template-locks\nlock: %v %v\npackage.json: %v %v",
					root.Dependencies, root.DevDependencies, pkg.Dependencies, pkg.DevDependencies)
			}
			for _, deps := range []map[string]string{pkg.Dependencies, pkg.DevDependencies} {
				for name, want := range deps {
					if !exactVersion.MatchString(want) {
						t.Errorf("package.json: %s@%s is not an exact version", name, want)
					}
					if got := lock.Packages["node_modules/"+name].Version; got != want {
						t.Errorf("package-lock.json: node_modules/%s is %q, want %q as package.json pins", name, got, want)
					}
				}
			}
			if len(lock.Packages) < 50 {
				t.Fatalf("package-lock.json lists %d packages: it cannot hold the whole tree", len(lock.Packages))
			}
			for path, p := range lock.Packages {
				if path == "" || p.Link {
					continue
				}
				if !exactVersion.MatchString(p.Version) || !strings.HasPrefix(p.Integrity, "sha512-") {
					t.Errorf("package-lock.json: %s has version %q integrity %q, want an exact version and a sha512 integrity", path, p.Version, p.Integrity)
				}
				if p.Resolved != "" {
					t.Errorf("package-lock.json: %s names a registry (%s): lockgen writes none, so installs use the service's own npm config", path, p.Resolved)
				}
			}
		})
	}
}

// TestExpressHooksInstallFromTheLockfile: paved new installs with npm ci,
// which refuses a package.json the lockfile does not match, never with
// npm install, which would resolve whatever is newest.
func TestExpressHooksInstallFromTheLockfile(t *testing.T) {
	t.Parallel()
	plan := renderBuiltin(t, "express-service", expressGolden)
	if len(plan.Hooks) == 0 {
		t.Fatal("express-service runs no install hook")
	}
	for _, h := range plan.Hooks {
		if len(h.Run) < 2 || h.Run[0] != "npm" || h.Run[1] != "ci" {
			t.Errorf("hook %q runs %v, want npm ci", h.Title, h.Run)
		}
	}
}

// TestExpressNpmCiRefusesADriftedLock runs npm itself (offline, dry run:
// no registry, no download) on each rendered package.json and lockfile: it
// accepts them as shipped and refuses them once package.json moves a
// version the lockfile does not hold.
func TestExpressNpmCiRefusesADriftedLock(t *testing.T) {
	if _, err := exec.LookPath("npm"); err != nil {
		if testing.Short() {
			t.Skip("npm not installed; skipped with -short")
		}
		t.Fatal("npm is required to check the shipped lockfiles: install it (.ci/run does) or run with -short")
	}
	for set, values := range expressLockSets() {
		t.Run(set, func(t *testing.T) {
			files := renderedFiles(t, "express-service", values)
			dir := t.TempDir()
			write := func(name string, data []byte) {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("package.json", files["package.json"])
			write("package-lock.json", files["package-lock.json"])
			npmCi := func() (string, error) {
				cmd := exec.Command("npm", "ci", "--offline", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund")
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "npm_config_update_notifier=false")
				out, err := cmd.CombinedOutput()
				return string(out), err
			}
			if out, err := npmCi(); err != nil {
				t.Fatalf("npm ci on the rendered package.json and lockfile: %v\n%s", err, out)
			}
			var pkg map[string]any
			if err := json.Unmarshal(files["package.json"], &pkg); err != nil {
				t.Fatal(err)
			}
			// helmet has no peers: npm needs no registry to see the mismatch.
			deps := pkg["dependencies"].(map[string]any)
			if deps["helmet"] == nil {
				t.Fatal("package.json no longer depends on helmet: pick another leaf dependency to drift")
			}
			deps["helmet"] = "8.0.0" // what a registry's newest might be on another day
			drifted, _ := json.MarshalIndent(pkg, "", "  ")
			write("package.json", drifted)
			out, err := npmCi()
			if err == nil {
				t.Fatalf("npm ci accepted package.json with helmet@8.0.0 against the shipped lockfile:\n%s", out)
			}
			// With helmet's registry document in the npm cache npm names the
			// mismatch; with a cold cache it first tries to fetch it, and
			// --offline stops it there. Either way it installs nothing.
			if !strings.Contains(out, "in sync") && !strings.Contains(out, "ENOTCACHED") {
				t.Errorf("npm ci failed, but not for the lockfile mismatch:\n%s", out)
			}
		})
	}
}

// goRequire matches one requirement line of go.mod, in a block or alone.
var goRequire = regexp.MustCompile(`(?m)^(?:require\s+|\t)([^\s()]+)\s+(v[^\s]+)(\s+// indirect)?$`)

// TestGoSumCoversEveryRequirement checks the shipped go.mod lists the whole
// module graph (indirect requirements included, as go mod tidy writes it)
// and go.sum has a hash for each, so the build never asks the proxy what
// is newest; the hooks never run go mod tidy.
func TestGoSumCoversEveryRequirement(t *testing.T) {
	for _, db := range []string{"none", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			values := maps.Clone(goldens["go-service"])
			values["database"] = db
			plan := renderBuiltin(t, "go-service", values)
			files := map[string][]byte{}
			for _, f := range plan.Files {
				files[f.Path] = f.Data
			}
			mod, sum := string(files["go.mod"]), string(files["go.sum"])
			if sum == "" {
				t.Fatal("go-service ships no go.sum (run make template-locks)")
			}
			reqs := goRequire.FindAllStringSubmatch(mod, -1)
			indirect := 0
			for _, r := range reqs {
				path, version := r[1], r[2]
				if r[3] != "" {
					indirect++
				}
				if !strings.Contains(sum, path+" "+version+"/go.mod h1:") {
					t.Errorf("go.sum has no hash for %s %s/go.mod", path, version)
				}
			}
			if len(reqs) < 5 || indirect == 0 {
				t.Errorf("go.mod lists %d requirements, %d indirect: want the tidy module graph\n%s", len(reqs), indirect, mod)
			}
			if hasPgx := strings.Contains(mod, "github.com/jackc/pgx/v5 "); hasPgx != (db == "postgres") {
				t.Errorf("go.mod requires pgx: %v, want %v", hasPgx, db == "postgres")
			}
			for _, h := range plan.Hooks {
				if slices.Contains(h.Run, "tidy") || slices.Contains(h.Run, "get") {
					t.Errorf("hook %q runs %v: it would resolve the newest versions; the shipped go.sum decides", h.Title, h.Run)
				}
			}
		})
	}
}
