package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// cursorVersion marks the cursors this paved writes; others are refused.
const cursorVersion = 1

// maxCursorLen bounds a cursor before it is decoded.
const maxCursorLen = 16 << 10

// cursor is by-query's opaque pagination token: the query it pages
// through and where the page starts. Clients only hand it back.
type cursor struct {
	V        int      `json:"v"`
	Filter   []string `json:"f,omitempty"`
	FullText string   `json:"t,omitempty"`
	Order    []string `json:"o,omitempty"`
	Offset   int      `json:"off"`
}

func (c cursor) encode() string {
	c.V = cursorVersion
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor written by [cursor.encode]; anything else is
// an InputError.
func decodeCursor(s string) (cursor, error) {
	bad := func(why string) (cursor, error) {
		return cursor{}, inputError(fmt.Sprintf("malformed cursor: %s; pass back a pageInfo cursor unchanged, or start again without one", why))
	}
	if len(s) > maxCursorLen {
		return bad(fmt.Sprintf("longer than %d bytes", maxCursorLen))
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return bad("not base64url")
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil {
		return bad("not a paved cursor")
	}
	if c.V != cursorVersion {
		return bad(fmt.Sprintf("version %d, want %d", c.V, cursorVersion))
	}
	if c.Offset < 0 {
		return bad("negative offset")
	}
	return c, nil
}
