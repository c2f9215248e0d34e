package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits of the SLO scan of an entity's source.
const (
	maxSLOWalk  = 5000 // entries visited
	maxSLODocs  = 100
	maxSLOBytes = 256 << 10
)

// sloView is one OpenSLO SLO as the entity page shows it.
type sloView struct {
	File        string
	Name        string
	Description string
	Service     string
	Objectives  []string // "99.9% (ratio, good/total)"
	Windows     []string // "28d rolling"
	Indicator   string
	Budgeting   string
}

// findSLOs reads the OpenSLO SLO documents of YAML files whose path
// mentions "slo", as the scorecard's slos fact finds them.
func findSLOs(fsys fs.FS) ([]sloView, []string) {
	var out []sloView
	var problems []string
	seen := 0
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		seen++
		if err != nil || seen > maxSLOWalk || len(out) >= maxSLODocs {
			return fs.SkipAll
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "vendor":
				return fs.SkipDir
			}
			return nil
		}
		ext := path.Ext(p)
		if (ext != ".yaml" && ext != ".yml") || !strings.Contains(strings.ToLower(p), "slo") || !d.Type().IsRegular() {
			return nil
		}
		data, err := readLimited(fsys, p, maxSLOBytes)
		if err != nil {
			return nil
		}
		slos, err := parseSLOs(data)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", p, err))
		}
		for _, s := range slos {
			s.File = p
			out = append(out, s)
		}
		return nil
	})
	return out, problems
}

func readLimited(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errors.New("too large")
	}
	return data, nil
}

// parseSLOs reads the kind: SLO documents of an OpenSLO file (v1 and
// v1alpha field names); other kinds are skipped.
func parseSLOs(data []byte) ([]sloView, error) {
	var out []sloView
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for range maxSLODocs {
		var doc struct {
			APIVersion string `yaml:"apiVersion"`
			Kind       string `yaml:"kind"`
			Metadata   struct {
				Name        string `yaml:"name"`
				DisplayName string `yaml:"displayName"`
			} `yaml:"metadata"`
			Spec struct {
				Description     string `yaml:"description"`
				Service         string `yaml:"service"`
				BudgetingMethod string `yaml:"budgetingMethod"`
				IndicatorRef    string `yaml:"indicatorRef"`
				Indicator       *struct {
					Metadata struct {
						Name string `yaml:"name"`
					} `yaml:"metadata"`
					Spec map[string]any `yaml:"spec"`
				} `yaml:"indicator"`
				Objectives []struct {
					DisplayName   string   `yaml:"displayName"`
					Target        *float64 `yaml:"target"`
					TargetPercent *float64 `yaml:"targetPercent"`
					Op            string   `yaml:"op"`
					Value         *float64 `yaml:"value"`
				} `yaml:"objectives"`
				TimeWindow []struct {
					Duration  string `yaml:"duration"`
					IsRolling bool   `yaml:"isRolling"`
					Unit      string `yaml:"unit"`
					Count     int    `yaml:"count"`
				} `yaml:"timeWindow"`
			} `yaml:"spec"`
		}
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, fmt.Errorf("not OpenSLO YAML: %w", err)
		}
		if !strings.HasPrefix(doc.APIVersion, "openslo/") || doc.Kind != "SLO" {
			continue
		}
		v := sloView{Name: doc.Metadata.Name, Description: doc.Spec.Description, Service: doc.Spec.Service, Budgeting: doc.Spec.BudgetingMethod}
		if doc.Metadata.DisplayName != "" {
			v.Name = doc.Metadata.DisplayName
		}
		for _, o := range doc.Spec.Objectives {
			var s string
			switch {
			case o.Target != nil:
				s = fmt.Sprintf("%g%%", *o.Target*100)
			case o.TargetPercent != nil:
				s = fmt.Sprintf("%g%%", *o.TargetPercent)
			}
			if o.Op != "" && o.Value != nil {
				s += fmt.Sprintf(" of events %s %g", o.Op, *o.Value)
			}
			if o.DisplayName != "" {
				s = o.DisplayName + ": " + s
			}
			v.Objectives = append(v.Objectives, strings.TrimSpace(s))
		}
		for _, w := range doc.Spec.TimeWindow {
			d := w.Duration
			if d == "" && w.Count > 0 {
				d = fmt.Sprintf("%d %s", w.Count, w.Unit)
			}
			if w.IsRolling {
				d += " rolling"
			} else {
				d += " calendar"
			}
			v.Windows = append(v.Windows, d)
		}
		switch {
		case doc.Spec.IndicatorRef != "":
			v.Indicator = "SLI " + doc.Spec.IndicatorRef
		case doc.Spec.Indicator != nil:
			v.Indicator = indicatorText(doc.Spec.Indicator.Metadata.Name, doc.Spec.Indicator.Spec)
		}
		out = append(out, v)
	}
	return out, nil
}

// indicatorText says what an inline SLI measures: its name and whether it
// is a ratio or a threshold, with the metric sources it names.
func indicatorText(name string, spec map[string]any) string {
	var parts []string
	if name != "" {
		parts = append(parts, name)
	}
	if r, ok := spec["ratioMetric"].(map[string]any); ok {
		kinds := []string{}
		for _, k := range []string{"good", "bad", "total"} {
			if _, ok := r[k]; ok {
				kinds = append(kinds, k)
			}
		}
		parts = append(parts, "ratio of "+strings.Join(kinds, "/"))
	} else if _, ok := spec["thresholdMetric"]; ok {
		parts = append(parts, "threshold metric")
	}
	return strings.Join(parts, ": ")
}
