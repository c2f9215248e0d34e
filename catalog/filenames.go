package catalog

import (
	"path"
	"strings"
)

// FileName is the catalog file a repository keeps at its root, as
// Backstage names it; paved writes this name and accepts [FileNames].
const FileName = "catalog-info.yaml"

// FileNames lists the names a repository's own catalog file may have, in
// the order paved looks for them. It is the one list every reader uses:
// register, the scorecard's catalog fact and its service finder.
func FileNames() []string { return []string{FileName, "catalog-info.yml"} }

// IsCatalogFile reports whether a file name is one import looks for: one
// of [FileNames] or *.catalog.yaml (.yml too), ignoring case and folders.
func IsCatalogFile(name string) bool { return isCatalogFileName(name) }

func isCatalogFileName(p string) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(p, `\`, "/")))
	for _, n := range FileNames() {
		if base == n {
			return true
		}
	}
	// The other catalog files import reads: orders.catalog.yaml beside
	// catalog-info.yaml, for instance.
	for _, suf := range []string{".catalog.yaml", ".catalog.yml"} {
		if strings.HasSuffix(base, suf) {
			return true
		}
	}
	return false
}
