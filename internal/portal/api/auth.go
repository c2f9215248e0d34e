package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"
)

// tokenMatches compares an Authorization header with the token in
// constant time (over their hashes, so the length leaks nothing either).
func tokenMatches(header, token string) bool {
	got, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return false
	}
	a, b := sha256.Sum256([]byte(strings.TrimSpace(got))), sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
