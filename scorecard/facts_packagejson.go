package scorecard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
)

// PackageJSON is the `packageJson` fact: the parts of package.json checks use.
type PackageJSON struct {
	Present         bool              `cel:"present"`
	Name            string            `cel:"name"`
	Private         bool              `cel:"private"`
	License         string            `cel:"license"`
	Dependencies    map[string]string `cel:"dependencies"`
	DevDependencies map[string]string `cel:"devDependencies"`
	Scripts         map[string]string `cel:"scripts"`
	Engines         map[string]string `cel:"engines"`
}

// PackageJSONFact exposes `packageJson`. A malformed package.json makes every
// check that uses it Errored, naming the file and the position.
func PackageJSONFact() Fact {
	return Fact{
		Name: "packageJson",
		Doc:  "package.json: present, name, private, license, dependencies, devDependencies, scripts, engines",
		Go:   PackageJSON{},
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			data, err := s.ReadText("package.json")
			if errors.Is(err, fs.ErrNotExist) {
				return emptyPackageJSON(), nil
			}
			if err != nil {
				return nil, err
			}
			return parsePackageJSON(data)
		},
	}
}

func emptyPackageJSON() PackageJSON {
	return PackageJSON{Dependencies: map[string]string{}, DevDependencies: map[string]string{},
		Scripts: map[string]string{}, Engines: map[string]string{}}
}

func parsePackageJSON(data []byte) (PackageJSON, error) {
	var raw struct {
		Name            string         `json:"name"`
		Private         any            `json:"private"`
		License         any            `json:"license"`
		Dependencies    map[string]any `json:"dependencies"`
		DevDependencies map[string]any `json:"devDependencies"`
		Scripts         map[string]any `json:"scripts"`
		Engines         map[string]any `json:"engines"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return PackageJSON{}, fmt.Errorf("package.json: %s", jsonErr(data, err))
	}
	pj := emptyPackageJSON()
	pj.Present = true
	pj.Name = raw.Name
	pj.Private = raw.Private == true || raw.Private == "true"
	switch l := raw.License.(type) {
	case string:
		pj.License = l
	case map[string]any:
		pj.License = fmt.Sprint(l["type"])
	}
	for dst, src := range map[*map[string]string]map[string]any{
		&pj.Dependencies: raw.Dependencies, &pj.DevDependencies: raw.DevDependencies,
		&pj.Scripts: raw.Scripts, &pj.Engines: raw.Engines,
	} {
		for k, v := range src {
			(*dst)[k] = fmt.Sprint(v)
		}
	}
	return pj, nil
}

// jsonErr turns a decoding error into "line N: …" so a user can find it.
func jsonErr(data []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return err.Error()
	}
	line := 1
	for _, b := range data[:min(int(off), len(data))] {
		if b == '\n' {
			line++
		}
	}
	return fmt.Sprintf("line %d: %v", line, err)
}
