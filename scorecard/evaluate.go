package scorecard

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/google/cel-go/cel"
)

// Outcome is what a check concluded about a repository.
type Outcome string

// The outcomes of a check.
const (
	Pass          Outcome = "pass"
	Fail          Outcome = "fail"
	NotApplicable Outcome = "not-applicable" // its `when` is false: excluded from level and score
	Exempt        Outcome = "exempt"         // a current exemption: excluded from level and score
	Errored       Outcome = "error"          // could not be evaluated: counts as not passed
)

// CheckResult is one check's outcome for one repository.
type CheckResult struct {
	ID          string  `json:"id"`
	Level       string  `json:"level"`
	Category    string  `json:"category,omitempty"`
	Title       string  `json:"title"`
	Outcome     Outcome `json:"outcome"`
	Message     string  `json:"message,omitempty"` // why it errored, or the exemption's reason
	Remediation string  `json:"remediation"`
	Docs        string  `json:"docs,omitempty"`
	Weight      float64 `json:"weight"`
	// File is the file that decided the verdict (the first evidence's), ""
	// when no file did (nothing was found).
	File      string     `json:"file,omitempty"`
	Evidence  []Evidence `json:"evidence,omitempty"`  // pass: what matched; fail: what was seen and rejected
	LookedFor string     `json:"lookedFor,omitempty"` // fail: what was looked for, and where
	Exemption *Exemption `json:"exemption,omitempty"`
}

// Result is one repository scored against one rubric.
type Result struct {
	Repo       string        `json:"repo"`
	Path       string        `json:"path,omitempty"`   // local directory
	Source     string        `json:"source,omitempty"` // git source
	Commit     string        `json:"commit,omitempty"`
	Subpath    string        `json:"subpath,omitempty"`
	Owner      string        `json:"owner,omitempty"`
	Entity     string        `json:"entity,omitempty"` // catalog entity ref when scored from the catalog
	Level      string        `json:"level"`            // highest level reached, "" for none
	Score      float64       `json:"score"`            // 0–100: weighted share of applicable checks passed
	Counts     Counts        `json:"counts"`
	Checks     []CheckResult `json:"checks"`
	Exemptions []Exemption   `json:"exemptions,omitempty"` // every exemption read, expired ones flagged
	Error      string        `json:"error,omitempty"`      // the repository could not be scored at all
}

// Counts tallies outcomes.
type Counts struct {
	Pass          int `json:"pass"`
	Fail          int `json:"fail"`
	Error         int `json:"error"`
	Exempt        int `json:"exempt"`
	NotApplicable int `json:"notApplicable"`
	Total         int `json:"total"`
}

// Selection narrows which checks run: --only and --skip.
type Selection struct {
	Only []string
	Skip []string
}

// Validate reports ids that are not checks of r, with the known ids as fix.
func (sel Selection) Validate(r *Rubric) error {
	var unknown []string
	for _, id := range slices.Concat(sel.Only, sel.Skip) {
		if r.Check(id) == nil {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	ids := make([]string, len(r.Spec.Checks))
	for i, c := range r.Spec.Checks {
		ids[i] = c.ID
	}
	return &RubricError{File: "--only/--skip", Msg: fmt.Sprintf("unknown check %s", strings.Join(unknown, ", ")),
		Fix: "checks of this rubric: " + strings.Join(ids, ", ")}
}

func (sel Selection) includes(id string) bool {
	if len(sel.Only) > 0 && !slices.Contains(sel.Only, id) {
		return false
	}
	return !slices.Contains(sel.Skip, id)
}

// Evaluate runs every selected check of r against s. It never fails because
// of the repository: a check that cannot be evaluated is Errored with why.
func Evaluate(ctx context.Context, r *Rubric, s *Snapshot, sel Selection) *Result {
	res := &Result{Repo: s.Name, Source: s.Source, Commit: s.Commit, Subpath: s.Subpath, Path: s.Dir, Checks: []CheckResult{}}
	if s.Source != "" {
		res.Path = ""
	}
	exemptions, exErr := loadExemptions(s, r)
	res.Exemptions = exemptions
	spent := r.newBudget()
	rec := &recorder{}
	for i := range r.Spec.Checks {
		c := &r.Spec.Checks[i]
		if !sel.includes(c.ID) {
			continue
		}
		cr := CheckResult{ID: c.ID, Level: c.Level, Category: c.Category, Title: c.Title,
			Remediation: strings.TrimSpace(c.Remediation), Docs: c.Docs, Weight: c.weight()}
		rec.reset()
		cr.Outcome, cr.Message = run(ctx, r, c, s, spent, rec)
		explain(ctx, r, c, s, rec, &cr)
		if cr.Outcome == Fail || cr.Outcome == Errored {
			for j := range exemptions {
				e := &exemptions[j]
				if e.Check == c.ID && !e.Expired {
					cr.Outcome, cr.Message, cr.Exemption = Exempt, e.Reason, e
				}
			}
		}
		res.Checks = append(res.Checks, cr)
	}
	if exErr != nil && len(r.Spec.Levels) > 0 {
		// Exemptions are ignored; the broken file blocks the lowest level so it gets fixed.
		res.Checks = append(res.Checks, CheckResult{ID: "exemptions-file", Level: r.Spec.Levels[0], Category: "paved",
			Title: "The exemptions file is valid", Outcome: Errored, Message: exErr.Error(), Weight: 0, File: ExemptionsFile,
			Remediation: "Fix " + ExemptionsFile + ": a list under exemptions: of {check, reason, approvedBy, expires: YYYY-MM-DD}."})
	}
	if c, err := s.Fact(ctx, "catalog"); err == nil {
		res.Owner = c.(Catalog).Owner
	}
	if res.Owner == "" {
		if c, err := s.Fact(ctx, "codeowners"); err == nil && len(c.(Codeowners).Owners) > 0 {
			res.Owner = c.(Codeowners).Owners[0]
		}
	}
	res.tally(r)
	return res
}

// run evaluates one check; a panic in an extension is an Errored outcome, not a crash.
func run(ctx context.Context, r *Rubric, c *Check, s *Snapshot, spent *budget, rec *recorder) (out Outcome, msg string) {
	defer func() {
		if p := recover(); p != nil {
			out, msg = Errored, fmt.Sprintf("internal error: %v", p)
		}
	}()
	if err := ctx.Err(); err != nil {
		return Errored, err.Error()
	}
	ctx, funcs, done := r.checkEnv(ctx, c, s, spent, rec)
	defer done()
	if c.whenAST != nil {
		ok, err := evalBool(ctx, r, c.whenAST, s, funcs, nil)
		if err != nil {
			return Errored, "when: " + err.Error()
		}
		if !ok {
			return NotApplicable, ""
		}
	}
	if c.exprAST == nil {
		return Errored, "check has no expression"
	}
	rec.on = true
	ok, err := evalBool(ctx, r, c.exprAST, s, funcs, rec)
	rec.on = false
	if err != nil {
		return Errored, err.Error()
	}
	if ok {
		return Pass, ""
	}
	return Fail, ""
}

func evalBool(ctx context.Context, r *Rubric, a *cel.Ast, s *Snapshot, funcs *checkFuncs, rec *recorder) (bool, error) {
	return r.evalLimited(ctx, a, s, funcs, rec)
}

func (res *Result) tally(r *Rubric) {
	var got, want float64
	blocked := len(r.Spec.Levels) // index of the lowest level with a non-passing check
	for _, c := range res.Checks {
		res.Counts.Total++
		switch c.Outcome {
		case Pass:
			res.Counts.Pass++
			got += c.Weight
			want += c.Weight
		case Fail:
			res.Counts.Fail++
			want += c.Weight
		case Errored:
			res.Counts.Error++
			want += c.Weight
		case Exempt:
			res.Counts.Exempt++
		case NotApplicable:
			res.Counts.NotApplicable++
		}
		if c.Outcome == Fail || c.Outcome == Errored {
			blocked = min(blocked, r.LevelIndex(c.Level))
		}
	}
	if blocked > 0 {
		res.Level = r.Spec.Levels[blocked-1]
	}
	if want > 0 {
		res.Score = math.Round(got/want*1000) / 10
	}
}
