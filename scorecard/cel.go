package scorecard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/overloads"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/ext"
	"github.com/google/cel-go/interpreter"
	"github.com/google/cel-go/interpreter/functions"

	"github.com/paved-dev/paved/internal/yamlx"
)

// Default limits of one rubric on one repository. A check of the built-in
// rubric costs well under 100,000 on a 30,000-file repository.
const (
	DefaultCheckCost  = 10_000_000
	DefaultRubricCost = 100_000_000
	DefaultCheckTime  = 5 * time.Second
)

// Limits bound what a rubric may make paved do on one repository, so that a
// rubric from a stranger (nested .map()/.all(), huge strings) ends with an
// error instead of running for ever or filling memory. Zero fields take the
// defaults.
type Limits struct {
	CheckCost  uint64        // CEL cost units per check, `when` and `expr` together (--cost-limit)
	RubricCost uint64        // CEL cost units per repository, all checks together (--rubric-cost-limit)
	CheckTime  time.Duration // wall-clock time per check (--check-timeout)
}

func (l Limits) withDefaults() Limits {
	if l.CheckCost == 0 {
		l.CheckCost = DefaultCheckCost
	}
	if l.RubricCost == 0 {
		l.RubricCost = DefaultRubricCost
	}
	if l.CheckTime <= 0 {
		l.CheckTime = DefaultCheckTime
	}
	return l
}

// LimitError is a check stopped by one of [Limits]: it names the limit and
// the flag that raises it.
type LimitError struct {
	Check string
	Limit string // "cost", "rubric cost" or "time"
	Value string
	Flag  string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("check %s: %s limit of %s exceeded (a rubric this expensive is likely a mistake; raise it with %s)",
		e.Check, e.Limit, e.Value, e.Flag)
}

// budget is what is left of [Limits.RubricCost] for one repository.
type budget struct{ left atomic.Int64 }

// maxCachedPatterns bounds the regexps and globs remembered: a check that
// builds patterns in a loop gets them compiled, not kept.
const maxCachedPatterns = 4096

// costs charges paved's functions by the work they do, on top of CEL's own
// accounting: a grep by the files it may scan, a read by its size. It also
// charges string.format by its result, which cel-go counts by the format
// alone, so that no call can build a string much larger than its cost.
type costs struct{ s *Snapshot }

func (c costs) CallCost(function, overloadID string, args []ref.Val, result ref.Val) *uint64 {
	var n uint64
	switch function {
	case "grep":
		if g, ok := args[0].(types.String); ok {
			files, _ := c.s.Glob(string(g))
			n = 1 + uint64(len(files))
		}
	case "exists", "count":
		n = 1 + uint64(len(c.s.files)/100)
	case "read", "json", "yaml":
		n = 1
		if p, ok := args[0].(types.String); ok {
			if data, err := c.s.ReadText(string(p)); err == nil {
				n += uint64(len(data) / 10)
			}
		}
	default:
		if overloadID != overloads.ExtFormatString {
			return nil
		}
		n = 1
		if str, ok := result.(types.String); ok {
			n += uint64(len(str) / 10)
		}
	}
	return &n
}

// Function documents one function a check may call.
type Function struct {
	Signature string
	Doc       string
}

// Functions lists the functions rubric checks may call besides CEL's own.
func Functions() []Function {
	return []Function{
		{"exists(glob) bool", "some listed file matches the doublestar glob (e.g. \"**/*_test.go\", \"{LICENSE,COPYING}*\")"},
		{"count(glob) int", "how many listed files match the glob"},
		{"grep(glob, regex) bool", "some text file matching glob contains a match of regex (RE2, multi-line: ^ and $ match at line ends); a literal regex is checked when the rubric loads"},
		{"read(path) string", "the text of a file (an error when it is missing: guard with exists)"},
		{"json(path) dyn", "a JSON file, parsed"},
		{"yaml(path) dyn", "a YAML file (its first document), parsed"},
	}
}

// newEnv declares every fact as a typed variable, `now`, and the functions.
// Function bodies are bound per snapshot in [program].
func newEnv() (*cel.Env, error) {
	native := append(structTypes(), ext.ParseStructTags(true))
	opts := []cel.EnvOption{
		ext.NativeTypes(native...),
		ext.Strings(),
		cel.Variable("now", cel.TimestampType),
		fn("exists", "exists_string", cel.BoolType, cel.StringType),
		fn("count", "count_string", cel.IntType, cel.StringType),
		fn("grep", "grep_string_string", cel.BoolType, cel.StringType, cel.StringType),
		fn("read", "read_string", cel.StringType, cel.StringType),
		fn("json", "json_string", cel.DynType, cel.StringType),
		fn("yaml", "yaml_string", cel.DynType, cel.StringType),
	}
	for _, f := range Facts() {
		opts = append(opts, cel.Variable(f.Name, celType(reflect.TypeOf(f.Go))))
	}
	return cel.NewEnv(opts...)
}

func fn(name, id string, result *cel.Type, args ...*cel.Type) cel.EnvOption {
	return cel.Function(name, cel.Overload(id, args, result))
}

// regexps caches compiled patterns across every repository a rubric scores,
// and knows which literal patterns the rubric greps over each literal glob.
type regexps struct {
	m     sync.Map
	n     atomic.Int64          // entries in m
	batch map[string][]*matcher // glob → matchers, filled while the rubric loads
}

func (r *regexps) get(pattern string) (*regexp.Regexp, error) {
	if re, ok := r.m.Load(pattern); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile("(?m)" + pattern)
	if err != nil {
		return nil, err
	}
	r.store(pattern, re)
	return re, nil
}

func (r *regexps) store(key string, v any) {
	if r.n.Load() < maxCachedPatterns {
		r.m.Store(key, v)
		r.n.Add(1)
	}
}

func (r *regexps) matcher(pattern string) (*matcher, error) {
	if m, ok := r.m.Load("\x00" + pattern); ok {
		return m.(*matcher), nil
	}
	re, err := r.get(pattern)
	if err != nil {
		return nil, err
	}
	m := newMatcher(re, pattern)
	r.store("\x00"+pattern, m)
	return m, nil
}

// bindings implements the functions over one snapshot.
func bindings(ctx context.Context, s *Snapshot, res *regexps) []*functions.Overload {
	str := func(v ref.Val) string { return string(v.(types.String)) }
	unary := func(names []string, f func(string) ref.Val) []*functions.Overload {
		var out []*functions.Overload
		for _, n := range names {
			out = append(out, &functions.Overload{Operator: n, Unary: func(v ref.Val) ref.Val {
				if _, ok := v.(types.String); !ok {
					return types.NewErr("%s: want a string, got %s", names[0], v.Type())
				}
				return f(str(v))
			}})
		}
		return out
	}
	var out []*functions.Overload
	out = append(out, unary([]string{"exists", "exists_string"}, func(g string) ref.Val {
		m, err := s.Glob(g)
		if err != nil {
			return types.NewErr("exists: %v", err)
		}
		return types.Bool(len(m) > 0)
	})...)
	out = append(out, unary([]string{"count", "count_string"}, func(g string) ref.Val {
		m, err := s.Glob(g)
		if err != nil {
			return types.NewErr("count: %v", err)
		}
		return types.Int(len(m))
	})...)
	out = append(out, unary([]string{"read", "read_string"}, func(p string) ref.Val {
		data, err := s.ReadText(p)
		if err != nil {
			return types.NewErr("read: %v", err)
		}
		return types.String(data)
	})...)
	out = append(out, unary([]string{"json", "json_string"}, func(p string) ref.Val {
		data, err := s.ReadText(p)
		if err != nil {
			return types.NewErr("json: %v", err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return types.NewErr("json: %s: %s", p, jsonErr(data, err))
		}
		return types.DefaultTypeAdapter.NativeToValue(v)
	})...)
	out = append(out, unary([]string{"yaml", "yaml_string"}, func(p string) ref.Val {
		data, err := s.ReadText(p)
		if err != nil {
			return types.NewErr("yaml: %v", err)
		}
		v, err := decodeYAML(data)
		if err != nil {
			return types.NewErr("yaml: %s: %v", p, err)
		}
		return types.DefaultTypeAdapter.NativeToValue(yamlx.StringKeys(v))
	})...)
	grep := func(a, b ref.Val) ref.Val {
		g, ok1 := a.(types.String)
		p, ok2 := b.(types.String)
		if !ok1 || !ok2 {
			return types.NewErr("grep: want (string, string)")
		}
		m, err := res.matcher(string(p))
		if err != nil {
			return types.NewErr("grep: bad regex %q: %v", string(p), err)
		}
		hit, err := s.grep(ctx, string(g), m, res.batch[string(g)]...)
		if err != nil {
			return types.NewErr("grep: %v", err)
		}
		return types.Bool(hit)
	}
	out = append(out,
		&functions.Overload{Operator: "grep", Binary: grep},
		&functions.Overload{Operator: "grep_string_string", Binary: grep})
	return out
}

// activation resolves facts lazily and remembers any fact that failed, so a
// check that touched a broken fact is Errored even if CEL's commutative
// logic would have absorbed the error.
type activation struct {
	ctx  context.Context // the evaluation's
	s    *Snapshot
	mu   sync.Mutex
	errs []error
}

func (a *activation) ResolveName(name string) (any, bool) {
	if name == "now" {
		return a.s.Now, true
	}
	if _, ok := a.s.facts[name]; !ok {
		return nil, false
	}
	v, err := a.s.Fact(a.ctx, name)
	if err != nil {
		a.mu.Lock()
		a.errs = append(a.errs, &factError{fact: name, err: err})
		a.mu.Unlock()
		return types.NewErr("fact %s: %v", name, err), true
	}
	return v, true
}

func (a *activation) Parent() interpreter.Activation { return nil }

// checkFuncs are the function bindings and cost accounting of one check.
type checkFuncs struct {
	id       string
	overload []*functions.Overload
	limits   Limits
	spent    *budget
	cost     uint64 // spent by this check so far (when and expr)
	parent   context.Context
}

func (r *Rubric) newBudget() *budget {
	b := &budget{}
	b.left.Store(int64(r.Limits.withDefaults().RubricCost))
	return b
}

// checkEnv gives one check its time limit and its bindings over s.
// With a recorder, the exists and grep calls it makes are recorded as the
// evidence of its verdict.
func (r *Rubric) checkEnv(ctx context.Context, c *Check, s *Snapshot, spent *budget, rec *recorder) (context.Context, *checkFuncs, context.CancelFunc) {
	l := r.Limits.withDefaults()
	cctx, cancel := context.WithTimeout(ctx, l.CheckTime)
	overload := bindings(cctx, s, r.res)
	if rec != nil {
		overload = rec.wrap(overload)
	}
	return cctx, &checkFuncs{id: c.ID, overload: overload, limits: l, spent: spent, parent: ctx}, cancel
}

// interruptEvery is how many comprehension steps CEL takes between two
// looks at the context: often enough to stop within a millisecond.
const interruptEvery = 100

// evalLimited evaluates a boolean expression within the check's cost and
// time limits and what is left of the rubric's cost budget.
// With a recorder, the facts the expression reads are recorded.
func (r *Rubric) evalLimited(ctx context.Context, a *cel.Ast, s *Snapshot, f *checkFuncs, rec *recorder) (bool, error) {
	limit := f.limits.CheckCost - min(f.cost, f.limits.CheckCost)
	left := f.spent.left.Load()
	rubricBound := false
	if left <= 0 {
		return false, &LimitError{Check: f.id, Limit: "rubric cost", Value: fmt.Sprint(f.limits.RubricCost), Flag: "--rubric-cost-limit"}
	}
	if uint64(left) < limit {
		limit, rubricBound = uint64(left), true
	}
	prg, err := r.env.Program(a, cel.Functions(f.overload...), cel.CostLimit(limit),
		cel.CostTracking(costs{s}), cel.InterruptCheckFrequency(interruptEvery))
	if err != nil {
		return false, err
	}
	act := &activation{ctx: ctx, s: s}
	var in interpreter.Activation = act
	if rec != nil {
		in = &recordingActivation{activation: act, rec: rec}
	}
	v, det, err := prg.ContextEval(ctx, in)
	used := limit
	if det != nil && det.ActualCost() != nil {
		used = min(*det.ActualCost(), limit)
	}
	f.cost += used
	f.spent.left.Add(-int64(used))
	var cancelled interpreter.EvalCancelledError
	switch {
	case errors.As(err, &cancelled) && cancelled.Cause == interpreter.CostLimitExceeded && rubricBound:
		return false, &LimitError{Check: f.id, Limit: "rubric cost", Value: fmt.Sprint(f.limits.RubricCost), Flag: "--rubric-cost-limit"}
	case errors.As(err, &cancelled) && cancelled.Cause == interpreter.CostLimitExceeded:
		return false, &LimitError{Check: f.id, Limit: "cost", Value: fmt.Sprint(f.limits.CheckCost), Flag: "--cost-limit"}
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && f.parent.Err() == nil:
		return false, &LimitError{Check: f.id, Limit: "time", Value: f.limits.CheckTime.String(), Flag: "--check-timeout"}
	case f.parent.Err() != nil:
		return false, f.parent.Err()
	}
	if len(act.errs) > 0 {
		return false, act.errs[0]
	}
	if err != nil {
		return false, err
	}
	b, ok := v.(types.Bool)
	if !ok {
		return false, errors.New("result is not a bool")
	}
	return bool(b), nil
}
