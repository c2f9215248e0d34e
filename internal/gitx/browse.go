package gitx

import (
	"net/url"
	"strings"
)

// FromBrowseURL turns the web address of a folder or file in a GitHub or
// GitLab repository, as Backstage's source-location annotations hold it
// (https://github.com/org/repo/tree/main/services/orders), into a git source
// (git::https://github.com/org/repo.git//services/orders?ref=main). A blob
// address names the file's folder. Anything else is returned unchanged.
func FromBrowseURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.RawQuery != "" {
		return s
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	// GitLab puts "/-/" before tree|blob; GitHub has org/repo/tree|blob.
	kind := -1
	for i, p := range parts {
		if (p == "tree" || p == "blob") && i >= 2 && i+1 < len(parts) {
			kind = i
			break
		}
	}
	if kind < 0 {
		return s
	}
	repoEnd := kind
	if parts[kind-1] == "-" {
		repoEnd = kind - 1
	}
	if repoEnd < 2 {
		return s
	}
	ref := parts[kind+1]
	sub := parts[kind+2:]
	if parts[kind] == "blob" && len(sub) > 0 {
		sub = sub[:len(sub)-1]
	}
	repo := strings.Join(parts[:repoEnd], "/")
	out := "git::" + u.Scheme + "://" + u.Host + "/" + strings.TrimSuffix(repo, ".git") + ".git"
	if len(sub) > 0 {
		out += "//" + strings.Join(sub, "/")
	}
	return out + "?ref=" + url.QueryEscape(ref)
}
