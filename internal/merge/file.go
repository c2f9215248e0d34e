package merge

import (
	"bytes"
	"io/fs"
)

// Blob is one version of a file: its bytes and mode. A nil *Blob is a file
// that does not exist on that side.
type Blob struct {
	Data []byte
	Mode fs.FileMode // only the executable bits matter
}

// Exec reports whether the blob is executable.
func (b *Blob) Exec() bool { return b != nil && b.Mode&0o111 != 0 }

// Equal reports whether two blobs have the same bytes and executable bit
// (two nil blobs are equal).
func (b *Blob) Equal(o *Blob) bool { return b.same(o) }

func (b *Blob) same(o *Blob) bool {
	if b == nil || o == nil {
		return b == nil && o == nil
	}
	return b.Exec() == o.Exec() && bytes.Equal(b.Data, o.Data)
}

// Action is what a file-level merge does to the project's file.
type Action string

// Actions, as `paved update` lists them.
const (
	Unchanged Action = "unchanged" // the template did not change it, or the project already has the result
	Add       Action = "add"       // added by the template
	Update    Action = "update"    // changed by the template only: taken as is
	Merge     Action = "merge"     // changed on both sides, combined cleanly
	Delete    Action = "delete"    // removed by the template, unchanged by the project
	Keep      Action = "keep"      // removed by the template but changed by the project: kept
	Conflict  Action = "conflict"  // needs the user: see Result.Reason
)

// FileResult is the outcome of merging one file.
type FileResult struct {
	Action Action
	// Result is the file to leave in the work tree; nil removes it. For a
	// conflict it is the text with markers, or the project's own file when
	// there is nothing to mark (binary, mode).
	Result *Blob
	// Reason says why a file conflicted or was kept, for the user.
	Reason string
	// Conflicts are the lines of the markers in Result, for text conflicts.
	Conflicts []int
}

// IsBinary reports whether data looks binary the way git decides it: a NUL
// byte in the first 8000 bytes.
func IsBinary(data []byte) bool {
	if len(data) > 8000 {
		data = data[:8000]
	}
	return bytes.IndexByte(data, 0) >= 0
}

// File merges one path. base is the template's previous render, ours the
// project, theirs the template's new render; any may be nil (absent).
//
//   - A file only the project has is its own and is never touched.
//   - A file the template added is added; if the project added one too,
//     differing contents conflict.
//   - A file the template removed is removed only if the project did not
//     change it; otherwise it is kept.
//   - A file the project removed stays removed unless the template changed
//     it (conflict: the template's version is written back for review).
//   - Binary files are never merged: if both sides changed them, the
//     project's version stays and the merge conflicts.
//   - The executable bit merges like content: a one-sided change is taken.
func File(base, ours, theirs *Blob, o Options) FileResult {
	switch {
	case theirs.same(base):
		return FileResult{Action: Unchanged, Result: ours}
	case ours.same(theirs):
		return FileResult{Action: Unchanged, Result: ours}
	case ours.same(base):
		switch {
		case theirs == nil:
			return FileResult{Action: Delete}
		case base == nil:
			return FileResult{Action: Add, Result: theirs}
		}
		return FileResult{Action: Update, Result: theirs}
	}
	// Both sides changed the file, differently.
	switch {
	case theirs == nil:
		return FileResult{Action: Keep, Result: ours, Reason: "removed by the template, changed by the project: kept"}
	case ours == nil:
		return FileResult{Action: Conflict, Result: theirs, Reason: "removed by the project, changed by the template: the template's version is back for review"}
	}
	mode, modeOK := mergeMode(base, ours, theirs)
	if bytes.Equal(ours.Data, theirs.Data) {
		if !modeOK {
			return FileResult{Action: Conflict, Result: ours, Reason: "executable bit changed on both sides"}
		}
		return FileResult{Action: Merge, Result: &Blob{Data: ours.Data, Mode: mode}}
	}
	var bdata []byte
	if base != nil {
		bdata = base.Data
	}
	switch {
	case base != nil && bytes.Equal(ours.Data, bdata):
		return modeResult(theirs.Data, mode, modeOK, ours)
	case base != nil && bytes.Equal(theirs.Data, bdata):
		return modeResult(ours.Data, mode, modeOK, ours)
	case IsBinary(bdata) || IsBinary(ours.Data) || IsBinary(theirs.Data):
		reason := "binary file changed on both sides: the project's version is kept"
		if base == nil {
			reason = "binary file added on both sides: the project's version is kept"
		}
		return FileResult{Action: Conflict, Result: ours, Reason: reason}
	}
	r := Lines(bdata, ours.Data, theirs.Data, o)
	if !modeOK {
		mode = ours.Mode
	}
	out := &Blob{Data: r.Data, Mode: mode}
	switch {
	case !r.Clean():
		reason := "changed on both sides"
		if base == nil {
			reason = "added on both sides"
		}
		return FileResult{Action: Conflict, Result: out, Reason: reason, Conflicts: r.Conflicts}
	case !modeOK:
		return FileResult{Action: Conflict, Result: out, Reason: "executable bit changed on both sides"}
	}
	return FileResult{Action: Merge, Result: out}
}

func modeResult(data []byte, mode fs.FileMode, modeOK bool, ours *Blob) FileResult {
	if !modeOK {
		return FileResult{Action: Conflict, Result: &Blob{Data: data, Mode: ours.Mode}, Reason: "executable bit changed on both sides"}
	}
	return FileResult{Action: Merge, Result: &Blob{Data: data, Mode: mode}}
}

// mergeMode merges the executable bit; ok is false when both sides changed
// it differently (impossible with one bit unless base is absent).
func mergeMode(base, ours, theirs *Blob) (fs.FileMode, bool) {
	m := func(b *Blob) fs.FileMode {
		if b.Exec() {
			return 0o755
		}
		return 0o644
	}
	switch {
	case ours.Exec() == theirs.Exec():
		return m(ours), true
	case base == nil:
		return m(ours), false
	case ours.Exec() == base.Exec():
		return m(theirs), true
	default:
		return m(ours), true
	}
}
