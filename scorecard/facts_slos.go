package scorecard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// SLO is one OpenSLO document of the `slos` fact.
type SLO struct {
	Path       string `cel:"path"`
	APIVersion string `cel:"apiVersion"` // openslo/v1, openslo/v1alpha
	Kind       string `cel:"kind"`       // SLO, SLI, Service, AlertPolicy, …
	Name       string `cel:"name"`
}

// SLOsFact exposes `slos`: the OpenSLO documents in YAML files whose path
// mentions "slo" (slo.yaml, .slo/*.yaml, slos/, *.openslo.yaml).
func SLOsFact() Fact {
	return Fact{
		Name: "slos",
		Doc:  "OpenSLO documents (apiVersion openslo/*) in YAML files whose path mentions slo: path, apiVersion, kind, name",
		Go:   []SLO(nil),
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			out := []SLO{}
			for _, f := range s.files {
				ext := path.Ext(f)
				if (ext != ".yaml" && ext != ".yml") || !strings.Contains(strings.ToLower(f), "slo") {
					continue
				}
				data, err := s.ReadText(f)
				if err != nil {
					continue // binary or oversized: not an SLO
				}
				docs, err := parseOpenSLO(data)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", f, err)
				}
				for _, d := range docs {
					d.Path = f
					out = append(out, d)
				}
			}
			return out, nil
		},
	}
}

func parseOpenSLO(data []byte) ([]SLO, error) {
	var out []SLO
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc struct {
			APIVersion string `yaml:"apiVersion"`
			Kind       string `yaml:"kind"`
			Metadata   struct {
				Name string `yaml:"name"`
			} `yaml:"metadata"`
		}
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(doc.APIVersion, "openslo/") {
			out = append(out, SLO{APIVersion: doc.APIVersion, Kind: doc.Kind, Name: doc.Metadata.Name})
		}
	}
}
