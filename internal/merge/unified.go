package merge

import (
	"bytes"
	"fmt"
	"strings"
)

type opKind byte

const (
	opEqual  opKind = ' '
	opDelete opKind = '-'
	opInsert opKind = '+'
)

type op struct {
	kind opKind
	i, j int // line in a (equal, delete), line in b (equal, insert)
}

func edits(a, b [][]byte) []op {
	ids := intern(a, b)
	m := match(ids[0], ids[1])
	var ops []op
	j := 0
	for i := range a {
		if m[i] < 0 {
			ops = append(ops, op{opDelete, i, j})
			continue
		}
		for ; j < m[i]; j++ {
			ops = append(ops, op{opInsert, i, j})
		}
		ops = append(ops, op{opEqual, i, j})
		j++
	}
	for ; j < len(b); j++ {
		ops = append(ops, op{opInsert, len(a), j})
	}
	return ops
}

// Stat counts the lines added and removed between a and b.
func Stat(a, b []byte) (added, removed int) {
	for _, o := range edits(SplitLines(a), SplitLines(b)) {
		switch o.kind {
		case opInsert:
			added++
		case opDelete:
			removed++
		}
	}
	return added, removed
}

// Unified returns the unified diff from a to b with n lines of context,
// headed by `--- oldName` and `+++ newName` (use "/dev/null" for a side that
// does not exist), or "" when they are equal. Binary contents give git's
// one-line "Binary files … differ".
func Unified(oldName, newName string, a, b []byte, n int) string {
	if bytes.Equal(a, b) {
		return ""
	}
	if IsBinary(a) || IsBinary(b) {
		return fmt.Sprintf("Binary files %s and %s differ\n", oldName, newName)
	}
	al, bl := SplitLines(a), SplitLines(b)
	ops := edits(al, bl)
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", oldName, newName)
	var changes []int
	for x, o := range ops {
		if o.kind != opEqual {
			changes = append(changes, x)
		}
	}
	for g := 0; g < len(changes); {
		last := g
		for last+1 < len(changes) && changes[last+1]-changes[last]-1 <= 2*n {
			last++
		}
		lo := max(changes[g]-n, 0)
		hi := min(changes[last]+1+n, len(ops))
		writeHunk(&sb, ops[lo:hi], al, bl)
		g = last + 1
	}
	return sb.String()
}

func writeHunk(sb *strings.Builder, ops []op, a, b [][]byte) {
	aStart, bStart := ops[0].i, ops[0].j
	var aLen, bLen int
	for _, o := range ops {
		if o.kind != opInsert {
			aLen++
		}
		if o.kind != opDelete {
			bLen++
		}
	}
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", hunkRange(aStart, aLen), hunkRange(bStart, bLen))
	for _, o := range ops {
		var line []byte
		if o.kind == opDelete {
			line = a[o.i]
		} else {
			line = b[o.j]
		}
		sb.WriteByte(byte(o.kind))
		sb.Write(line)
		if !bytes.HasSuffix(line, []byte{'\n'}) {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func hunkRange(start, length int) string {
	switch length {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, length)
}
