package scaffold

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

// GenerateOptions say how to write a plan.
type GenerateOptions struct {
	Force    bool // write into a non-empty target, overwriting the plan's files
	RunHooks bool // run the plan's hooks (in the staging folder: only the plan's files, even with Force); the caller decides trust
	// Log receives what a person should read while hooks run: each hook's
	// title (when Progress is nil) and how an interrupted hook was stopped.
	// nil is silent.
	Log io.Writer
	// Progress, when set, shows a hook running instead of Log's plain
	// line: it is called with the hook's title and returns the function
	// that ends it. The CLI passes a spinner; nothing here knows terminals.
	Progress func(title string) (done func(ok bool))
	Env      []string // the hooks' environment; nil means the process's
	HideEnv  []string // variables the hooks never see (the git token variables); PAVED_GIT_TOKEN and GITHUB_TOKEN always
	// StopGrace is how long a cancelled hook's processes have between
	// SIGTERM and SIGKILL; 0 is [DefaultStopGrace].
	StopGrace time.Duration

	// BeforeMove, when set, runs on the staging folder after the hooks and
	// before the move into place (`paved new` makes the first git commit
	// there); its failure leaves the target as it was, like any other.
	BeforeMove func(ctx context.Context, dir string) error

	// Now is the clock for sweeping old staging folders; nil is time.Now.
	Now func() time.Time
}

// Result is what a generation did.
type Result struct {
	Dir         string    // absolute target folder
	Files       int       // files written
	Overwritten []string  // files of the target replaced (only with Force)
	HooksRun    []string  // titles of the hooks that ran
	Swept       []Staging // staging folders of dead runs removed beside the target
}

// TargetError is a target that cannot be written: not empty without
// --force, a file where a folder is needed. Bad input, exit 2.
type TargetError struct {
	Dir string
	Msg string
	Fix string
}

func (e *TargetError) Error() string { return e.Dir + ": " + e.Msg }

// Hint says what to do instead.
func (e *TargetError) Hint() string { return e.Fix }

// ExitCode is 2: the target is the user's choice.
func (e *TargetError) ExitCode() int { return 2 }

// Conflicts lists the plan's files that already exist in target (what
// --force would overwrite), sorted. A missing target has none.
func Conflicts(p *Plan, target string) ([]string, error) {
	var out []string
	for _, f := range p.Files {
		_, err := os.Lstat(filepath.Join(target, filepath.FromSlash(f.Path)))
		if err == nil {
			out = append(out, f.Path)
		} else if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return nil, fmt.Errorf("inspect %s: %w", target, err)
		}
	}
	return out, nil
}

// CheckTarget reports whether target may receive a generation: it is
// absent, an empty folder, or (with force) a folder.
func CheckTarget(target string, force bool) (exists bool, err error) {
	info, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("inspect %s: %w", target, err)
	}
	if !info.IsDir() {
		return true, &TargetError{Dir: target, Msg: "exists and is not a folder", Fix: "choose another folder with --dir"}
	}
	entries, err := os.ReadDir(target)
	if err != nil {
		return true, fmt.Errorf("inspect %s: %w", target, err)
	}
	if len(entries) > 0 && !force {
		return true, &TargetError{Dir: target, Msg: "folder is not empty",
			Fix: "choose another folder with --dir, or pass --force to write into it (--dry-run --force lists every file it would overwrite)"}
	}
	return true, nil
}

// Generate writes p into target. Everything is written into a staging folder
// beside target first and the hooks run there; only when all of it succeeded
// is the result moved into place. On any error, and when ctx is cancelled,
// the staging folder is removed and target is as it was before.
func Generate(ctx context.Context, p *Plan, target string, o GenerateOptions) (res *Result, err error) {
	target, err = filepath.Abs(target)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", target, err)
	}
	exists, err := CheckTarget(target, o.Force)
	if err != nil {
		return nil, err
	}
	res = &Result{Dir: target, Files: len(p.Files)}
	if exists {
		if res.Overwritten, err = Conflicts(p, target); err != nil {
			return nil, err
		}
		if err := checkOverwrite(p, target); err != nil {
			return nil, err
		}
	}

	parent := filepath.Dir(target)
	createdParent, err := mkdirAllTracked(parent)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	// Best effort: a folder that cannot be swept is no reason not to generate.
	res.Swept, _ = SweepStaging(parent, now())
	stage, err := os.MkdirTemp(parent, stagingPrefix(target))
	if err != nil {
		removeCreated(createdParent)
		return nil, fmt.Errorf("create staging folder: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(stage)
			removeCreated(createdParent)
		}
	}()

	if err := writeStage(ctx, stage, p); err != nil {
		return nil, err
	}
	if o.RunHooks {
		for _, h := range p.Hooks {
			if err := runHook(ctx, stage, h, o); err != nil {
				return nil, err
			}
			res.HooksRun = append(res.HooksRun, h.Title)
		}
	}
	if o.BeforeMove != nil {
		if err := o.BeforeMove(ctx, stage); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !exists {
		if err := os.Chmod(stage, 0o755); err != nil {
			return nil, fmt.Errorf("staging folder: %w", err)
		}
		if err := os.Rename(stage, target); err != nil {
			return nil, fmt.Errorf("move into %s: %w", target, err)
		}
		done = true
		return res, nil
	}
	if err := moveInto(stage, target); err != nil {
		return nil, err
	}
	done = true
	os.RemoveAll(stage)
	return res, nil
}

// writeStage writes every file of p through an os.Root on stage, so no path
// can land outside it whatever the plan holds. Each folder is opened once as
// a Root of its own, so a file costs one open instead of one per path
// element. Modes are subject to the umask, as with git checkout or cp.
func writeStage(ctx context.Context, stage string, p *Plan) error {
	root, err := os.OpenRoot(stage)
	if err != nil {
		return fmt.Errorf("open staging folder: %w", err)
	}
	dirs := map[string]*os.Root{".": root}
	defer func() {
		for _, r := range dirs {
			r.Close()
		}
	}()
	var open func(dir string) (*os.Root, error)
	open = func(dir string) (*os.Root, error) {
		if r, ok := dirs[dir]; ok {
			return r, nil
		}
		parent, err := open(path.Dir(dir))
		if err != nil {
			return nil, err
		}
		name := path.Base(dir)
		if err := parent.Mkdir(name, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		r, err := parent.OpenRoot(name)
		if err != nil {
			return nil, err
		}
		dirs[dir] = r
		return r, nil
	}
	for _, f := range p.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		dir, err := open(path.Dir(f.Path))
		if err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		if err := dir.WriteFile(path.Base(f.Path), f.Data, f.Mode); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	return nil
}

// checkOverwrite refuses, before anything moves, a plan file whose path in
// target is a folder, or whose parent in target is a file or a symlink.
func checkOverwrite(p *Plan, target string) error {
	for _, f := range p.Files {
		full := filepath.Join(target, filepath.FromSlash(f.Path))
		if info, err := os.Lstat(full); err == nil && info.IsDir() {
			return &TargetError{Dir: target, Msg: fmt.Sprintf("%s is a folder, the template writes a file there", f.Path),
				Fix: "move it away, or choose another folder with --dir"}
		}
		for dir := path.Dir(f.Path); dir != "."; dir = path.Dir(dir) {
			info, err := os.Lstat(filepath.Join(target, filepath.FromSlash(dir)))
			if err != nil {
				continue
			}
			if !info.IsDir() {
				return &TargetError{Dir: target, Msg: fmt.Sprintf("%s is not a folder, the template writes %s", dir, f.Path),
					Fix: "move it away, or choose another folder with --dir"}
			}
		}
	}
	return nil
}

// backupDir, in a staging folder, keeps the target's files that a forced
// generation replaces until every file has moved.
const backupDir = ".paved-backup"

// moveInto moves everything in stage into the existing target, keeping
// what it replaces until all moved; on failure the moves are undone. A
// folder the target does not have yet (node_modules after a hook, .git)
// moves in one rename.
func moveInto(stage, target string) error {
	backup := filepath.Join(stage, backupDir)
	var files []string
	err := filepath.WalkDir(stage, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == stage {
			return nil
		}
		if p == backup {
			return fs.SkipDir
		}
		rel, _ := filepath.Rel(stage, p)
		if d.IsDir() {
			if _, err := os.Lstat(filepath.Join(target, rel)); err == nil {
				return nil // merge into the folder that is there
			}
			files = append(files, rel)
			return fs.SkipDir
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read staging folder: %w", err)
	}
	type move struct{ rel, backedUp string }
	var moved []move
	var madeDirs []string
	undo := func() {
		for _, m := range slices.Backward(moved) {
			os.RemoveAll(filepath.Join(target, m.rel)) // only what this run moved in
			if m.backedUp != "" {
				os.Rename(m.backedUp, filepath.Join(target, m.rel))
			}
		}
		for _, d := range slices.Backward(madeDirs) {
			os.Remove(d)
		}
	}
	for _, rel := range files {
		dst := filepath.Join(target, rel)
		made, err := mkdirAllTracked(filepath.Dir(dst))
		if err != nil {
			undo()
			return fmt.Errorf("create %s: %w", filepath.Dir(dst), err)
		}
		madeDirs = append(madeDirs, made...)
		m := move{rel: rel}
		if _, err := os.Lstat(dst); err == nil {
			m.backedUp = filepath.Join(backup, rel)
			if err := os.MkdirAll(filepath.Dir(m.backedUp), 0o700); err != nil {
				undo()
				return fmt.Errorf("back up %s: %w", dst, err)
			}
			if err := os.Rename(dst, m.backedUp); err != nil {
				undo()
				return fmt.Errorf("back up %s: %w", dst, err)
			}
		}
		if err := os.Rename(filepath.Join(stage, rel), dst); err != nil {
			if m.backedUp != "" {
				os.Rename(m.backedUp, dst)
			}
			undo()
			return fmt.Errorf("move %s into place: %w", rel, err)
		}
		moved = append(moved, m)
	}
	return nil
}

// mkdirAllTracked is os.MkdirAll that returns the folders it created,
// outermost first, so a failure can remove exactly those.
func mkdirAllTracked(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if len(missing) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	slices.Reverse(missing)
	return missing, nil
}

// removeCreated removes folders made by mkdirAllTracked, innermost first,
// when they are still empty.
func removeCreated(dirs []string) {
	for _, d := range slices.Backward(dirs) {
		os.Remove(d)
	}
}
