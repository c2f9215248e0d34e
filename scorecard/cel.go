package scorecard

import (
	"context"
	"encoding/json"
	"reflect"
	"regexp"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/ext"
	"github.com/google/cel-go/interpreter"
	"github.com/google/cel-go/interpreter/functions"
	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/yamlx"
)

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
	r.m.Store(pattern, re)
	return re, nil
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
	r.m.Store("\x00"+pattern, m)
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
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
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
	v, err := a.s.Fact(name)
	if err != nil {
		a.mu.Lock()
		a.errs = append(a.errs, &factError{fact: name, err: err})
		a.mu.Unlock()
		return types.NewErr("fact %s: %v", name, err), true
	}
	return v, true
}

func (a *activation) Parent() interpreter.Activation { return nil }
