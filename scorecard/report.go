package scorecard

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"
)

// ReportSchemaVersion is the version of the JSON report (schema/report.schema.json).
const ReportSchemaVersion = "1"

// Report is a scoring run over one or more repositories: the JSON output.
type Report struct {
	SchemaVersion string     `json:"schemaVersion"`
	GeneratedAt   time.Time  `json:"generatedAt"`
	Rubric        RubricInfo `json:"rubric"`
	Results       []*Result  `json:"results"`
	Summary       Summary    `json:"summary"`
}

// RubricInfo identifies the rubric a report used.
type RubricInfo struct {
	Name   string   `json:"name"`
	Title  string   `json:"title,omitempty"`
	Source string   `json:"source"`
	Levels []string `json:"levels"`
}

// Summary is the fleet view: repositories per level, per owner, and the
// checks failed most often.
type Summary struct {
	Repos      int                     `json:"repos"`
	Levels     []LevelCount            `json:"levels"` // lowest first, then "none"
	ByOwner    map[string][]LevelCount `json:"byOwner"`
	MostFailed []FailedCheck           `json:"mostFailed"`
	Errors     int                     `json:"errors"` // repositories that could not be scored
}

// LevelCount is how many repositories reached a level ("none" for none).
type LevelCount struct {
	Level string `json:"level"`
	Repos int    `json:"repos"`
}

// FailedCheck is a check and how many repositories failed (or errored) it.
type FailedCheck struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Level string `json:"level"`
	Repos int    `json:"repos"`
}

// NewReport summarises results, keeping their order.
func NewReport(r *Rubric, results []*Result, now time.Time) *Report {
	rep := &Report{SchemaVersion: ReportSchemaVersion, GeneratedAt: now.UTC(), Results: results,
		Rubric: RubricInfo{Name: r.Metadata.Name, Title: r.Metadata.Title, Source: r.File, Levels: r.Spec.Levels}}
	if rep.Results == nil {
		rep.Results = []*Result{}
	}
	rep.Summary = summarise(r, rep.Results)
	return rep
}

func levelName(l string) string {
	if l == "" {
		return "none"
	}
	return l
}

func summarise(r *Rubric, results []*Result) Summary {
	sum := Summary{Repos: len(results), ByOwner: map[string][]LevelCount{}, MostFailed: []FailedCheck{}}
	order := append(slices.Clone(r.Spec.Levels), "none")
	count := func(rs []*Result) []LevelCount {
		out := make([]LevelCount, len(order))
		for i, l := range order {
			out[i].Level = l
		}
		for _, res := range rs {
			if res.Error != "" {
				continue // counted in Summary.Errors
			}
			if i := slices.Index(order, levelName(res.Level)); i >= 0 {
				out[i].Repos++
			}
		}
		return out
	}
	sum.Levels = count(results)
	owners := map[string][]*Result{}
	failed := map[string]*FailedCheck{}
	for _, res := range results {
		if res.Error != "" {
			sum.Errors++
		}
		owner := cmp.Or(res.Owner, "unowned")
		owners[owner] = append(owners[owner], res)
		for _, c := range res.Checks {
			if c.Outcome != Fail && c.Outcome != Errored {
				continue
			}
			f, ok := failed[c.ID]
			if !ok {
				f = &FailedCheck{ID: c.ID, Title: c.Title, Level: c.Level}
				failed[c.ID] = f
			}
			f.Repos++
		}
	}
	for o, rs := range owners {
		sum.ByOwner[o] = count(rs)
	}
	for _, f := range failed {
		sum.MostFailed = append(sum.MostFailed, *f)
	}
	slices.SortFunc(sum.MostFailed, func(a, b FailedCheck) int {
		return cmp.Or(cmp.Compare(b.Repos, a.Repos), cmp.Compare(r.LevelIndex(a.Level), r.LevelIndex(b.Level)), cmp.Compare(a.ID, b.ID))
	})
	return sum
}

// Below reports the results whose level is below min (min must be a level of the rubric).
func (rep *Report) Below(r *Rubric, min string) []*Result {
	want := r.LevelIndex(min)
	var out []*Result
	for _, res := range rep.Results {
		if res.Error != "" || r.LevelIndex(res.Level) < want {
			out = append(out, res)
		}
	}
	return out
}

// WriteJSON writes the report as indented JSON (schema/report.schema.json).
func WriteJSON(w io.Writer, rep *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// ReportSchema is the JSON Schema of [WriteJSON]'s output (schema/report.schema.json).
//
//go:embed schema/report.schema.json
var ReportSchema []byte
