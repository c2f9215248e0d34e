// Package textsafe makes text that came from a file safe to print on a
// terminal: a template's next steps and hook titles, descriptions in
// `paved templates list/show`, names quoted in errors. Control characters
// (C0 such as ESC and carriage return, DEL, C1), Unicode bidirectional
// overrides and invalid UTF-8 are shown as escapes (\x1b, \u202e), so a
// file cannot move the cursor, erase paved's own warnings or reorder what
// is read. It imports nothing of paved, so any package may use it.
package textsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// visible returns s with every unsafe character escaped; everything else,
// including newlines when keepNewlines is true, is left as it is.
func visible(s string, keepNewlines bool) string {
	if safe(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Line returns s for printing on one line: newlines are escaped too.
func Line(s string) string { return visible(s, false) }

// Text returns s for printing as a block: newlines are kept, every other
// control character is escaped.
func Text(s string) string { return visible(s, true) }

// Quote returns s in double quotes with quotes, backslashes and unsafe
// characters escaped, for naming a value inside a message.
func Quote(s string) string {
	return `"` + Line(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)) + `"`
}

func safe(s string, keepNewlines bool) bool {
	for _, r := range s {
		if r == utf8.RuneError || (r == '\n' && !keepNewlines) || (r != '\n' && r < 0x20) || r == 0x7f || unsafeRune(r) {
			return false
		}
	}
	return true
}

// unsafeRune reports C1 controls and the bidirectional controls that can
// reorder a line (the "Trojan Source" characters).
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}
