package scorecard

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// GoMod is the `gomod` fact.
type GoMod struct {
	Present   bool              `cel:"present"`
	Module    string            `cel:"module"`
	Go        string            `cel:"go"`        // the go directive, "" when missing
	Toolchain string            `cel:"toolchain"` // the toolchain directive
	Requires  map[string]string `cel:"requires"`  // module path → version, direct and indirect
}

// GoModFact exposes `gomod`: the module's go.mod.
func GoModFact() Fact {
	return Fact{
		Name: "gomod",
		Doc:  "go.mod: present, module, go (version directive), toolchain, requires (path → version)",
		Go:   GoMod{},
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			data, err := s.ReadText("go.mod")
			if errors.Is(err, fs.ErrNotExist) {
				return GoMod{Requires: map[string]string{}}, nil
			}
			if err != nil {
				return nil, err
			}
			return parseGoMod(string(data))
		},
	}
}

// parseGoMod reads the directives checks need; it is not a full go.mod parser.
func parseGoMod(data string) (GoMod, error) {
	m := GoMod{Present: true, Requires: map[string]string{}}
	block := ""
	for i, line := range strings.Split(data, "\n") {
		if j := strings.Index(line, "//"); j >= 0 {
			line = line[:j]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if block != "" {
			if f[0] == ")" {
				block = ""
				continue
			}
			if block == "require" {
				if len(f) < 2 {
					return m, fmt.Errorf("go.mod:%d: malformed require line", i+1)
				}
				m.Requires[f[0]] = f[1]
			}
			continue
		}
		switch f[0] {
		case "module":
			if len(f) > 1 {
				m.Module = strings.Trim(f[1], `"`)
			}
		case "go":
			if len(f) > 1 {
				m.Go = f[1]
			}
		case "toolchain":
			if len(f) > 1 {
				m.Toolchain = f[1]
			}
		case "require", "replace", "exclude", "retract", "tool", "godebug", "ignore":
			if len(f) > 1 && f[1] == "(" {
				block = f[0]
			} else if f[0] == "require" && len(f) >= 3 {
				m.Requires[f[1]] = f[2]
			}
		}
	}
	return m, nil
}
