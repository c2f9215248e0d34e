package scorecard

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/interpreter"
	"github.com/google/cel-go/interpreter/functions"
)

// A check's evidence comes from what its expression touched: the facts it
// resolved that can explain themselves (signals, codeowners, catalog) and
// the exists/grep calls it made, or from the fact its `evidence:` names.

type call struct {
	fn, glob, pattern string
	result            bool
}

// recorder remembers, while on, the facts a check resolved and the file
// functions it called.
type recorder struct {
	on    bool
	mu    sync.Mutex
	facts []string
	calls []call
}

func (r *recorder) reset() {
	r.mu.Lock()
	r.facts, r.calls = nil, nil
	r.mu.Unlock()
}

func (r *recorder) fact(name string) {
	if !r.on {
		return
	}
	r.mu.Lock()
	if !slices.Contains(r.facts, name) {
		r.facts = append(r.facts, name)
	}
	r.mu.Unlock()
}

func (r *recorder) call(c call) {
	if !r.on {
		return
	}
	r.mu.Lock()
	r.calls = append(r.calls, c)
	r.mu.Unlock()
}

// wrap records exists and grep calls.
func (r *recorder) wrap(in []*functions.Overload) []*functions.Overload {
	out := make([]*functions.Overload, len(in))
	for i, o := range in {
		o2 := *o
		switch {
		case strings.HasPrefix(o.Operator, "exists") && o.Unary != nil:
			f := o.Unary
			o2.Unary = func(v ref.Val) ref.Val {
				res := f(v)
				if b, ok := res.(types.Bool); ok {
					g, _ := v.(types.String)
					r.call(call{fn: "exists", glob: string(g), result: bool(b)})
				}
				return res
			}
		case strings.HasPrefix(o.Operator, "grep") && o.Binary != nil:
			f := o.Binary
			o2.Binary = func(a, b ref.Val) ref.Val {
				res := f(a, b)
				if hit, ok := res.(types.Bool); ok {
					g, _ := a.(types.String)
					p, _ := b.(types.String)
					r.call(call{fn: "grep", glob: string(g), pattern: string(p), result: bool(hit)})
				}
				return res
			}
		}
		out[i] = &o2
	}
	return out
}

type recordingActivation struct {
	*activation
	rec *recorder
}

func (a *recordingActivation) ResolveName(name string) (any, bool) {
	v, ok := a.activation.ResolveName(name)
	if ok && name != "now" {
		a.rec.fact(name)
	}
	return v, ok
}

func (a *recordingActivation) Parent() interpreter.Activation { return nil }

// explain fills a passed or failed check's evidence, file, what was looked
// for, and adapts its remediation to what was found.
func explain(ctx context.Context, r *Rubric, c *Check, s *Snapshot, rec *recorder, cr *CheckResult) {
	if cr.Outcome != Pass && cr.Outcome != Fail {
		return
	}
	pass := cr.Outcome == Pass
	var ev []Evidence
	var looked, hints []string
	use := func(v any) {
		e, ok := v.(evidencer)
		if !ok {
			return
		}
		good, got, l, h := e.evidence()
		if good != pass {
			return
		}
		ev = append(ev, got...)
		if l != "" && !slices.Contains(looked, l) {
			looked = append(looked, l)
		}
		if h != "" && !slices.Contains(hints, h) {
			hints = append(hints, h)
		}
	}
	if c.evidenceAST != nil {
		if v, ok := evalValue(ctx, r, c.evidenceAST, s); ok {
			use(v)
		}
	} else {
		for _, name := range rec.facts {
			if v, err := s.Fact(ctx, name); err == nil {
				use(v)
			}
		}
	}
	var missing []string
	for _, cl := range rec.calls {
		if cl.result != pass {
			continue
		}
		switch {
		case cl.fn == "exists" && pass:
			if m, err := s.Glob(cl.glob); err == nil && len(m) > 0 {
				ev = append(ev, Evidence{File: m[0], What: "matches " + cl.glob})
			}
		case cl.fn == "exists":
			if !slices.Contains(missing, cl.glob) {
				missing = append(missing, cl.glob)
			}
		case cl.fn == "grep" && pass:
			if e, ok := grepEvidence(r, s, cl.glob, cl.pattern); ok {
				ev = append(ev, e)
			}
		default:
			looked = append(looked, "no line matching /"+clipPattern(cl.pattern)+"/ in "+cl.glob)
		}
	}
	if len(missing) > 0 {
		looked = append(looked, "no file matching "+strings.Join(missing, " or "))
	}
	if len(ev) > 0 {
		cr.Evidence = ev
		cr.File = ev[0].File
	}
	if !pass {
		cr.LookedFor = strings.Join(looked, "; ")
		if len(hints) > 0 {
			cr.Remediation = strings.Join(hints, " ") + " " + cr.Remediation
		}
	}
}

func evalValue(ctx context.Context, r *Rubric, a *cel.Ast, s *Snapshot) (any, bool) {
	prg, err := r.env.Program(a)
	if err != nil {
		return nil, false
	}
	v, _, err := prg.ContextEval(ctx, &activation{ctx: ctx, s: s})
	if err != nil || types.IsError(v) {
		return nil, false
	}
	return v.Value(), true
}

// grepEvidence finds the first line of the first file matching a grep that passed.
func grepEvidence(r *Rubric, s *Snapshot, glob, pattern string) (Evidence, bool) {
	m, err := r.res.matcher(pattern)
	if err != nil {
		return Evidence{}, false
	}
	files, err := s.Glob(glob)
	if err != nil {
		return Evidence{}, false
	}
	for _, f := range files {
		data, err := s.ReadText(f)
		if err != nil || !m.Match(data) {
			continue
		}
		if loc := m.re.FindIndex(data); loc != nil {
			line, text := lineAt(data, loc[0])
			return Evidence{File: f, Line: line, Text: text}, true
		}
	}
	return Evidence{}, false
}

func clipPattern(p string) string {
	if len(p) <= 60 {
		return p
	}
	return p[:57] + "..."
}
