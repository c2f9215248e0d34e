package scorecard

import (
	"slices"
	"strings"
)

// codeownersPaths are where GitHub and GitLab look for CODEOWNERS, in their order.
var codeownersPaths = []string{"CODEOWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS"}

// Codeowners is the `codeowners` fact.
type Codeowners struct {
	Present bool     `cel:"present"`
	Path    string   `cel:"path"`
	Owners  []string `cel:"owners"` // every distinct owner named, sorted
}

// CodeownersFact exposes `codeowners`: the first CODEOWNERS file found and its owners.
func CodeownersFact() Fact {
	return Fact{
		Name: "codeowners",
		Doc:  "CODEOWNERS (root, .github/, .gitlab/ or docs/): present, path, owners",
		Go:   Codeowners{},
		Load: func(s *Snapshot) (any, error) {
			for _, p := range codeownersPaths {
				if !s.Has(p) {
					continue
				}
				data, err := s.ReadText(p)
				if err != nil {
					return nil, err
				}
				return Codeowners{Present: true, Path: p, Owners: parseCodeowners(string(data))}, nil
			}
			return Codeowners{Owners: []string{}}, nil
		},
	}
}

func parseCodeowners(data string) []string {
	owners := []string{}
	for line := range strings.SplitSeq(data, "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "[") {
			continue // no owner, or a GitLab section header
		}
		owners = append(owners, f[1:]...)
	}
	slices.Sort(owners)
	return slices.Compact(owners)
}
