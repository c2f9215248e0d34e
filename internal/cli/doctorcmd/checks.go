package doctorcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/config"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/semver"
)

// Status is a check's outcome.
type Status string

// Outcomes: a failed check is required and breaks a paved command; a
// warning only affects the templates that use the missing tool.
const (
	StatusOK   Status = "ok"
	StatusWarn Status = "warn"
	StatusFail Status = "fail"
)

// Check is one line of the report.
type Check struct {
	Name     string `json:"name"`
	Status   Status `json:"status"`
	Detail   string `json:"detail"`
	Hint     string `json:"hint,omitempty"`
	Required bool   `json:"required"`
}

// tool is a program on PATH the built-in templates use.
type tool struct {
	name    string
	args    []string // prints the version
	purpose string
	install string
	min     string // oldest version that works, "" for any
}

func tools() []tool {
	return []tool{
		{name: "node", args: []string{"--version"}, purpose: "express-service runs on it", min: "20.9.0",
			install: "install Node.js 20.9 or newer (https://nodejs.org) to generate and test express-service"},
		{name: "npm", args: []string{"--version"}, purpose: "express-service's hooks run npm install",
			install: "npm comes with Node.js (https://nodejs.org); or generate with --no-hooks and install later"},
		{name: "go", args: []string{"version"}, purpose: "go-service builds with it",
			install: "install Go (https://go.dev/dl) to generate and test go-service"},
	}
}

// Checks runs every check, in the order the report shows them. Program
// runs happen at once, each bounded by opts.Timeout.
func Checks(ctx context.Context, opts *Options) []Check {
	checks := []Check{
		{Name: "paved", Status: StatusOK, Detail: opts.Version + " (" + platform() + ")", Required: true},
		identity(opts),
	}
	ts := tools()
	found := make([]Check, len(ts))
	g, gctx := errgroup.WithContext(ctx)
	for i, t := range ts {
		g.Go(func() error {
			found[i] = toolCheck(gctx, opts, t)
			return nil
		})
	}
	_ = g.Wait() // toolCheck reports its own failures
	checks = append(checks, found...)
	checks = append(checks,
		catalogCheck(ctx, opts.CatalogPath),
		cacheCheck(opts.CacheDir),
		configCheck(opts.ConfigPath),
		stagingCheck(opts),
		terminalCheck(opts),
	)
	return checks
}

func identity(opts *Options) Check {
	c := Check{Name: "git identity", Required: true}
	sig, err := gitx.Author(opts.Getenv, opts.Now())
	if errors.Is(err, gitx.ErrNoIdentity) {
		// paved new still works: it signs the first commit itself.
		anon := gitx.Anonymous(opts.Now())
		c.Status = StatusWarn
		c.Detail = fmt.Sprintf("none configured: first commits will be by %s <%s>", anon.Name, anon.Email)
		c.Hint = cmdutil.Hint(err)
		return c
	}
	if err != nil {
		c.Status, c.Detail, c.Hint = StatusFail, err.Error(), cmdutil.Hint(err)
		if c.Hint == "" {
			c.Hint = `set PAVED_AUTHOR="Your Name <you@example.com>", or: git config --global user.name "Your Name" && git config --global user.email you@example.com`
		}
		return c
	}
	from := "git config"
	switch {
	case strings.TrimSpace(opts.Getenv("PAVED_AUTHOR")) != "":
		from = "PAVED_AUTHOR"
	case opts.Getenv("GIT_AUTHOR_NAME") != "" && opts.Getenv("GIT_AUTHOR_EMAIL") != "":
		from = "GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL"
	}
	c.Status, c.Detail = StatusOK, fmt.Sprintf("%s <%s> (from %s)", sig.Name, sig.Email, from)
	return c
}

func toolCheck(ctx context.Context, opts *Options, t tool) Check {
	c := Check{Name: t.name}
	path, err := opts.LookPath(t.name)
	if err != nil {
		c.Status, c.Detail, c.Hint = StatusWarn, "not found on PATH ("+t.purpose+")", t.install
		return c
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	out, err := opts.Exec(ctx, path, t.args...)
	if err != nil {
		why := err.Error()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			why = fmt.Sprintf("did not answer within %s", opts.Timeout)
		}
		c.Status, c.Detail = StatusWarn, fmt.Sprintf("%s %s failed: %s", path, strings.Join(t.args, " "), why)
		c.Hint = "check that " + path + " works: " + t.install
		return c
	}
	version := firstLine(out)
	c.Status, c.Detail = StatusOK, version+" ("+path+")"
	if v := strings.TrimPrefix(version, "v"); t.min != "" && semver.Valid(v) && semver.Compare(v, t.min) < 0 {
		c.Status, c.Detail = StatusWarn, fmt.Sprintf("%s is older than %s (%s)", version, t.min, t.purpose)
		c.Hint = t.install
	}
	return c
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// catalogCheck opens the catalog when it exists; a catalog not created yet
// is fine as long as its folder can be created.
func catalogCheck(ctx context.Context, path string) Check {
	c := Check{Name: "catalog", Required: true}
	if strings.Contains(path, "://") {
		return openCatalog(ctx, c, path)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := creatable(filepath.Dir(path)); err != nil {
			c.Status, c.Detail = StatusFail, path+": cannot be created: "+err.Error()
			c.Hint = "point --catalog-db or PAVED_CATALOG at a writable place"
			return c
		}
		c.Status, c.Detail = StatusOK, path+" (not created yet: the first `paved catalog register` or `paved new` creates it)"
		return c
	}
	return openCatalog(ctx, c, path)
}

func openCatalog(ctx context.Context, c Check, path string) Check {
	st, err := catalog.Open(ctx, path)
	if err != nil {
		c.Status, c.Detail, c.Hint = StatusFail, err.Error(), cmdutil.Hint(err)
		if c.Hint == "" {
			c.Hint = "point --catalog-db or PAVED_CATALOG at a paved catalog file, or move the broken file aside"
		}
		return c
	}
	defer st.Close()
	c.Status, c.Detail = StatusOK, path+" (opens)"
	return c
}

// creatable reports whether dir exists as a writable folder, or its nearest
// existing ancestor is one (so it can be created).
func creatable(dir string) error {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("%s is not a folder", d)
			}
			return writable(d)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if filepath.Dir(d) == d {
			return fmt.Errorf("no existing parent folder")
		}
	}
}

// writable creates and removes a file in dir.
func writable(dir string) error {
	f, err := os.CreateTemp(dir, ".paved-doctor-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

func cacheCheck(dir string) Check {
	c := Check{Name: "cache", Required: true}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := creatable(dir); err != nil {
			c.Status, c.Detail, c.Hint = StatusFail, dir+": cannot be created: "+err.Error(), "set PAVED_CACHE_DIR or XDG_CACHE_HOME to a writable folder"
			return c
		}
		c.Status, c.Detail = StatusOK, dir+" (empty: not created yet)"
		return c
	case err != nil:
		c.Status, c.Detail, c.Hint = StatusFail, err.Error(), "set PAVED_CACHE_DIR or XDG_CACHE_HOME to a writable folder"
		return c
	case !fi.IsDir():
		c.Status, c.Detail, c.Hint = StatusFail, dir+" is not a folder", "remove it, or set PAVED_CACHE_DIR to a folder"
		return c
	}
	if err := writable(dir); err != nil {
		c.Status, c.Detail, c.Hint = StatusFail, dir+" is not writable: "+err.Error(), "fix its permissions, or set PAVED_CACHE_DIR to a writable folder"
		return c
	}
	size, files := dirSize(dir)
	c.Status, c.Detail = StatusOK, fmt.Sprintf("%s (%s in %d files; safe to delete)", dir, humanBytes(size), files)
	return c
}

func dirSize(dir string) (size int64, files int) {
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil // an unreadable corner does not stop the count
		}
		if info, err := d.Info(); err == nil && info.Mode().IsRegular() {
			size += info.Size()
			files++
		}
		return nil
	})
	return size, files
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func configCheck(path string) Check {
	c := Check{Name: "config", Required: true}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		c.Status, c.Detail = StatusOK, path+" (none: defaults apply)"
		return c
	}
	cfg, err := config.Load(path)
	if err != nil {
		c.Status, c.Detail = StatusFail, err.Error()
		c.Hint = "fix the file: known keys are trustedSources (a list), credentials (a list of {host, tokenEnv, caFile}), author {name, email} and limits {maxFileBytes, maxGenerationBytes, renderTimeout, maxTemplateDepth, maxRenderSteps, maxYamlBytes, maxYamlNodes}"
		return c
	}
	c.Status, c.Detail = StatusOK, fmt.Sprintf("%s (valid; %d trusted %s)", path, len(cfg.TrustedSources), cmdutil.Plural(len(cfg.TrustedSources), "source", "sources"))
	return c
}

// stagingCheck reports the staging folders that runs of paved new killed
// before they could clean up (kill -9, a crash, a power cut) left in the
// working folder. The next paved new there removes them.
func stagingCheck(opts *Options) Check {
	c := Check{Name: "staging"}
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	found, err := scaffold.FindStaging(dir, now())
	if err != nil {
		c.Status, c.Detail = StatusWarn, err.Error()
		return c
	}
	var stale []string
	var bytes int64
	live := 0
	for _, s := range found {
		if s.Stale {
			stale = append(stale, s.Path)
			bytes += s.Bytes
		} else {
			live++
		}
	}
	switch {
	case len(stale) > 0:
		c.Status = StatusWarn
		c.Detail = fmt.Sprintf("%d left by interrupted runs in %s (%d bytes): %s", len(stale), dir, bytes, strings.Join(stale, ", "))
		c.Hint = "the next paved new in this folder removes them; or remove them now: rm -rf " + strings.Join(stale, " ")
	case live > 0:
		c.Status, c.Detail = StatusOK, fmt.Sprintf("%d in use by a running paved new in %s", live, dir)
	default:
		c.Status, c.Detail = StatusOK, "none in "+dir
	}
	return c
}

func terminalCheck(opts *Options) Check {
	ios := opts.IO
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	colour := "on"
	switch {
	case ios.Color:
	case opts.NoColor:
		colour = "off (--no-color)"
	case opts.Getenv("NO_COLOR") != "":
		colour = "off (NO_COLOR)"
	default:
		colour = "off (not a terminal)"
	}
	detail := fmt.Sprintf("stdin terminal: %s, stdout terminal: %s, colour: %s", yes(ios.InTTY), yes(ios.OutTTY), colour)
	if ios.Accessible {
		detail += ", accessible prompts"
	}
	c := Check{Name: "terminal", Status: StatusOK, Detail: detail}
	if !ios.CanPrompt() {
		c.Detail += " — no forms: pass answers with --set/--values"
	}
	return c
}
