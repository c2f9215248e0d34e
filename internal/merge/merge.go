// Package merge is paved's three-way merge: a line-based diff3 over text
// ([Lines]), a file-level merge that also handles added, removed, binary and
// mode-changed files ([File]), and unified diffs for showing changes
// ([Unified]).
//
// go-git has no merge and no well-kept Go diff3 library exists, so the line
// diff (Myers, linear space) and the diff3 chunking (as in GNU diff3 and
// "A Formal Investigation of Diff3", Khanna, Kuber and Pierce) live here.
package merge

import (
	"bytes"
	"slices"
)

// Options label the sides in conflict markers.
type Options struct {
	Ours, Base, Theirs string // marker labels; default "ours", "base", "theirs"
	// ShowBase writes the base between `||||||| base` and `=======` (git's
	// diff3 style). Without it, lines both sides agree on at the edges of a
	// conflict are moved out of it (git's zealous merge).
	ShowBase bool
}

func (o Options) labels() (ours, base, theirs string) {
	ours, base, theirs = o.Ours, o.Base, o.Theirs
	if ours == "" {
		ours = "ours"
	}
	if base == "" {
		base = "base"
	}
	if theirs == "" {
		theirs = "theirs"
	}
	return ours, base, theirs
}

// Result is a merged text.
type Result struct {
	Data []byte
	// Conflicts lists, for each conflicting hunk, the 1-based line of Data
	// where its `<<<<<<<` marker is. Empty when the merge is clean.
	Conflicts []int
}

// Clean reports whether the merge had no conflicts.
func (r Result) Clean() bool { return len(r.Conflicts) == 0 }

// Lines merges two texts that both changed base: changes on one side only
// are taken, identical changes on both sides are taken once, changes that do
// not touch the same or adjacent lines are combined, and the rest is written
// between git-style conflict markers. Lines keep their own terminators, so a
// missing final newline and CRLF line ends survive; markers use the line end
// of ours.
func Lines(base, ours, theirs []byte, o Options) Result {
	b, x, y := SplitLines(base), SplitLines(ours), SplitLines(theirs)
	ids := intern(b, x, y)
	ib, ix, iy := ids[0], ids[1], ids[2]
	mx := match(ib, ix)
	my := match(ib, iy)

	w := &writer{eol: eolOf(x, b, y), opts: o}
	i, j, k := 0, 0, 0
	for {
		n := 0
		for i+n < len(b) && mx[i+n] == j+n && my[i+n] == k+n {
			n++
		}
		w.lines(b[i : i+n])
		i, j, k = i+n, j+n, k+n
		if i == len(b) && j == len(x) && k == len(y) {
			break
		}
		// The next base line both sides kept ends this unstable chunk.
		o, oj, ok := i, len(x), len(y)
		for ; o < len(b); o++ {
			if mx[o] >= 0 && my[o] >= 0 {
				oj, ok = mx[o], my[o]
				break
			}
		}
		w.chunk(b[i:o], x[j:oj], y[k:ok], ib[i:o], ix[j:oj], iy[k:ok])
		i, j, k = o, oj, ok
	}
	return Result{Data: w.buf.Bytes(), Conflicts: w.conflicts}
}

type writer struct {
	buf       bytes.Buffer
	line      int // lines written so far
	eol       string
	opts      Options
	conflicts []int
}

func (w *writer) lines(ls [][]byte) {
	for _, l := range ls {
		w.buf.Write(l)
	}
	w.line += len(ls)
}

// section writes lines and makes sure a marker that follows starts on its own line.
func (w *writer) section(ls [][]byte) {
	w.lines(ls)
	if n := len(ls); n > 0 && !bytes.HasSuffix(ls[n-1], []byte{'\n'}) {
		w.buf.WriteString(w.eol)
	}
}

func (w *writer) marker(m, label string) {
	w.buf.WriteString(m)
	if label != "" {
		w.buf.WriteString(" " + label)
	}
	w.buf.WriteString(w.eol)
	w.line++
}

func (w *writer) chunk(b, x, y [][]byte, ib, ix, iy []int) {
	switch {
	case slices.Equal(ix, ib):
		w.lines(y)
		return
	case slices.Equal(iy, ib), slices.Equal(ix, iy):
		w.lines(x)
		return
	}
	var suffix [][]byte
	if !w.opts.ShowBase {
		p := 0
		for p < len(ix) && p < len(iy) && ix[p] == iy[p] {
			p++
		}
		s := 0
		for s < len(ix)-p && s < len(iy)-p && ix[len(ix)-1-s] == iy[len(iy)-1-s] {
			s++
		}
		w.lines(x[:p])
		suffix = x[len(x)-s:]
		x, y = x[p:len(x)-s], y[p:len(y)-s]
	}
	ours, base, theirs := w.opts.labels()
	w.conflicts = append(w.conflicts, w.line+1)
	w.marker("<<<<<<<", ours)
	w.section(x)
	if w.opts.ShowBase {
		w.marker("|||||||", base)
		w.section(b)
	}
	w.marker("=======", "")
	w.section(y)
	w.marker(">>>>>>>", theirs)
	w.lines(suffix)
}

// eolOf picks the line end for markers: that of the first line of the first
// text that has one.
func eolOf(texts ...[][]byte) string {
	for _, t := range texts {
		for _, l := range t {
			if bytes.HasSuffix(l, []byte("\r\n")) {
				return "\r\n"
			}
			if bytes.HasSuffix(l, []byte{'\n'}) {
				return "\n"
			}
		}
	}
	return "\n"
}

// HasMarkers reports whether data still holds a conflict written by
// [Lines]: a line starting "<<<<<<< " or equal to "<<<<<<<" followed later
// by a ">>>>>>>" line.
func HasMarkers(data []byte) bool {
	open := false
	for _, l := range SplitLines(data) {
		l = bytes.TrimRight(l, "\r\n")
		switch {
		case isMarker(l, "<<<<<<<"):
			open = true
		case open && isMarker(l, ">>>>>>>"):
			return true
		}
	}
	return false
}

func isMarker(line []byte, m string) bool {
	return bytes.Equal(line, []byte(m)) || bytes.HasPrefix(line, []byte(m+" "))
}
