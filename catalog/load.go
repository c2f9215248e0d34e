package catalog

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// skippedDirs are never walked: version control, dependencies, vendored trees.
var skippedDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true, "bower_components": true, "third_party": true, ".hg": true, ".svn": true}

// FindFiles walks root for catalog files (catalog-info.yaml and
// *.catalog.yaml, .yml too), honouring every .gitignore on the way and
// skipping .git, node_modules and vendored trees. It returns slash-separated
// paths relative to root, sorted.
func FindFiles(ctx context.Context, root string) ([]string, error) {
	files, _, err := FindFilesMatching(ctx, root, nil)
	return files, err
}

// FindFilesMatching is [FindFiles] with globs (doublestar patterns matched
// against the slash path relative to root, e.g. "**/*.yaml") in place of
// the default names when globs is not empty. It also returns the other
// .yaml and .yml files it saw, so that a caller can say what it skipped.
func FindFilesMatching(ctx context.Context, root string, globs []string) (files, others []string, err error) {
	for _, g := range globs {
		if !doublestar.ValidatePattern(g) {
			return nil, nil, fmt.Errorf("%q is not a valid glob", g)
		}
	}
	match := func(rel, name string) bool {
		if len(globs) == 0 {
			return isCatalogFileName(name)
		}
		for _, g := range globs {
			if ok, _ := doublestar.Match(g, rel); ok {
				return true
			}
		}
		return false
	}
	var out []string
	var walk func(rel []string, patterns []gitignore.Pattern) error
	walk = func(rel []string, patterns []gitignore.Pattern) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		dir := filepath.Join(append([]string{root}, rel...)...)
		if data, err := os.ReadFile(filepath.Join(dir, ".gitignore")); err == nil {
			patterns = slices.Clip(patterns)
			for line := range strings.SplitSeq(string(data), "\n") {
				line = strings.TrimRight(line, "\r")
				if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
					continue
				}
				patterns = append(patterns, gitignore.ParsePattern(line, slices.Clone(rel)))
			}
		}
		m := gitignore.NewMatcher(patterns)
		entries, err := os.ReadDir(dir)
		if err != nil {
			return fmt.Errorf("read %s: %w", dir, err)
		}
		for _, de := range entries {
			p := append(slices.Clone(rel), de.Name())
			isDir := de.IsDir()
			if de.Type()&os.ModeSymlink != 0 {
				continue // never follow links out of the tree
			}
			if m.Match(p, isDir) {
				continue
			}
			if isDir {
				if skippedDirs[de.Name()] {
					continue
				}
				if err := walk(p, patterns); err != nil {
					return err
				}
				continue
			}
			switch rel := path.Join(p...); {
			case match(rel, de.Name()):
				out = append(out, rel)
			case strings.HasSuffix(rel, ".yaml") || strings.HasSuffix(rel, ".yml"):
				others = append(others, rel)
			}
		}
		return nil
	}
	if fi, err := os.Stat(root); err != nil {
		return nil, nil, err
	} else if !fi.IsDir() {
		return nil, nil, fmt.Errorf("%s is not a folder", root)
	}
	if err := walk(nil, nil); err != nil {
		return nil, nil, err
	}
	slices.Sort(out)
	slices.Sort(others)
	return out, others, nil
}

// Source is a folder whose catalog files are registered or imported.
type Source struct {
	// Root is the folder on disk; placeholders may not leave it.
	Root string
	// Origin is the location that was registered or imported, e.g.
	// "file:/abs/dir" or "url:git::https://host/org/repo.git". Entities keep
	// it, and orphans are found per origin.
	Origin string
	// Location gives the managed-by-location of the entities of a file (a
	// path relative to Root); nil uses Origin for every file.
	Location func(rel string) string
	// Commit is the git commit the folder was read at, "" for a folder.
	Commit string
	// Display names a file (relative to Root) in reports and errors; nil
	// shows the path relative to Root.
	Display func(rel string) string
}

// FileStatus sums up what an import did with one file.
type FileStatus string

// File outcomes, worst last.
const (
	FileUnchanged FileStatus = "unchanged"
	FileUpdated   FileStatus = "updated"
	FileAdded     FileStatus = "added"
	FileInvalid   FileStatus = "invalid"
)

// FileReport is what happened to one file.
type FileReport struct {
	File     string     `json:"file"`
	Status   FileStatus `json:"status"`
	Entities []Change   `json:"entities,omitempty"`
	Error    string     `json:"error,omitempty"`
	Err      error      `json:"-"`
	// Conflicts are the entities of the file another location manages:
	// refused one by one, the file's other entities imported.
	Conflicts []*ConflictError `json:"conflicts,omitempty"`
}

// ConflictError is an entity refused because another location manages it.
type ConflictError struct {
	File  string `json:"file"`
	Doc   int    `json:"doc,omitempty"`
	Line  int    `json:"line,omitempty"`
	Ref   string `json:"ref"`
	Owner string `json:"owner"` // the location that manages it
}

func (e *ConflictError) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos += fmt.Sprintf(":%d", e.Line)
	}
	if e.Doc > 0 {
		pos += fmt.Sprintf(" (document %d)", e.Doc)
	}
	return fmt.Sprintf("%s: %s is already managed by %s", pos, e.Ref, e.Owner)
}

// Hint says how to move the entity or keep one home for it.
func (e *ConflictError) Hint() string {
	return "pass --takeover to move it to this location, remove it with paved catalog remove " + e.Ref + ", or define it in one place only"
}

// Conflicts lists every entity refused because another location manages it.
func (r *ImportReport) Conflicts() []*ConflictError {
	var out []*ConflictError
	for _, f := range r.Files {
		out = append(out, f.Conflicts...)
	}
	return out
}

// ImportReport is what an import or registration did.
type ImportReport struct {
	Origin  string       `json:"origin"`
	Commit  string       `json:"commit,omitempty"`
	Files   []FileReport `json:"files"`
	Orphans []string     `json:"orphans,omitempty"` // entities of Origin no longer found
	Pruned  bool         `json:"pruned,omitempty"`  // orphans were removed
	// LocationErrors are the Location targets that could not be followed,
	// each naming its Location's file; LocationProblems is their text.
	LocationErrors   Errors   `json:"-"`
	LocationProblems []string `json:"locationProblems,omitempty"`
	// Skipped are the other YAML files found, which import did not read.
	Skipped []SkippedFile `json:"skipped,omitempty"`
}

// SkippedFile is a YAML file an import saw and did not read.
type SkippedFile struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// AddLocationErrors records targets that could not be followed.
func (r *ImportReport) AddLocationErrors(errs Errors) {
	for _, e := range errs {
		r.LocationErrors = append(r.LocationErrors, e)
		r.LocationProblems = append(r.LocationProblems, e.Error())
	}
}

// Invalid counts the files that were not (fully) imported.
func (r *ImportReport) Invalid() int {
	n := 0
	for _, f := range r.Files {
		if f.Status == FileInvalid {
			n++
		}
	}
	return n
}

// Refs lists the references of every entity imported (any status but conflict).
func (r *ImportReport) Refs() []string {
	var out []string
	for _, f := range r.Files {
		for _, c := range f.Entities {
			if c.Status != Conflict {
				out = append(out, c.Ref)
			}
		}
	}
	return out
}

// ImportOptions tune [Import].
type ImportOptions struct {
	Prune    bool                  // remove the orphans of the origin
	Workers  int                   // parallel parsers; 0 is GOMAXPROCS
	Progress func(done, total int) // called as files are parsed; may be nil
	Limits   Limits                // bounds on each file; zero fields take DefaultLimits
	// Takeover moves entities another location manages to this one;
	// without it each such entity is refused on its own (a [Conflict]) and
	// its siblings are still imported.
	Takeover bool
}

// Import parses files (relative to src.Root) in parallel, validates them and
// upserts every entity of every valid file in one transaction. A file with
// any problem is reported invalid and its entities are left as they were;
// the others are imported. Entities of src.Origin that no file holds any
// more are reported as orphans, and removed with o.Prune.
//
// When st is a [Transactor] (the SQLite store is), the import is all or
// nothing: an error or a cancellation part way through (Ctrl-C, a full
// disk) leaves the catalog as it was, and no report is returned.
func Import(ctx context.Context, st Store, src Source, files []string, o ImportOptions) (*ImportReport, error) {
	t, ok := st.(Transactor)
	if !ok {
		return importInto(ctx, st, src, files, o)
	}
	var rep *ImportReport
	err := t.Atomically(ctx, func(tx Store) error {
		var err error
		rep, err = importInto(ctx, tx, src, files, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// importInto is [Import] into st, in batches of importBatch entities.
func importInto(ctx context.Context, st Store, src Source, files []string, o ImportOptions) (*ImportReport, error) {
	absRoot, err := filepath.Abs(src.Root)
	if err != nil {
		return nil, err
	}
	display := src.Display
	if display == nil {
		display = func(rel string) string { return rel }
	}
	location := src.Location
	if location == nil {
		location = func(string) string { return src.Origin }
	}
	// Files are parsed in parallel while the entities of those already
	// parsed are written, in file order, in batches: parsing and writing
	// overlap, and duplicates across files are caught in a stable order.
	ctx, cancel := context.WithCancel(ctx) // stops the parsers on an early return
	defer cancel()
	// The parsers also record each entity's source and encode it for the
	// store, so the one writer only writes.
	prepare := func(i int, ents []*Entity) {
		for _, e := range ents {
			e.SetSource(location(files[i]), src.Origin, src.Commit)
			e.takeover = o.Takeover
			if enc, err := e.encode(); err == nil { // Upsert reports the error
				e.enc = enc
			}
		}
	}
	parsed, ready, release := parseAsync(ctx, absRoot, files, display, o.Workers, o.Limits, o.Progress, prepare)
	rep := &ImportReport{Origin: src.Origin, Commit: src.Commit, Files: make([]FileReport, len(files))}
	seen := map[string]string{} // entity key → file that defines it
	var (
		batch []*Entity
		owner []int // batch index → file index
	)
	invalidLocations := map[string]bool{}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		changes, err := st.Upsert(ctx, batch)
		if err != nil {
			return err
		}
		for j, ch := range changes {
			fr := &rep.Files[owner[j]]
			fr.Entities = append(fr.Entities, ch)
			if ch.Status == Conflict {
				// Refused on its own, as Backstage does: its siblings stay.
				e := batch[j]
				fr.Conflicts = append(fr.Conflicts, &ConflictError{File: fr.File, Doc: e.Doc, Line: e.Line, Ref: ch.Ref, Owner: ch.Origin})
				fr.Status = worse(fr.Status, FileUnchanged)
				continue
			}
			fr.Status = worse(fr.Status, FileStatus(ch.Status))
		}
		batch, owner = batch[:0], owner[:0]
		return nil
	}
	for i := range files {
		select {
		case <-ready[i]:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		p := parsed[i]
		release()
		fr := &rep.Files[i]
		fr.File = display(files[i])
		if p.Err != nil {
			fr.Status, fr.Err, fr.Error = FileInvalid, p.Err, p.Err.Error()
			invalidLocations[location(files[i])] = true
			continue
		}
		var dup error
		for _, e := range p.Entities {
			k := e.Ref().Key()
			if prev, ok := seen[k]; ok {
				dup = &Error{File: fr.File, Doc: e.Doc, Line: e.Line, Field: "metadata.name",
					Msg: fmt.Sprintf("%s is also defined in %s (kind, namespace and name are unique, ignoring case)", e.Ref(), prev),
					Fix: "rename one of them or remove the duplicate"}
				break
			}
		}
		if dup != nil {
			fr.Status, fr.Err, fr.Error = FileInvalid, dup, dup.Error()
			invalidLocations[location(files[i])] = true
			continue
		}
		for _, e := range p.Entities {
			seen[e.Ref().Key()] = fr.File
			batch = append(batch, e)
			owner = append(owner, i)
		}
		if len(p.Entities) == 0 {
			fr.Status = FileUnchanged
		}
		parsed[i] = Parsed{} // let the entities go once written
		if len(batch) >= importBatch {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	// Orphans: entities of this origin that no file holds any more.
	existing, err := st.Summaries(ctx, Filter{Origin: src.Origin})
	if err != nil {
		return nil, err
	}
	for _, e := range existing {
		if _, ok := seen[strings.ToLower(e.Ref)]; ok || invalidLocations[e.Location] {
			continue
		}
		rep.Orphans = append(rep.Orphans, e.Ref)
	}
	if o.Prune && len(rep.Orphans) > 0 {
		if err := st.Remove(ctx, rep.Orphans...); err != nil {
			return nil, err
		}
		rep.Pruned = true
	}
	return rep, nil
}

func worse(a, b FileStatus) FileStatus {
	rank := map[FileStatus]int{"": 0, FileUnchanged: 1, FileUpdated: 2, FileAdded: 3, FileInvalid: 4}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// Parsed is one file read by [ParseFiles].
type Parsed struct {
	Entities []*Entity
	Err      error
}

// importBatch is how many entities Import writes at once (in one
// transaction when the store is a [Transactor]): it bounds the memory the
// parsed entities hold while parsing and writing overlap.
const importBatch = 2000

// ParseFiles reads files (relative to root) in parallel with workers
// goroutines (0: GOMAXPROCS), keeping their order. Placeholders may not leave root.
func ParseFiles(ctx context.Context, root string, files []string, display func(string) string, workers int, progress func(done, total int)) []Parsed {
	out, ready, release := parseAsync(ctx, root, files, display, workers, Limits{}, progress, nil)
	for _, r := range ready {
		select {
		case <-r:
			release()
		case <-ctx.Done():
			return out
		}
	}
	return out
}

// parseWindow is how many files the parsers may run ahead of the consumer,
// which bounds the memory an import of 100,000 entities holds.
const parseWindow = 1024

// parseAsync starts parsing files and returns at once: ready[i] is closed
// when out[i] is filled. The consumer takes files in order and calls
// release once per file taken, letting the parsers move on. prepare, if
// not nil, is called with the entities of each file parsed without error.
func parseAsync(ctx context.Context, root string, files []string, display func(string) string, workers int, lim Limits, progress func(done, total int), prepare func(i int, ents []*Entity)) (out []Parsed, ready []chan struct{}, release func()) {
	// One os.Root for every file: no file and no placeholder is read out
	// of root, whatever symlinks lie on the way.
	dir, rootErr := os.OpenRoot(root)
	parse := func(i int) ([]*Entity, error) {
		if rootErr != nil {
			return nil, Errors{{File: display(files[i]), Msg: fmt.Sprintf("cannot read: %v", rootErr), Fix: "check the path"}}
		}
		return ParseFileIn(dir, files[i], display(files[i]), lim)
	}
	var left atomic.Int64 // parsers still running; the last one closes dir
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	window := make(chan struct{}, max(parseWindow, workers))
	release = func() { <-window }
	out = make([]Parsed, len(files))
	ready = make([]chan struct{}, len(files))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	var next, done atomic.Int64
	n := min(workers, max(len(files), 1))
	left.Store(int64(n))
	for range n {
		go func() {
			defer func() {
				if left.Add(-1) == 0 && dir != nil {
					dir.Close()
				}
			}()
			for {
				select {
				case window <- struct{}{}:
				case <-ctx.Done():
					return
				}
				i := int(next.Add(1) - 1)
				if i >= len(files) || ctx.Err() != nil {
					<-window
					return
				}
				ents, err := parse(i)
				if err == nil && prepare != nil {
					prepare(i, ents)
				}
				out[i] = Parsed{Entities: ents, Err: err}
				close(ready[i])
				n := done.Add(1)
				if progress != nil {
					progress(int(n), len(files))
				}
			}
		}()
	}
	return out, ready, release
}
