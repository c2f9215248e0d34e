package scorecard

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Workflow is one CI configuration of the `workflows` fact: a GitHub Actions
// workflow or a GitLab CI file. Runs and Uses flatten every job's steps.
type Workflow struct {
	Path   string   `cel:"path"`
	System string   `cel:"system"` // "github" or "gitlab"
	Name   string   `cel:"name"`
	Jobs   []Job    `cel:"jobs"`
	Runs   []string `cel:"runs"` // every run: (GitHub) and script line (GitLab)
	Uses   []string `cel:"uses"` // every action or reusable workflow used
}

// Job is one CI job.
type Job struct {
	Name  string `cel:"name"`
	Uses  string `cel:"uses"` // a job-level reusable workflow
	Steps []Step `cel:"steps"`
}

// Step is one CI step: an action (Uses) or a shell command (Run).
type Step struct {
	Name string `cel:"name"`
	Uses string `cel:"uses"`
	Run  string `cel:"run"`
}

// gitlabReserved are .gitlab-ci.yml keys that are not jobs.
var gitlabReserved = map[string]bool{
	"stages": true, "variables": true, "default": true, "include": true, "workflow": true,
	"image": true, "services": true, "before_script": true, "after_script": true, "cache": true, "spec": true,
}

// WorkflowsFact exposes `workflows`: .github/workflows/*.y(a)ml and .gitlab-ci.yml.
// A workflow that is not valid YAML makes the checks using it Errored.
func WorkflowsFact() Fact {
	return Fact{
		Name: "workflows",
		Doc:  "CI workflows (GitHub Actions, GitLab CI): path, system, name, jobs[].steps[] {name, uses, run}, and flattened runs and uses",
		Go:   []Workflow(nil),
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			out := []Workflow{}
			for _, f := range s.files {
				var sys string
				switch {
				case strings.HasPrefix(f, ".github/workflows/") && strings.Count(f, "/") == 2 &&
					(strings.HasSuffix(f, ".yml") || strings.HasSuffix(f, ".yaml")):
					sys = "github"
				case f == ".gitlab-ci.yml" || f == ".gitlab-ci.yaml":
					sys = "gitlab"
				default:
					continue
				}
				data, err := s.ReadText(f)
				if err != nil {
					return nil, err
				}
				w, err := parseWorkflow(sys, data)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", f, err)
				}
				w.Path = f
				out = append(out, w)
			}
			return out, nil
		},
	}
}

func parseWorkflow(system string, data []byte) (Workflow, error) {
	w := Workflow{System: system, Jobs: []Job{}, Runs: []string{}, Uses: []string{}}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return w, err
	}
	if system == "github" {
		w.Name, _ = doc["name"].(string)
		jobs, _ := doc["jobs"].(map[string]any)
		for _, name := range slices.Sorted(maps.Keys(jobs)) {
			spec, _ := jobs[name].(map[string]any)
			j := Job{Name: name, Steps: []Step{}}
			j.Uses, _ = spec["uses"].(string)
			steps, _ := spec["steps"].([]any)
			for _, st := range steps {
				m, _ := st.(map[string]any)
				var step Step
				step.Name, _ = m["name"].(string)
				step.Uses, _ = m["uses"].(string)
				step.Run, _ = m["run"].(string)
				j.Steps = append(j.Steps, step)
			}
			w.Jobs = append(w.Jobs, j)
		}
	} else {
		for _, name := range slices.Sorted(maps.Keys(doc)) {
			spec, ok := doc[name].(map[string]any)
			if gitlabReserved[name] || strings.HasPrefix(name, ".") || !ok {
				continue
			}
			j := Job{Name: name, Steps: []Step{}}
			for _, key := range []string{"before_script", "script", "after_script"} {
				for _, line := range scriptLines(spec[key]) {
					j.Steps = append(j.Steps, Step{Name: key, Run: line})
				}
			}
			if t, ok := spec["trigger"].(map[string]any); ok {
				j.Uses, _ = t["include"].(string)
			}
			w.Jobs = append(w.Jobs, j)
		}
		for _, key := range []string{"before_script", "after_script"} {
			if lines := scriptLines(doc[key]); len(lines) > 0 {
				j := Job{Name: key, Steps: []Step{}}
				for _, l := range lines {
					j.Steps = append(j.Steps, Step{Name: key, Run: l})
				}
				w.Jobs = append(w.Jobs, j)
			}
		}
	}
	for _, j := range w.Jobs {
		if j.Uses != "" {
			w.Uses = append(w.Uses, j.Uses)
		}
		for _, st := range j.Steps {
			if st.Run != "" {
				w.Runs = append(w.Runs, st.Run)
			}
			if st.Uses != "" {
				w.Uses = append(w.Uses, st.Uses)
			}
		}
	}
	return w, nil
}

func scriptLines(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, scriptLines(x)...) // GitLab allows nested lists via anchors
		}
		return out
	}
	return nil
}
