package scorecard

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/google/cel-go/cel"
)

// Fact is one thing known about a repository, exposed to rubric checks as a
// CEL variable of a declared type, computed the first time a check needs it.
type Fact struct {
	Name string
	Doc  string
	// Go is a zero value of the Go type Load returns: its cel tags are the
	// fields a check may use, checked when a rubric loads.
	Go any
	// Load computes the fact from the snapshot's files and metadata. It
	// stops with ctx's error once ctx is done.
	Load func(ctx context.Context, s *Snapshot) (any, error)
}

// Facts lists every fact a rubric can use, in the order `paved rubrics show` prints them.
func Facts() []Fact {
	return append([]Fact{
		FilesFact(), RepoFact(), PackageJSONFact(), LockfilesFact(), GoModFact(),
		DockerfilesFact(), WorkflowsFact(), CIFact(), CatalogFact(), CodeownersFact(),
		SLOsFact(), GitFact(), GitStatusFact(), PavedFact(), DependenciesFact(), CodeFact(),
	}, SignalFacts()...)
}

// loaders binds every fact to s: each is computed at most once, by the
// first evaluation that asks, and shared by every later one. A load that
// stopped because its context ended is not kept: the next caller computes
// the fact again with its own context.
func loaders(s *Snapshot) map[string]func(context.Context) (any, error) {
	out := map[string]func(context.Context) (any, error){}
	for _, f := range Facts() {
		l := &lazyFact{load: f.Load}
		out[f.Name] = func(ctx context.Context) (any, error) { return l.get(ctx, s) }
	}
	return out
}

type lazyFact struct {
	load func(context.Context, *Snapshot) (any, error)
	mu   sync.Mutex
	done bool
	v    any
	err  error
}

func (l *lazyFact) get(ctx context.Context, s *Snapshot) (any, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done {
		return l.v, l.err
	}
	v, err := l.load(ctx, s)
	if err != nil && ctx.Err() != nil {
		return v, err
	}
	l.v, l.err, l.done = v, err, true
	return v, err
}

// celType maps a fact's Go type to the CEL type it is declared with.
func celType(t reflect.Type) *cel.Type {
	switch t.Kind() {
	case reflect.Pointer:
		return celType(t.Elem())
	case reflect.Bool:
		return cel.BoolType
	case reflect.String:
		return cel.StringType
	case reflect.Int, reflect.Int64, reflect.Int32:
		return cel.IntType
	case reflect.Float64:
		return cel.DoubleType
	case reflect.Slice:
		return cel.ListType(celType(t.Elem()))
	case reflect.Map:
		return cel.MapType(celType(t.Key()), celType(t.Elem()))
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			return cel.TimestampType
		}
		return cel.ObjectType(celTypeName(t))
	}
	return cel.DynType
}

func celTypeName(t reflect.Type) string {
	return "scorecard." + t.Name()
}

// structTypes lists the struct types reachable from the facts, for cel-go's native type provider.
func structTypes() []any {
	seen := map[reflect.Type]bool{}
	var out []any
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			walk(t.Elem())
		case reflect.Struct:
			if t == reflect.TypeFor[time.Time]() || seen[t] {
				return
			}
			seen[t] = true
			out = append(out, t)
			for i := range t.NumField() {
				walk(t.Field(i).Type)
			}
		}
	}
	for _, f := range Facts() {
		walk(reflect.TypeOf(f.Go))
	}
	return out
}

// Describe renders a fact's type the way a rubric author reads it:
// "{present: bool, dependencies: map(string, string), …}".
func (f Fact) Describe() string { return describe(reflect.TypeOf(f.Go), 0) }

func describe(t reflect.Type, depth int) string {
	switch t.Kind() {
	case reflect.Pointer:
		return describe(t.Elem(), depth)
	case reflect.Slice:
		return "list(" + describe(t.Elem(), depth) + ")"
	case reflect.Map:
		return "map(" + describe(t.Key(), depth) + ", " + describe(t.Elem(), depth) + ")"
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			return "timestamp"
		}
		if depth > 3 {
			return t.Name()
		}
		var parts []string
		for i := range t.NumField() {
			sf := t.Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("cel"), ",")
			if name == "" {
				continue
			}
			parts = append(parts, name+": "+describe(sf.Type, depth+1))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case reflect.Int, reflect.Int64:
		return "int"
	}
	return t.Kind().String()
}

// factError reports a fact that could not be computed (a malformed
// package.json, an unreadable workflow). Checks that use it are Errored.
type factError struct {
	fact string
	err  error
}

func (e *factError) Error() string { return fmt.Sprintf("fact %s: %v", e.fact, e.err) }
func (e *factError) Unwrap() error { return e.err }
