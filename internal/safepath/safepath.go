// Package safepath holds the one set of rules for a path that paved writes
// into a project from a template: what `paved new` renders, what `paved
// update` merges and what `paved templates lint` checks.
//
// A path is relative, slash-separated and stays inside the project. No
// segment may be version-control metadata: ".git" in any case, and also the
// names that file systems turn into ".git" — a trailing dot or space
// (Windows drops them), the 8.3 short name "git~1", an NTFS stream
// ".git::$INDEX_ALLOCATION", or ".git" with Unicode characters that HFS+
// ignores. A name may hold no control character (C0, DEL, C1) and no
// invalid UTF-8, so it can neither break a terminal nor a script that lists
// files. Two paths that differ only in case or Unicode normalisation
// collide on macOS and Windows; [Fold] gives the key to find them.
package safepath

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/paved-dev/paved/internal/textsafe"
)

// Error is a path that may not be written.
type Error struct {
	Path   string // the rendered path
	Reason string // why, e.g. "holds a .git segment"
	Fix    string
}

func (e *Error) Error() string { return fmt.Sprintf("%s %s", Quote(e.Path), e.Reason) }

// Hint says how to fix it.
func (e *Error) Hint() string { return e.Fix }

// ExitCode is 2: a path is input.
func (e *Error) ExitCode() int { return 2 }

const (
	fixEscape = "a rendered path must stay inside the project: check the answers and the path's template"
	fixGit    = "a template may not write version-control metadata: remove or rename the file or folder (.git, and names that file systems read as .git)"
	fixName   = "rename the file or folder: names may not hold control characters (newline, escape, DEL...) or invalid UTF-8"
)

// Check reports whether p, a slash-separated path relative to the project
// root, may be written by a template. It returns an *Error or nil.
func Check(p string) error {
	if p == "" {
		return &Error{Path: p, Reason: "is empty", Fix: fixEscape}
	}
	if strings.HasPrefix(p, "/") {
		return &Error{Path: p, Reason: "is an absolute path", Fix: fixEscape}
	}
	if len(p) > 1 && p[1] == ':' {
		return &Error{Path: p, Reason: "starts with a drive letter", Fix: fixEscape}
	}
	for seg := range strings.SplitSeq(p, "/") {
		if err := CheckSegment(seg); err != nil {
			err.(*Error).Path = p
			return err
		}
	}
	return nil
}

// CheckSegment is [Check] for one path element (a file or folder name).
func CheckSegment(seg string) error {
	bad := func(reason, fix string) error { return &Error{Path: seg, Reason: reason, Fix: fix} }
	switch seg {
	case "", ".":
		return bad("holds an empty or '.' path element", fixEscape)
	case "..":
		return bad("leaves the project (..)", fixEscape)
	}
	if !utf8.ValidString(seg) {
		return bad("is not valid UTF-8", fixName)
	}
	if r, ok := control(seg); ok {
		return bad(fmt.Sprintf("holds the control character %U", r), fixName)
	}
	if strings.ContainsRune(seg, '\\') {
		return bad("holds a backslash, a folder separator on Windows", fixEscape)
	}
	if IsGitName(seg) {
		return bad("names version-control metadata (.git)", fixGit)
	}
	return nil
}

// control returns the first control character of s: C0 (including NUL,
// newline, tab and ESC), DEL, or C1.
func control(s string) (rune, bool) {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return r, true
		}
	}
	return 0, false
}

// IsGitName reports whether a file system may take name for ".git": any
// case, trailing dots and spaces, an NTFS stream suffix, the short name
// GIT~N, or Unicode characters HFS+ ignores.
func IsGitName(name string) bool {
	n := strings.Map(func(r rune) rune {
		if ignorable(r) {
			return -1
		}
		return r
	}, name)
	if i := strings.IndexByte(n, ':'); i >= 0 {
		n = n[:i] // .git::$INDEX_ALLOCATION is the folder .git on NTFS
	}
	n = strings.TrimRight(n, ". ")
	n = strings.ToLower(n)
	if n == ".git" {
		return true
	}
	// 8.3 short names: GIT~1 is how Windows may name .git.
	if rest, ok := strings.CutPrefix(n, "git~"); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
		return true
	}
	return false
}

// ignorable are the code points HFS+ leaves out when it compares names
// (git's is_hfs_dotgit list): ".g\u200cit" is ".git" on a Mac.
func ignorable(r rune) bool {
	switch {
	case r >= 0x200c && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x206a && r <= 0x206f, r == 0xfeff:
		return true
	}
	return false
}

// IsGit reports whether any segment of slash path p names .git (see
// [IsGitName]). `paved update` uses it to refuse touching metadata even for
// paths that did not come from a render.
func IsGit(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if IsGitName(seg) {
			return true
		}
	}
	return false
}

// Fold returns the key under which two paths collide on a case-insensitive
// or normalising file system (APFS, HFS+, NTFS): README.md and readme.md,
// or é written as one code point or two.
func Fold(p string) string {
	return strings.ToLower(norm.NFC.String(strings.ToLower(norm.NFD.String(p))))
}

// Quote shows a path or name with its control characters made visible,
// for error messages.
func Quote(s string) string { return textsafe.Quote(s) }
