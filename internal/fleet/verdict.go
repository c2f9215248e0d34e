package fleet

import "github.com/paved-dev/paved/scorecard"

// Verdict is what makes a scoring run fail (exit 1) after its report has
// been written: repositories that could not be scored, and those below the
// minimum level.
type Verdict struct {
	MinLevel string              // "" when no minimum was asked for
	Unscored []*scorecard.Result // could not be scored at all (Error is set)
	Below    []*scorecard.Result // scored, below MinLevel
}

// OK reports whether the run passes.
func (v Verdict) OK() bool { return len(v.Unscored) == 0 && len(v.Below) == 0 }

// Judge decides the verdict of rep against min, a level of r or "".
func Judge(rep *scorecard.Report, r *scorecard.Rubric, min string) Verdict {
	v := Verdict{MinLevel: min}
	for _, res := range rep.Results {
		if res.Error != "" {
			v.Unscored = append(v.Unscored, res)
		}
	}
	if min != "" {
		for _, res := range rep.Below(r, min) {
			if res.Error == "" {
				v.Below = append(v.Below, res)
			}
		}
	}
	return v
}
